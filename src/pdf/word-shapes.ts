import { facesOfSet, type FontSet, type LoadedFont } from '../fonts/index.js';

/** A word as pdfkit's layout cache holds it: fontkit's glyph run, positions in thousandths of an em. */
interface WordShape {
  glyphs: { id: number; advanceWidth: number; codePoints: number[] }[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }[];
  advanceWidth: number;
}

type WordShapes = Record<string, WordShape>;

/**
 * A face's words as plain data. Most words are regular: each glyph stands for one code point of
 * the word, in order, and sits on the line; their numbers go in one flat list, which JSON reads
 * five times faster than an array a glyph. Other words, such as ligatures, keep their whole shape.
 */
interface StoredFace {
  words: string[];
  /** For each regular word, in order: its advance, its glyph count n, then n ids, n advances and n x-advances. */
  numbers: number[];
  /** By word: its advance, glyph ids, advances, code points and positions (five numbers a glyph). */
  irregular: Record<string, [number, number[], number[], number[][], number[]]>;
}

/** Word shapes as plain data, by face name. */
export type StoredWordShapes = Record<string, StoredFace>;

const shapesByFace = new WeakMap<LoadedFont, WordShapes>();

/** pdfkit's embedded font, as far as its word shapes go. */
interface EmbeddedFont {
  layoutCache?: WordShapes;
  layoutRun(text: string, features?: string[]): WordShape;
}

/**
 * pdfkit shapes each word once per document; the documents of a build, and every form of a batch,
 * share most words, so a document's own faces share one cache per face for the whole process.
 * Only those faces: a person's answers are shaped per document and never kept.
 */
export function shareWordShapes(embedded: object, face: LoadedFont): void {
  const font = embedded as EmbeddedFont;
  font.layoutCache = sharedWordShapes(face);
  font.layoutRun = layoutRunKept;
}

/**
 * pdfkit keeps no run shaped with OpenType features (such as `halt` for punctuation marks that
 * meet), and shapes it again at each measuring and drawing; these are kept with the words, under
 * their text and features.
 */
function layoutRunKept(this: EmbeddedFont, text: string, features?: string[]): WordShape {
  const layoutRun = (Object.getPrototypeOf(this) as EmbeddedFont).layoutRun;
  if (!features?.length || !this.layoutCache) return layoutRun.call(this, text, features);
  const key = `${text}\u0000${features.join(' ')}`;
  return (this.layoutCache[key] ??= layoutRun.call(this, text, features));
}

// By face, not by its parsed font: a face no document draws with is never parsed.
function sharedWordShapes(face: LoadedFont): WordShapes {
  pendingByFace.get(face)?.();
  const shapes = shapesByFace.get(face) ?? (Object.create(null) as WordShapes);
  shapesByFace.set(face, shapes);
  return shapes;
}

const pendingByFace = new WeakMap<LoadedFont, () => void>();
/** What a face took from the cache: how many shapes it had after, and the words as stored. */
const importedByFace = new WeakMap<LoadedFont, { count: number; stored?: StoredFace }>();

/**
 * Words kept from an earlier run, read only once pdfkit first needs a shape: a rebuild whose
 * documents were all drawn before needs none.
 */
export function deferWordShapes(fonts: FaceList, read: () => StoredWordShapes | undefined): void {
  const load = () => {
    for (const face of facesOfSet(fonts)) pendingByFace.delete(face);
    const stored = read();
    if (stored) importWordShapes(fonts, stored);
  };
  for (const face of facesOfSet(fonts)) pendingByFace.set(face, load);
}

const POSITION_KEYS = ['xAdvance', 'yAdvance', 'xOffset', 'yOffset', 'advanceWidth'] as const;

// Each draft of a guide adds the words it changed: room for a guide's words through many drafts.
const MOST_WORDS = 8000;

/** The newest words each of the fonts' faces has shaped, those of this run last, to keep for the next run. */
export function exportWordShapes(fonts: FaceList, { most = MOST_WORDS } = {}): StoredWordShapes {
  const stored = facesOfSet(fonts).map((face) => [face.name, exportedFace(face, most)] as const);
  // Faces no run has drawn with are left out.
  return Object.fromEntries(stored.filter(([, face]) => face.words.length > 0 || Object.keys(face.irregular).length > 0));
}

/**
 * The words as stored with this run's added after them, as they were shaped: the same as storing
 * every word again, without the thousands of conversions that left V8 optimising code while the
 * process should end. Once beyond the most, every word is stored again, the oldest dropped.
 */
function exportedFace(face: LoadedFont, most: number): StoredFace {
  const shapes = sharedWordShapes(face);
  const words = Object.keys(shapes);
  const { count = 0, stored } = importedByFace.get(face) ?? {};
  if (!stored || words.length > most) return storedFace(Object.entries(shapes).slice(-most));
  const added = storedFace(words.slice(count).map((word) => [word, shapes[word]!]));
  return { words: [...stored.words, ...added.words], numbers: stored.numbers.concat(added.numbers), irregular: { ...stored.irregular, ...added.irregular } };
}

