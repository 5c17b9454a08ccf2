import { canDraw, chainFor, cjkFamilyOf, type FontChain, type FontRole, type FontSet, type LoadedFont } from '../fonts/index.js';
import type { TextStyle } from './style.js';
import type { PlacedGlyph, TextRun } from './types.js';

export interface ShapedText {
  /** Advance width in points, spacing included. */
  width: number;
  runs: TextRun[];
}

/** The width in points of the piece of a text between two UTF-16 offsets, as it stands in the whole text. */
export type PieceWidth = (start: number, end: number) => number;

export interface Measurer {
  /** The text split into runs of one face each, shaped and placed left to right, with CJK–Latin spacing. */
  shape(text: string, font: FontRole, size: number): ShapedText;
  /** Advance width of the text in points. */
  width(text: string, font: FontRole, size: number): number;
  /**
   * The widths of a text's pieces from the one shaping of the whole text: its clusters' advances
   * and the spacing inside the piece, not the spacing before it. A line breaker sums these
   * instead of shaping each piece on its own.
   */
  pieceWidths(text: string, font: FontRole, size: number): PieceWidth;
  /** The space to add where one text ends and the next begins on the same line. */
  spaceBetween(before: string, after: string, size: number): number;
  /** Distance from a line box's top to its baseline, centring the em box in the line. */
  baselineOffset(style: TextStyle): number;
  /** The em box's ascent as a fraction of the em, for placing a baseline. */
  readonly ascent: number;
  /** The distinct characters of the text that no font can draw. */
  missingCharacters(text: string): string[];
}

// A quarter em between Han (or kana) and Latin letters or digits, as a typesetter would add.
const CJK_LATIN_SPACE = 0.25;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}]/u;
// Fullwidth Latin letters and digits are set as CJK and need no extra space.
const LATIN_OR_DIGIT = /(?![\uFF00-\uFFEF])[\p{Script=Latin}0-9]/u;

// Made when first needed: loading ICU's segmentation rules takes some 15 ms, which Latin text never needs.
let made: Record<'graphemes' | 'words', Intl.Segmenter> | undefined;
const segmenter = (granularity: 'graphemes' | 'words'): Intl.Segmenter =>
  (made ??= { graphemes: new Intl.Segmenter(undefined, { granularity: 'grapheme' }), words: new Intl.Segmenter(undefined, { granularity: 'word' }) })[granularity];

/**
 * How a language's texts are set: the faces, the language HarfBuzz shapes in, and whether the
 * rules of CJK text apply (a quarter em between Han and Latin, full-width punctuation marks that
 * meet closed up). Only CJK text follows them: in English or Filipino a Chinese name is set as written.
 */
export interface TextSetting {
  chain: FontChain;
  lang: string;
  cjkRules: boolean;
}

export function textSetting(fonts: FontSet, lang: string, documentLangs: readonly string[]): TextSetting {
  return { chain: chainFor(fonts, lang, documentLangs), lang, cjkRules: cjkFamilyOf(lang) !== undefined };
}

/** A text shaped in ems, with where its width lies along the text. */
interface ShapedPerEm extends ShapedText {
  /** Before each UTF-16 offset (and after the last), the advances of the clusters that start before it, in ems. */
  advancesBefore: Float64Array;
  /** The same for the CJK–Latin spaces, each counted at the offset of the run it comes before. */
  spacesBefore: Float64Array;
}

/**
 * Measures by shaping with HarfBuzz; the runs it returns carry the glyphs, which the PDF writer
 * draws as they are. A text is shaped once a measurer, in em units so one shape serves every size:
 * line breaking asks for the same lines again and again.
 */
