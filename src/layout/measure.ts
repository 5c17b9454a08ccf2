import { canDraw, chainFor, cjkFamilyOf, type FontChain, type FontRole, type FontSet, type ShapedGlyph } from '../fonts/index.js';
import { answeredOnce, CJK_LATIN_SPACE, facesOf, runsOf, type Faces, type Run } from './runs.js';
import type { TextStyle } from './style.js';
import type { PlacedGlyph, TextRun } from './types.js';

export interface ShapedText {
  /** Advance width in points, spacing included. */
  width: number;
  runs: TextRun[];
}

/**
 * A text shaped once, for breaking it into lines: the widths of its pieces as they stand in it,
 * and the width of a line of it, set on its own. Offsets are UTF-16 offsets into the text.
 */
export interface ShapedParagraph {
  /** The width in points between two offsets: the clusters' advances and the spaces inside, not a space before the first. */
  width(start: number, end: number): number;
  /** The quarter em that goes before the offset where Han meets Latin in CJK text, in points; 0 elsewhere. */
  spaceBefore(offset: number): number;
  /**
   * The width in points of the text between two offsets set as a line: its glyphs are the
   * paragraph's where HarfBuzz says cutting the text there changes nothing, else it is shaped
   * anew. Either way, shaping the line's text afterwards finds it done.
   */
  lineWidth(start: number, end: number): number;
}

export interface Measurer {
  /** The text split into runs of one face each, shaped and placed left to right, with CJK–Latin spacing. */
  shape(text: string, font: FontRole, size: number): ShapedText;
  /** Advance width of the text in points. */
  width(text: string, font: FontRole, size: number): number;
  /** The text shaped once for a line breaker, which sums its pieces instead of shaping each on its own. */
  paragraph(text: string, font: FontRole, size: number): ShapedParagraph;
  /** Distance from a line box's top to its baseline, centring the em box in the line. */
  baselineOffset(style: TextStyle): number;
  /** The em box's ascent as a fraction of the em, for placing a baseline. */
  readonly ascent: number;
  /** The distinct characters of the text that no font can draw. */
  missingCharacters(text: string): string[];
}

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

/** A run as HarfBuzz shaped it, in font units, and where it starts in its text. */
interface ShapedRun extends Run {
  start: number;
  glyphs: readonly ShapedGlyph[];
}

/** A text shaped in ems, with where its width lies along the text. */
interface ShapedPerEm {
  width: number;
  /** Where each run's first glyph is placed, in ems from the text's start. */
  runXs: readonly number[];
  /** Before each UTF-16 offset (and after the last), the advances of the clusters that start before it, in ems. */
  advancesBefore: Float64Array;
  /** The same for the CJK–Latin spaces, each counted at the offset of the run it comes before. */
  spacesBefore: Float64Array;
  /** The runs as HarfBuzz shaped them, from which a line of the text takes its glyphs. */
  shapedRuns: readonly ShapedRun[];
}

/**
 * Measures by shaping with HarfBuzz; the runs it returns carry the glyphs, which the PDF writer
 * draws as they are. A text is shaped once a measurer, in em units so one shape serves every size:
 * line breaking asks for the same lines again and again.
 */
export function createMeasurer(setting: TextSetting): Measurer {
  const { chain } = setting;
  const first = chain.regular[0]!;
  // The em box split as the first face's ascent and descent: CJK faces span exactly an em (0.88
  // above the baseline, 0.12 below); a Latin face's taller range is scaled to one.
  const ascent = first.ascent / (first.ascent - first.descent);
  const faces: Record<FontRole, Faces> = { regular: facesOf(chain.regular), bold: facesOf(chain.bold) };
  const shapes: Record<FontRole, Map<string, ShapedPerEm>> = { regular: new Map(), bold: new Map() };
  const drawable = answeredOnce((character: string) => canDraw(chain, character));
  const perEm = (text: string, role: FontRole, shape = () => shapePerEm(text, faces[role], setting)): ShapedPerEm => {
    let shaped = shapes[role].get(text);
    if (!shaped) {
      shaped = shape();
      shapes[role].set(text, shaped);
    }
    return shaped;
  };
  const paragraph = (text: string, role: FontRole, size: number): ShapedParagraph => {
    const whole = perEm(text, role);
    const lineOf = (line: string, start: number) => perEm(line, role, () => linePerEm(whole, { line, start }, faces[role], setting));
    return paragraphAt(whole, size, (start, end) => lineOf(text.slice(start, end), start));
  };
  return {
    ascent,
    shape: (text, role, size) => scaled(perEm(text, role), size),
    width: (text, role, size) => perEm(text, role).width * size,
    paragraph,
    missingCharacters: (text) => [...new Set(text)].filter((character) => !drawable(character)),
    baselineOffset: ({ size, leading }) => (size * leading - size) / 2 + ascent * size,
  };
}

/** The runs placed at a size: the glyphs are made only for a text that is drawn, which a paragraph broken into lines never is. */
function scaled({ width, runXs, shapedRuns }: ShapedPerEm, size: number): ShapedText {
  return { width: width * size, runs: shapedRuns.map((run, index) => ({ face: run.face.name, x: runXs[index]! * size, glyphs: placedGlyphs(run, size) })) };
}

/** A paragraph's widths at a size, from its one shaping; lineOf gives a line of it, shaped as a text of its own. */
function paragraphAt(whole: ShapedPerEm, size: number, lineOf: (start: number, end: number) => ShapedPerEm): ShapedParagraph {
  return {
    width: (start, end) => pieceWidth(whole, start, end) * size,
    spaceBefore: (offset) => (whole.spacesBefore[offset + 1]! - whole.spacesBefore[offset]!) * size,
    lineWidth: (start, end) => lineOf(start, end).width * size,
  };
}

