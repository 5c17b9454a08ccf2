import PDFDocument from 'pdfkit';
import type { DocumentMetadata } from '../document/index.js';
import type { FontSet, LoadedFont } from '../fonts/index.js';
import type { LaidOutDocument, Page } from '../layout/index.js';
import { drawItem, personalFace } from './draw.js';
import { createFieldAdder } from './fields.js';
import { createStructureWriter, type StructureWriter } from './structure.js';
import { useSubsetCache, type ByteCache } from './subset-cache.js';
import { shareWordShapes } from './word-shapes.js';
import { deferSubsets } from './lazy-subset.js';
import { writeXmpSafely } from './xmp.js';
import { gatherOutput, gatherPageContent } from './gather.js';
import { numberGlyphsInOrder } from './glyph-order.js';
import { recordRunsOf } from './kept-runs.js';

export interface RenderOptions {
  layout: LaidOutDocument;
  metadata: DocumentMetadata;
  fonts: FontSet;
  /** Creation and modification date written into the PDF; never the wall clock. */
  date: Date;
  /** Deflate content streams; off only for tests that read the bytes. */
  compress?: boolean;
  /** Add real form fields over the form's lines and boxes, to fill in on screen. */
  fillable?: boolean;
  /** Write PDF/A-2b, for archiving: XMP identification and an sRGB output intent. */
  pdfa?: boolean;
  /** Where encoded font subsets are reused from; each is encoded afresh when absent. */
  subsetCache?: ByteCache | undefined;
}

/** Draws the laid-out pages into a tagged PDF with embedded, subset fonts and document metadata. */
export function renderPdf({ layout, fillable = false, ...document }: RenderOptions): Promise<Buffer> {
  const pdf = createPdf(document);
  const done = collect(pdf);
  const root = documentElement(pdf);
  const addFields = fillable ? createFieldAdder(pdf, document.fonts.regular[0]!) : undefined;
  numberGlyphsInOrder(pdf, layout);
  drawPages(pdf, layout, { structure: createStructureWriter(pdf, root), addFields });
  root.end();
  endPdf(pdf, document.subsetCache);
  return done;
}

/** Ends the document, when pdfkit encodes the font subsets: from the cache where it has them. */
export function endPdf(pdf: PDFKit.PDFDocument, subsetCache: ByteCache | undefined): void {
  if (subsetCache) useSubsetCache(pdf, subsetCache);
  pdf.end();
}

export function createPdf({ metadata, fonts, date, compress = true, pdfa = false }: Omit<RenderOptions, 'layout' | 'fillable' | 'subsetCache'>): PDFKit.PDFDocument {
  const pdf = new PDFDocument({
    autoFirstPage: false,
    // No default Helvetica: every text names its face, and parsing the AFM costs each document time.
    font: null as unknown as string,
    compress,
    pdfVersion: '1.7',
    tagged: true,
    lang: metadata.lang,
    displayTitle: true,
    ...(pdfa ? { subset: 'PDF/A-2b' as const } : {}),
    info: { Title: metadata.title, Subject: metadata.subject, Creator: 'handouts', Producer: 'handouts (PDFKit)', CreationDate: date, ModDate: date },
  });
  gatherOutput(pdf);
  recordRunsOf(pdf);
  writeXmpSafely(pdf, date);
  for (const face of [...fonts.regular, ...fonts.bold]) openFace(pdf, face);
  return pdf;
}

/**
 * Registers a face twice, for the document's own text and for a person's answers, each with a
 * subset of its own. pdfkit would merge the second into the first, as it merges any font opened
 * again under the name of one it has; so the answers' face is opened first and its entry under
 * the font's own name removed before the document's face takes that name.
 */
function openFace(pdf: PDFKit.PDFDocument, { name, font }: LoadedFont): void {
  const internals = pdf as unknown as { _fontFamilies: Record<string, unknown>; _font: object };
  deferSubsets(font);
  // pdfkit accepts an already parsed fontkit font, which saves parsing the 8 MB file per document.
  pdf.registerFont(personalFace(name), font as unknown as string).font(personalFace(name));
  delete internals._fontFamilies[name];
  pdf.registerFont(name, font as unknown as string).font(name);
  shareWordShapes(internals._font, font);
}

/** The root of the document's structure tree, which every tagged element descends from. */
export function documentElement(pdf: PDFKit.PDFDocument): PDFKit.PDFStructureElement {
  const root = pdf.struct('Document');
  pdf.addStructure(root);
  return root;
}

export interface DrawOptions {
  structure: StructureWriter;
  addFields?: ((page: Page) => void) | undefined;
}

export function drawPages(pdf: PDFKit.PDFDocument, layout: LaidOutDocument, { structure, addFields }: DrawOptions): void {
  for (const page of layout.pages) {
    pdf.addPage({ size: [page.width, page.height], margin: 0 });
    gatherPageContent(pdf);
    for (const item of page.items) structure.tag(item.kind === 'text' ? item.structure : [], () => drawItem(pdf, item));
    addFields?.(page);
  }
}

function collect(pdf: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
}
