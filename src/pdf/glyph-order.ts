import type { LaidOutDocument, TextRun } from '../layout/index.js';
import { openFace } from './faces.js';

/** pdfkit's embedded font, as far as numbering its subset's glyphs goes. */
interface EmbeddedFont {
  /** The fontkit font it embeds. */
  font: object;
  subset: { includeGlyph(glyph: number): number };
  layout(text: string, features?: string[]): { glyphs: { id: number }[] };
}

/**
 * pdfkit numbers a subset's glyphs in the order the document first draws them, so an edit that
 * only moves or repeats characters gives the same glyphs other numbers, and a subset to encode
 * again. Numbered here before drawing, by glyph id, a document drawn with the same glyphs as an
 * earlier one takes that one's subset from the cache. A person's answers keep their own subset.
 */
export function numberGlyphsInOrder(pdf: PDFKit.PDFDocument, layout: LaidOutDocument): void {
  for (const [face, ids] of glyphsByFace(pdf, layout)) for (const id of [...ids].sort((a, b) => a - b)) face.subset.includeGlyph(id);
}

/** The glyphs each face will draw the document's own text with, as drawing will shape it. */
function glyphsByFace(pdf: PDFKit.PDFDocument, layout: LaidOutDocument): Map<EmbeddedFont, Set<number>> {
  const { _fontFamilies: faces } = pdf as unknown as { _fontFamilies: Record<string, EmbeddedFont> };
  const idsByFace = new Map<EmbeddedFont, Set<number>>();
  const runs = layout.pages.flatMap((page) => page.items.flatMap((item) => (item.kind === 'text' && !item.personal ? item.runs : [])));
  for (const run of runs) {
    openFace(pdf, run.face);
    const face = faces[run.face]!;
    const ids = idsByFace.get(face) ?? new Set<number>();
    idsByFace.set(face, ids);
    for (const id of glyphsOf(run, face)) ids.add(id);
  }
  return idsByFace;
}

// Every form of a batch has the blank form's runs, the very same objects, in the same fonts.
const glyphsByFont = new WeakMap<object, WeakMap<TextRun, readonly number[]>>();

function glyphsOf(run: TextRun, face: EmbeddedFont): readonly number[] {
  const byRun = glyphsByFont.get(face.font) ?? new WeakMap<TextRun, readonly number[]>();
  glyphsByFont.set(face.font, byRun);
  const ids = byRun.get(run) ?? face.layout(run.text, run.features && [...run.features]).glyphs.map((glyph) => glyph.id);
  byRun.set(run, ids);
  return ids;
}