function pieceWidth({ advancesBefore, spacesBefore }: ShapedPerEm, start: number, end: number): number {
  // The space before the piece's first run is the joint's, which the caller adds where the piece follows another.
  return end <= start ? 0 : advancesBefore[end]! - advancesBefore[start]! + spacesBefore[end]! - spacesBefore[start + 1]!;
}

/** The text in runs of one face, shaped and placed; in CJK text with a quarter em where CJK meets Latin. */
function shapePerEm(text: string, faces: Faces, setting: TextSetting): ShapedPerEm {
  return placed(text, shaped(runsOf(text, faces, setting.cjkRules), setting.lang));
}

/** A line of a paragraph, which starts at the given offset in it, shaped as its own text would be, from the paragraph's glyphs where it can. */
function linePerEm(paragraph: ShapedPerEm, { line, start }: { line: string; start: number }, faces: Faces, setting: TextSetting): ShapedPerEm {
  const runs = runsOf(line, faces, setting.cjkRules);
  return placed(line, cutFrom(paragraph.shapedRuns, start, runs) ?? shaped(runs, setting.lang));
}

// The OpenType feature that sets full-width punctuation at half width.
const HALF_WIDTH = ['halt'] as const;

/** Each run shaped by HarfBuzz, with where it starts in the text. */
function shaped(runs: readonly Run[], lang: string): ShapedRun[] {
  let start = 0;
  return runs.map((run) => {
    const glyphs = run.face.shape(run.text, { lang, features: run.halved ? HALF_WIDTH : undefined });
    const shapedRun = { ...run, start, glyphs };
    start += run.text.length;
    return shapedRun;
  });
}

/**
 * The line's runs with the paragraph's glyphs, when each is a stretch of one run of the paragraph,
 * set alike, cut only where HarfBuzz says the two sides shape as they would apart; otherwise none.
 */
function cutFrom(paragraph: readonly ShapedRun[], lineStart: number, lineRuns: readonly Run[]): ShapedRun[] | undefined {
  const cut: ShapedRun[] = [];
  let start = lineStart;
  for (const [index, run] of lineRuns.entries()) {
    const end = start + run.text.length;
    const source = paragraph.find((candidate) => candidate.start <= start && start < candidate.start + candidate.text.length);
    if (!source || source.face !== run.face || source.halved !== run.halved || end > source.start + source.text.length) return undefined;
    // A run but the line's first starts where the paragraph's does, after the same space.
    if (index > 0 && (start !== source.start || source.spaced !== run.spaced)) return undefined;
    const glyphs = glyphsBetween(source, start - source.start, end - source.start);
    if (!glyphs) return undefined;
    cut.push({ ...run, start: start - lineStart, glyphs });
    start = end;
  }
  return cut;
}

/** The glyphs of a run's clusters between two of its offsets, counted from the first, if the run may be cut at both. */
function glyphsBetween(run: ShapedRun, start: number, end: number): ShapedGlyph[] | undefined {
  if (!safeToCut(run, start) || !safeToCut(run, end)) return undefined;
  return run.glyphs.filter((glyph) => glyph.cluster >= start && glyph.cluster < end).map((glyph) => ({ ...glyph, cluster: glyph.cluster - start }));
}

function safeToCut({ glyphs, text }: ShapedRun, offset: number): boolean {
  if (offset === 0 || offset === text.length) return true;
  // Only where a cluster starts, and HarfBuzz flags none of its glyphs.
  const cluster = glyphs.filter((glyph) => glyph.cluster === offset);
  return cluster.length > 0 && cluster.every((glyph) => !glyph.unsafeToBreak);
}

/** The runs placed left to right in ems, their widths kept by offset too, so that a line breaker can sum the pieces of the text. */
function placed(text: string, shapedRuns: readonly ShapedRun[]): ShapedPerEm {
  const advances = new Float64Array(text.length + 1);
  const spaces = new Float64Array(text.length + 1);
  let x = 0;
  const runXs = shapedRuns.map((run) => {
    const space = run.spaced ? CJK_LATIN_SPACE : 0;
    spaces[run.start + 1] = space;
    x += space;
    const em = run.face.unitsPerEm;
    for (const glyph of run.glyphs) advances[run.start + glyph.cluster + 1]! += glyph.advance / em;
    const runX = x;
    x += run.glyphs.reduce((sum, glyph) => sum + glyph.advance / em, 0);
    return runX;
  });
  return { width: x, runXs, advancesBefore: runningTotals(advances), spacesBefore: runningTotals(spaces), shapedRuns };
}

/** A run's glyphs at a size, each cluster's first glyph carrying the text it stands for. */
function placedGlyphs({ glyphs, text, face }: ShapedRun, size: number): PlacedGlyph[] {
  const em = face.unitsPerEm;
  // Where each cluster ends: where the next one starts, in the text's order, whatever the glyphs' order.
  const starts = Uint32Array.from(new Set(glyphs.map((glyph) => glyph.cluster))).sort();
  const ends = new Uint32Array(text.length);
  starts.forEach((start, index) => (ends[start] = starts[index + 1] ?? text.length));
  return glyphs.map((glyph, index) => ({
    id: glyph.id,
    advance: (glyph.advance / em) * size,
    dx: (glyph.dx / em) * size,
    dy: (glyph.dy / em) * size,
    text: index > 0 && glyphs[index - 1]!.cluster === glyph.cluster ? '' : text.slice(glyph.cluster, ends[glyph.cluster]),
  }));
}

/** Each entry summed with those before it, in place. */
function runningTotals(values: Float64Array): Float64Array {
  for (let index = 1; index < values.length; index++) values[index]! += values[index - 1]!;
  return values;
}
