/**
 * Every form of a batch, and every document of a build, draws most of its runs of text exactly as
 * the one before did. pdfkit shapes, encodes and formats each run again every time; this keeps
 * what drawing a run wrote, and writes it again when the same run comes back under the same
 * conditions. A person's answers are never kept.
 */

/** What drawing a run wrote, and the glyphs it used, in the order pdfkit's encode() included them. */
interface KeptRun {
  /** The content operators, one a line, as pdfkit writes them; empty for a run with no text. */
  content: string;
  ids: number[];
  indexes: number[];
  widths: number[];
  codePoints: number[][];
}

/** pdfkit's embedded font, as far as encoding a run goes. */
interface EmbeddedFont {
  id: string;
  font: object;
  subset: { includeGlyph(glyph: number): number };
  widths: (number | undefined)[];
  unicode: (number[] | undefined)[];
  scale: number;
  ref(): unknown;
  layout(text: string, features?: readonly string[]): { glyphs: { id: number; advanceWidth: number; codePoints: number[] }[] };
}

/** pdfkit's document, as far as writing one run of text at a place goes. */
interface TextWriter {
  _font: EmbeddedFont;
  _fontSize: number;
  page: { height: number; fonts: Record<string, unknown> };
  addContent(data: string): unknown;
  _fragment(text: string, x: number, y: number, options: FragmentOptions): void;
}

export interface FragmentOptions {
  baseline: 'alphabetic';
  characterSpacing: number;
  textWidth: number;
  wordCount: number;
  features?: readonly string[];
}

export interface RunAt {
  text: string;
  x: number;
  /** y of the baseline, from the top of the page. */
  y: number;
  options: FragmentOptions;
}

// Several documents' worth of runs; past this the map starts afresh, so a long batch stays flat.
const MOST_RUNS = 20_000;
const runsByFont = new WeakMap<object, Map<string, KeptRun>>();
let recording: string[] | undefined;

/** Lets the runs drawn into this document be recorded; called once, before any drawing. */
export function recordRunsOf(pdf: PDFKit.PDFDocument): void {
  const writer = pdf as unknown as TextWriter;
  const addContent = writer.addContent;
  writer.addContent = function (data) {
    recording?.push(data);
    return addContent.call(this, data);
  };
}

/**
 * Writes a run in the current font and size, as pdfkit's text() would: from what an earlier
 * drawing of it wrote, when the font's subset gives its glyphs the same numbers as then.
 */
export function writeKeptRun(pdf: PDFKit.PDFDocument, { text, x, y, options }: RunAt): void {
  const writer = pdf as unknown as TextWriter;
  const font = writer._font;
  const runs = runsOf(font.font);
  const key = `${font.id} ${writer._fontSize} ${x} ${y} ${writer.page.height} ${options.characterSpacing} ${options.features?.join(',') ?? ''}\u0000${text}`;
  const kept = runs.get(key);
  if (kept && writeAgain(writer, kept)) return;
  if (runs.size >= MOST_RUNS) runs.clear();
  runs.set(key, recordRun(writer, () => writer._fragment(text, x, y, options), { text, features: options.features }));
}

/** Writes a kept run, unless one of its glyphs would be numbered otherwise than it was. */
function writeAgain(writer: TextWriter, kept: KeptRun): boolean {
  const font = writer._font;
  // Each glyph is included in the order drawing would include it, so one numbered otherwise
  // leaves the subset just as drawing the run from that glyph on leaves it.
  for (const [index, id] of kept.ids.entries()) {
    const numbered = font.subset.includeGlyph(id);
    if (numbered !== kept.indexes[index]) return false;
    font.widths[numbered] ??= kept.widths[index];
    font.unicode[numbered] ??= kept.codePoints[index];
  }
  if (kept.content === '') return true;
  writer.page.fonts[font.id] ??= font.ref();
  writer.addContent(kept.content);
  return true;
}

function recordRun(writer: TextWriter, draw: () => void, { text, features }: { text: string; features: readonly string[] | undefined }): KeptRun {
  const content: string[] = [];
  recording = content;
  try {
    draw();
  } finally {
    recording = undefined;
  }
  const font = writer._font;
  const glyphs = content.length === 0 ? [] : font.layout(text, features).glyphs;
  return {
    content: content.join('\n'),
    ids: glyphs.map((glyph) => glyph.id),
    // Already included by drawing, so this only reads each glyph's number.
    indexes: glyphs.map((glyph) => font.subset.includeGlyph(glyph.id)),
    widths: glyphs.map((glyph) => glyph.advanceWidth * font.scale),
    codePoints: glyphs.map((glyph) => glyph.codePoints),
  };
}

function runsOf(font: object): Map<string, KeptRun> {
  const runs = runsByFont.get(font) ?? new Map<string, KeptRun>();
  runsByFont.set(font, runs);
  return runs;
}