export function createMeasurer(setting: TextSetting): Measurer {
  const { chain, cjkRules } = setting;
  const first = chain.regular[0]!;
  // The em box split as the first face's ascent and descent: CJK faces span exactly an em (0.88
  // above the baseline, 0.12 below); a Latin face's taller range is scaled to one.
  const ascent = first.ascent / (first.ascent - first.descent);
  const shapes: Record<FontRole, Map<string, ShapedPerEm>> = { regular: new Map(), bold: new Map() };
  const perEm = (text: string, role: FontRole): ShapedPerEm => {
    let shaped = shapes[role].get(text);
    if (!shaped) {
      shaped = shapePerEm(text, chain[role], setting);
      shapes[role].set(text, shaped);
    }
    return shaped;
  };
  return {
    ascent,
    shape: (text, role, size) => scaled(perEm(text, role), size),
    width: (text, role, size) => perEm(text, role).width * size,
    pieceWidths: (text, role, size) => pieceWidths(perEm(text, role), size),
    spaceBetween: (before, after, size) => (cjkRules && needsSpace(before.at(-1) ?? '', after[0] ?? '') ? CJK_LATIN_SPACE * size : 0),
    missingCharacters: (text) => [...new Set(text)].filter((character) => !canDraw(chain, character)),
    baselineOffset: ({ size, leading }) => (size * leading - size) / 2 + ascent * size,
  };
}

function scaled({ width, runs }: ShapedText, size: number): ShapedText {
  const glyph = (placed: PlacedGlyph): PlacedGlyph => ({ ...placed, advance: placed.advance * size, dx: placed.dx * size, dy: placed.dy * size });
  return { width: width * size, runs: runs.map((run) => ({ ...run, x: run.x * size, glyphs: run.glyphs.map(glyph) })) };
}

function pieceWidths({ advancesBefore, spacesBefore }: ShapedPerEm, size: number): PieceWidth {
  // The space before the piece's first run is the joint's, which the caller adds where the piece follows another.
  return (start, end) => (end <= start ? 0 : (advancesBefore[end]! - advancesBefore[start]! + spacesBefore[end]! - spacesBefore[start + 1]!) * size);
}

function needsSpace(before: string, after: string): boolean {
  return (CJK.test(before) && LATIN_OR_DIGIT.test(after)) || (LATIN_OR_DIGIT.test(before) && CJK.test(after));
}

/**
 * The text in runs of one face, shaped and placed; in CJK text with a quarter em where CJK meets
 * Latin. Its widths are kept by offset too, so that a line breaker can sum the pieces of the text.
 */
function shapePerEm(text: string, chain: readonly LoadedFont[], setting: TextSetting): ShapedPerEm {
  const advances = new Float64Array(text.length + 1);
  const spaces = new Float64Array(text.length + 1);
  let x = 0;
  let offset = 0;
  const placed = runsOf(text, chain, setting.cjkRules).map((run) => {
    const space = run.spaced ? CJK_LATIN_SPACE : 0;
    const start = offset;
    spaces[start + 1] = space;
    x += space;
    const glyphs = shapeRun(run.face, run.text, { lang: setting.lang, features: run.halved ? HALF_WIDTH : undefined }, (cluster, advance) => {
      advances[start + cluster + 1]! += advance;
    });
    const placedRun: TextRun = { face: run.face.name, x, glyphs };
    x += glyphs.reduce((sum, glyph) => sum + glyph.advance, 0);
    offset += run.text.length;
    return placedRun;
  });
  return { width: x, runs: placed, advancesBefore: runningTotals(advances), spacesBefore: runningTotals(spaces) };
}

/** Text to shape in one face, in one go. */
interface Run {
  text: string;
  face: LoadedFont;
  /** Whether a quarter em goes before it, where CJK meets Latin. */
  spaced: boolean;
  halved: boolean;
}

/**
 * Each word takes the first face that has all of it, so a word's letters match; a word no
 * face has whole goes cluster by cluster. A space stays in the face of the run it is in. In CJK
 * text a run also ends where CJK meets Latin, so the space can go between.
 */
function runsOf(text: string, chain: readonly LoadedFont[], cjkRules: boolean): Run[] {
  const runs: Run[] = [];
  for (const { segment, halved, face: own } of cjkRules ? units(text, chain) : fallbackUnits(text, chain)) {
    const current = runs.at(-1);
    const face = current && /^\s+$/u.test(segment) ? current.face : own;
    const spaced = cjkRules && current !== undefined && needsSpace(current.text.at(-1)!, segment[0]!);
    if (current && current.face === face && !spaced && current.halved === halved) current.text += segment;
    else runs.push({ text: segment, face, spaced, halved });
  }
  return runs;
}

