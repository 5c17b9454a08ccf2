import PDFDocument from 'pdfkit';
import type { DocumentMetadata } from '../document/index.js';
import { chainFor, type FontSet, type LoadedFont } from '../fonts/index.js';
import type { LaidOutDocument, Page } from '../layout/index.js';
import { drawItem } from './draw.js';
import { offerFaces, openFace } from './faces.js';
import { createFieldAdder } from './fields.js';
import { createStructureWriter, type StructureWriter } from './structure.js';
import { useSubsetCache, type ByteCache } from './subset-cache.js';
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
  const addFields = fillable ? createFieldAdder(pdf, { fieldFont: fieldFace(pdf, document), cache: document.subsetCache }) : undefined;
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
  offerFaces(pdf, fonts);
  return pdf;
}

/**
 * Text fields type with the first CJK face of the document's chain, embedded whole: a person may
 * type a Chinese name into a form in any language, and a CJK face has Latin letters too.
 */
function fieldFace(pdf: PDFKit.PDFDocument, { fonts, metadata }: Pick<RenderOptions, 'fonts' | 'metadata'>): LoadedFont {
  const faces = chainFor(fonts, metadata.lang, [metadata.lang, metadata.secondaryLang]).regular;
  const cjk = faces.find((face) => face.tables.some((table) => table.tag === 'CFF ')) ?? faces[0]!;
  return openFace(pdf, cjk.name);
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
