import type { LoadedFont } from '../fonts/index.js';

// A quarter em between Han (or kana) and Latin letters or digits, as a typesetter would add.
export const CJK_LATIN_SPACE = 0.25;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}]/u;
// Fullwidth Latin letters and digits are set as CJK and need no extra space.
const LATIN_OR_DIGIT = /(?![\uFF00-\uFFEF])[\p{Script=Latin}0-9]/u;

// Made when first needed: loading ICU's segmentation rules takes some 15 ms, which Latin text never needs.
let made: Record<'graphemes' | 'words', Intl.Segmenter> | undefined;
const segmenter = (granularity: 'graphemes' | 'words'): Intl.Segmenter =>
  (made ??= { graphemes: new Intl.Segmenter(undefined, { granularity: 'grapheme' }), words: new Intl.Segmenter(undefined, { granularity: 'word' }) })[granularity];

/** A chain of faces, and which characters each has: asked of HarfBuzz once a character, since every text of a document asks again. */
export interface Faces {
  chain: readonly LoadedFont[];
  has(face: LoadedFont, codePoint: number): boolean;
}

export function facesOf(chain: readonly LoadedFont[]): Faces {
  const coverage = new Map(chain.map((face) => [face, answeredOnce((codePoint: number) => face.has(codePoint))]));
  return { chain, has: (face, codePoint) => coverage.get(face)!(codePoint) };
}

/** A function that works out its answer for each key once: kept by its caller, so nothing outlives a document's layout. */
export function answeredOnce<K, V>(answer: (key: K) => V): (key: K) => V {
  const answers = new Map<K, V>();
  return (key) => {
    if (!answers.has(key)) answers.set(key, answer(key));
    return answers.get(key)!;
  };
}

/** Text to shape in one face, in one go. */
export interface Run {
  text: string;
  face: LoadedFont;
  /** Whether a quarter em goes before it, where CJK meets Latin. */
  spaced: boolean;
  /** Whether its full-width punctuation is set at half width. */
  halved: boolean;
}

/**
 * The text in runs of one face. Each word takes the first face that has all of it, so a word's
 * letters match; a word no face has whole goes cluster by cluster. A space stays in the face of
 * the run it is in. In CJK text a run also ends where CJK meets Latin, so the space can go between.
 */
export function runsOf(text: string, faces: Faces, cjkRules: boolean): Run[] {
  const runs: Run[] = [];
  for (const { segment, halved, face: own } of cjkRules ? units(text, faces) : fallbackUnits(text, faces)) {
    const current = runs.at(-1);
    const face = current && /^\s+$/u.test(segment) ? current.face : own;
    const spaced = cjkRules && current !== undefined && needsSpace(current.text.at(-1)!, segment[0]!);
    if (current && current.face === face && !spaced && current.halved === halved) current.text += segment;
    else runs.push({ text: segment, face, spaced, halved });
  }
  return runs;
}

function needsSpace(before: string, after: string): boolean {
  return (CJK.test(before) && LATIN_OR_DIGIT.test(after)) || (LATIN_OR_DIGIT.test(before) && CJK.test(after));
}

// Full-width punctuation, which carries half an em of blank beside its ink.
const CJK_PUNCTUATION = '，。、；：？！（）「」『』《》〈〉【】〔〕“”‘’';
const PUNCTUATION_RUN = new RegExp(`[${CJK_PUNCTUATION}]{2,}`, 'gu');

/**
 * The text in pieces to shape: where full-width punctuation marks meet (`”、“`), all but the last
 * are set at half width, as a typesetter closes up the one-and-a-half em of blank between them.
 */
function units(text: string, faces: Faces): Unit[] {
  const pieces: Unit[] = [];
  let start = 0;
  for (const match of text.matchAll(PUNCTUATION_RUN)) {
    const end = match.index + match[0].length - 1;
    const halved = text.slice(match.index, end);
    pieces.push(...fallbackUnits(text.slice(start, match.index), faces), { segment: halved, halved: true, face: faceFor(halved, faces) });
    start = end;
  }
  return [...pieces, ...fallbackUnits(text.slice(start), faces)];
}

/** A piece of text to shape, with the face that draws it. */
interface Unit {
  segment: string;
  halved: boolean;
  face: LoadedFont;
}

// Stretches of Han or kana and of other characters: where they meet, CJK text puts a quarter em.
const SCRIPT_STRETCH = new RegExp(`${CJK.source}+|[^${CJK.source.slice(1)}+`, 'gu');

function fallbackUnits(text: string, faces: Faces): Unit[] {
  // Text the first face has whole is set in it, cut only where Han or kana meets other letters,
  // however it is cut into words: the cutting needs ICU's word rules, which take some 20 ms to
  // load and more to run, for nothing.
  const first = faces.chain[0]!;
  if (hasWhole(first, text, faces)) return (text.match(SCRIPT_STRETCH) ?? []).map((segment) => ({ segment, halved: false, face: first }));
  return [...segmenter('words').segment(text)].flatMap(({ segment }) => {
    const face = faceHaving(segment, faces);
    if (face) return [{ segment, halved: false, face }];
    return [...segmenter('graphemes').segment(segment)].map(({ segment: cluster }) => ({ segment: cluster, halved: false, face: faceFor(cluster, faces) }));
  });
}

function faceHaving(text: string, faces: Faces): LoadedFont | undefined {
  return faces.chain.find((face) => hasWhole(face, text, faces));
}

function hasWhole(face: LoadedFont, text: string, faces: Faces): boolean {
  for (const character of text) if (!faces.has(face, character.codePointAt(0)!)) return false;
  return true;
}

function faceFor(cluster: string, faces: Faces): LoadedFont {
  // A cluster no face has is reported before anything is drawn; the first face stands in for it.
  return faceHaving(cluster, faces) ?? faces.chain[0]!;
}