/** Each entry summed with those before it, in place. */
function runningTotals(values: Float64Array): Float64Array {
  for (let index = 1; index < values.length; index++) values[index]! += values[index - 1]!;
  return values;
}

/**
 * A run shaped by HarfBuzz, in ems, each cluster's first glyph carrying the text it stands for;
 * each glyph's advance is also told with the offset of its cluster in the run.
 */
function shapeRun(face: LoadedFont, text: string, options: { lang: string; features: readonly string[] | undefined }, advanceAt: (cluster: number, advance: number) => void): PlacedGlyph[] {
  const shaped = face.shape(text, options);
  const em = face.unitsPerEm;
  const starts = [...new Set(shaped.map((glyph) => glyph.cluster))].sort((a, b) => a - b);
  const ends = new Map(starts.map((start, index) => [start, starts[index + 1] ?? text.length]));
  const clusterText = (cluster: number) => text.slice(cluster, ends.get(cluster));
  return shaped.map((glyph, index) => {
    advanceAt(glyph.cluster, glyph.advance / em);
    const text = index > 0 && shaped[index - 1]!.cluster === glyph.cluster ? '' : clusterText(glyph.cluster);
    return { id: glyph.id, advance: glyph.advance / em, dx: glyph.dx / em, dy: glyph.dy / em, text };
  });
}

// Full-width punctuation, which carries half an em of blank beside its ink.
const CJK_PUNCTUATION = '，。、；：？！（）「」『』《》〈〉【】〔〕“”‘’';
const PUNCTUATION_RUN = new RegExp(`[${CJK_PUNCTUATION}]{2,}`, 'gu');
// The OpenType feature that sets full-width punctuation at half width.
const HALF_WIDTH = ['halt'] as const;

/**
 * The text in pieces to shape: where full-width punctuation marks meet (`”、“`), all but the last
 * are set at half width, as a typesetter closes up the one-and-a-half em of blank between them.
 */
function units(text: string, chain: readonly LoadedFont[]): Unit[] {
  const pieces: Unit[] = [];
  let start = 0;
  for (const match of text.matchAll(PUNCTUATION_RUN)) {
    const end = match.index + match[0].length - 1;
    const halved = text.slice(match.index, end);
    pieces.push(...fallbackUnits(text.slice(start, match.index), chain), { segment: halved, halved: true, face: faceFor(halved, chain) });
    start = end;
  }
  return [...pieces, ...fallbackUnits(text.slice(start), chain)];
}

/** A piece of text to shape, with the face that draws it. */
interface Unit {
  segment: string;
  halved: boolean;
  face: LoadedFont;
}

// Stretches of Han or kana and of other characters: where they meet, CJK text puts a quarter em.
const SCRIPT_STRETCH = new RegExp(`${CJK.source}+|[^${CJK.source.slice(1)}+`, 'gu');

function fallbackUnits(text: string, chain: readonly LoadedFont[]): Unit[] {
  // Text the first face has whole is set in it, cut only where Han or kana meets other letters,
  // however it is cut into words: the cutting needs ICU's word rules, which take some 20 ms to
  // load and more to run, for nothing.
  const first = chain[0]!;
  if (hasWhole(first, text)) return (text.match(SCRIPT_STRETCH) ?? []).map((segment) => ({ segment, halved: false, face: first }));
  return [...segmenter('words').segment(text)].flatMap(({ segment }) => {
    const face = faceHaving(segment, chain);
    if (face) return [{ segment, halved: false, face }];
    return [...segmenter('graphemes').segment(segment)].map(({ segment: cluster }) => ({ segment: cluster, halved: false, face: faceFor(cluster, chain) }));
  });
}

function faceHaving(text: string, chain: readonly LoadedFont[]): LoadedFont | undefined {
  return chain.find((face) => hasWhole(face, text));
}

function hasWhole(face: LoadedFont, text: string): boolean {
  for (const character of text) if (!face.has(character.codePointAt(0)!)) return false;
  return true;
}

function faceFor(cluster: string, chain: readonly LoadedFont[]): LoadedFont {
  // A cluster no face has is reported before anything is drawn; the first face stands in for it.
  return faceHaving(cluster, chain) ?? chain[0]!;
}
