import type { FontSet } from '../fonts/index.js';

/** A word as pdfkit's layout cache holds it: fontkit's glyph run, positions in thousandths of an em. */
interface WordShape {
  glyphs: { id: number; advanceWidth: number; codePoints: number[] }[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }[];
  advanceWidth: number;
}

type WordShapes = Record<string, WordShape>;

/** Word shapes as plain data, by face name: advance, then glyph ids, advances, code points and positions. */
export type StoredWordShapes = Record<string, Record<string, [number, number[], number[], number[][], number[]]>>;

const shapesByFont = new WeakMap<object, WordShapes>();

/** pdfkit's embedded font, as far as its word shapes go. */
interface EmbeddedFont {
  layoutCache?: WordShapes;
  layoutRun(text: string, features?: string[]): WordShape;
}

/**
 * pdfkit shapes each word once per document; the documents of a build, and every form of a batch,
 * share most words, so a document's own faces share one cache per font for the whole process.
 * Only those faces: a person's answers are shaped per document and never kept.
 */
export function shareWordShapes(embedded: object, font: object): void {
  const face = embedded as EmbeddedFont;
  face.layoutCache = sharedWordShapes(font);
  face.layoutRun = layoutRunKept;
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

function sharedWordShapes(font: object): WordShapes {
  const shapes = shapesByFont.get(font) ?? (Object.create(null) as WordShapes);
  shapesByFont.set(font, shapes);
  return shapes;
}

const POSITION_KEYS = ['xAdvance', 'yAdvance', 'xOffset', 'yOffset', 'advanceWidth'] as const;

/** Every word the fonts' faces have shaped, to keep for the next run. */
export function exportWordShapes(fonts: FontSet): StoredWordShapes {
  return Object.fromEntries(
    faces(fonts).map(({ name, font }) => [
      name,
      Object.fromEntries(
        Object.entries(sharedWordShapes(font)).map(([word, shape]) => [
          word,
          [shape.advanceWidth, shape.glyphs.map((glyph) => glyph.id), shape.glyphs.map((glyph) => glyph.advanceWidth), shape.glyphs.map((glyph) => glyph.codePoints), shape.positions.flatMap((position) => POSITION_KEYS.map((key) => position[key]))],
        ]),
      ),
    ]),
  );
}

/** Words kept from an earlier run, for pdfkit to draw without shaping them again. */
export function importWordShapes(fonts: FontSet, stored: StoredWordShapes): void {
  for (const { name, font } of faces(fonts)) {
    const shapes = sharedWordShapes(font);
    for (const [word, [advanceWidth, ids, advances, codePoints, positions]] of Object.entries(stored[name] ?? {})) {
      // Object literals, not entries: a rebuild makes tens of thousands of these before it is warm.
      shapes[word] ??= {
        advanceWidth,
        glyphs: ids.map((id, index) => ({ id, advanceWidth: advances[index]!, codePoints: codePoints[index]! })),
        positions: ids.map((_, index) => {
          const at = index * POSITION_KEYS.length;
          return { xAdvance: positions[at]!, yAdvance: positions[at + 1]!, xOffset: positions[at + 2]!, yOffset: positions[at + 3]!, advanceWidth: positions[at + 4]! };
        }),
      };
    }
  }
}

/** How many words the fonts' faces have shaped, to tell whether a run added any. */
export function countWordShapes(fonts: FontSet): number {
  return faces(fonts).reduce((sum, { font }) => sum + Object.keys(sharedWordShapes(font)).length, 0);
}

function faces(fonts: FontSet) {
  return [...fonts.regular, ...fonts.bold];
}