function storedFace(shapes: [string, WordShape][]): StoredFace {
  const stored: StoredFace = { words: [], numbers: [], irregular: {} };
  for (const [word, shape] of shapes) {
    if (isRegular(word, shape)) {
      stored.words.push(word);
      stored.numbers.push(shape.advanceWidth, shape.glyphs.length, ...shape.glyphs.map((glyph) => glyph.id), ...shape.glyphs.map((glyph) => glyph.advanceWidth), ...shape.positions.map((position) => position.xAdvance));
    } else {
      stored.irregular[word] = [shape.advanceWidth, shape.glyphs.map((glyph) => glyph.id), shape.glyphs.map((glyph) => glyph.advanceWidth), shape.glyphs.map((glyph) => glyph.codePoints), shape.positions.flatMap((position) => POSITION_KEYS.map((key) => position[key]))];
    }
  }
  return stored;
}

/** Each glyph one code point of the word, in order, on the line and as wide as itself. */
function isRegular(word: string, { glyphs, positions }: WordShape): boolean {
  const codePoints = codePointsOf(word);
  return (
    glyphs.length === codePoints.length &&
    glyphs.every((glyph, index) => glyph.codePoints.length === 1 && glyph.codePoints[0] === codePoints[index]) &&
    positions.every((position, index) => position.yAdvance === 0 && position.xOffset === 0 && position.yOffset === 0 && position.advanceWidth === glyphs[index]!.advanceWidth)
  );
}

// A key of a run shaped with features carries them after a NUL: they are not its text.
const codePointsOf = (word: string) => [...word.split('\u0000')[0]!].map((character) => character.codePointAt(0)!);

/** Words kept from an earlier run, for pdfkit to draw without shaping them again. */
export function importWordShapes(fonts: FaceList, stored: StoredWordShapes): void {
  for (const loaded of facesOfSet(fonts)) {
    const face = stored[loaded.name];
    if (!face) continue;
    const shapes = sharedWordShapes(loaded);
    // Words the face had shaped before are not in the stored face: then all are stored again.
    const alone = Object.keys(shapes).length === 0;
    for (const [word, [advanceWidth, ids, advances, codePoints, positions]] of Object.entries(face.irregular)) {
      shapes[word] ??= { advanceWidth, glyphs: glyphsOf(ids, advances, (index) => codePoints[index]!), positions: ids.map((_, index) => positionAt(positions, index)) };
    }
    let offset = 0;
    for (const word of face.words) {
      shapes[word] ??= regularShape(word, face.numbers, offset);
      offset += 2 + 3 * face.numbers[offset + 1]!;
    }
    importedByFace.set(loaded, { count: Object.keys(shapes).length, ...(alone ? { stored: face } : {}) });
  }
}

/** A regular word's shape, from its numbers at this offset. */
function regularShape(word: string, numbers: readonly number[], offset: number): WordShape {
  const count = numbers[offset + 1]!;
  const [ids, advances, xAdvances] = [0, 1, 2].map((part) => numbers.slice(offset + 2 + part * count, offset + 2 + (part + 1) * count)) as [number[], number[], number[]];
  const codePoints = codePointsOf(word);
  // Object literals, not entries: a rebuild makes tens of thousands of these before it is warm.
  return {
    advanceWidth: numbers[offset]!,
    glyphs: glyphsOf(ids, advances, (index) => [codePoints[index]!]),
    positions: ids.map((_, index) => ({ xAdvance: xAdvances[index]!, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: advances[index]! })),
  };
}

function glyphsOf(ids: readonly number[], advances: readonly number[], codePointsAt: (index: number) => number[]): WordShape['glyphs'] {
  return ids.map((id, index) => ({ id, advanceWidth: advances[index]!, codePoints: codePointsAt(index) }));
}

function positionAt(positions: readonly number[], index: number): WordShape['positions'][number] {
  const at = index * POSITION_KEYS.length;
  return { xAdvance: positions[at]!, yAdvance: positions[at + 1]!, xOffset: positions[at + 2]!, yOffset: positions[at + 3]!, advanceWidth: positions[at + 4]! };
}

/** How many words the fonts' faces have shaped beyond those kept, to tell whether a run added any; reads none. */
export function countWordShapes(fonts: FaceList): number {
  const added = (face: LoadedFont) => Object.keys(shapesByFace.get(face) ?? {}).length - (importedByFace.get(face)?.count ?? 0);
  return facesOfSet(fonts).reduce((sum, face) => sum + added(face), 0);
}

type FaceList = Pick<FontSet, 'families'>;
