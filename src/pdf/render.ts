import PDFDocument from 'pdfkit';
import type { DocumentMetadata } from '../document/index.js';
import type { FontSet } from '../fonts/index.js';
import type { PreparedFieldFont } from './field-font.js';
import type { LaidOutDocument, Page } from '../layout/index.js';
import { drawItem } from './draw.js';
import { createFieldAdder } from './fields.js';
import { createFontWriter, type FontWriter, type KeepFontFiles } from './fonts.js';
import { createStructureWriter, type StructureWriter } from './structure.js';
import { writeXmpSafely } from './xmp.js';

export interface RenderOptions {
  layout: LaidOutDocument;
  metadata: DocumentMetadata;
  fonts: FontSet;
  /** Creation and modification date written into the PDF; never the wall clock. */
  date: Date;
  /** Deflate content streams; off only for tests that read the bytes. */
  compress?: boolean;
  /** Add real form fields over the form's lines and boxes, typing with this font, to fill in on screen. */
  fieldFont?: PreparedFieldFont | undefined;
  /** Write PDF/A-2b, for archiving: XMP identification and an sRGB output intent. */
  pdfa?: boolean;
  /** Keeps the font files cut from the document's faces (never for a person's answers); each is made afresh when absent. */
  keepFontFiles?: KeepFontFiles | undefined;
}

/** A PDF being written, and the faces it draws with. */
export interface DocumentWriter {
  pdf: PDFKit.PDFDocument;
  fonts: FontWriter;
}

/** Draws the laid-out pages into a tagged PDF with embedded, subset fonts and document metadata. */
export async function renderPdf({ layout, fieldFont, ...document }: RenderOptions): Promise<Buffer> {
  const writer = createPdf(document);
  const done = collect(writer.pdf);
  const root = documentElement(writer.pdf);
  const addFields = fieldFont ? createFieldAdder(writer.pdf, fieldFont) : undefined;
  const structure = createStructureWriter(writer.pdf, root);
  drawPages(writer, layout, { structure, addFields });
  structure.end();
  await endPdf(writer);
  return done;
}

/** Writes the fonts, once every glyph is known, and ends the document. */
export async function endPdf({ pdf, fonts }: DocumentWriter): Promise<void> {
  await fonts.end();
  pdf.end();
}

export function createPdf({ metadata, fonts, date, compress = true, pdfa = false, keepFontFiles }: Omit<RenderOptions, 'layout' | 'fieldFont'>): DocumentWriter {
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
  writeXmpSafely(pdf, date);
  return { pdf, fonts: createFontWriter(pdf, fonts, { compress, keep: keepFontFiles }) };
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

/** Draws the laid-out pages, each on a page of its own; gives pdfkit's pages drawn on. */
export function drawPages({ pdf, fonts }: DocumentWriter, layout: LaidOutDocument, { structure, addFields }: DrawOptions): PDFKit.PDFPage[] {
  return layout.pages.map((page) => {
    pdf.addPage({ size: [page.width, page.height], margin: 0 });
    fonts.newPage();
    for (const item of page.items) structure.tag(item.kind === 'text' ? item.structure : [], () => drawItem(pdf, item, fonts));
    addFields?.(page);
    return pdf.page;
  });
}

/**
 * Writes out the pages drawn so far and lets go of their dictionaries' data (box, keys, some 800
 * bytes a page), which pdfkit's page tree would keep to the end. pdfkit (0.20) writes an object's
 * data once, as it ends, and reads it no more; tests/pdf/render.test.ts fails if that changes.
 */
export function writeOutPages(pdf: PDFKit.PDFDocument, pages: readonly PDFKit.PDFPage[]): void {
  pdf.flushPages();
  for (const page of pages) page.dictionary.data = {} as PDFKit.PDFKitReference['data'];
}

function collect(pdf: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
}
