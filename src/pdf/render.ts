import PDFDocument from 'pdfkit';
import type { DocumentMetadata } from '../document/index.js';
import type { FontSet } from '../fonts/index.js';
import type { LaidOutDocument, Page } from '../layout/index.js';
import { drawItem } from './draw.js';
import { createFieldAdder } from './fields.js';
import { createStructureWriter, type StructureWriter } from './structure.js';

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
}

/** Draws the laid-out pages into a tagged PDF with embedded, subset fonts and document metadata. */
export function renderPdf({ layout, fillable = false, ...document }: RenderOptions): Promise<Buffer> {
  const pdf = createPdf(document);
  const done = collect(pdf);
  const root = documentElement(pdf);
  const addFields = fillable ? createFieldAdder(pdf, document.fonts.regular[0]!.font) : undefined;
  drawPages(pdf, layout, { structure: createStructureWriter(pdf, root), addFields });
  root.end();
  pdf.end();
  return done;
}

export function createPdf({ metadata, fonts, date, compress = true, pdfa = false }: Omit<RenderOptions, 'layout' | 'fillable'>): PDFKit.PDFDocument {
  const pdf = new PDFDocument({
    autoFirstPage: false,
    compress,
    pdfVersion: '1.7',
    tagged: true,
    lang: metadata.lang,
    displayTitle: true,
    ...(pdfa ? { subset: 'PDF/A-2b' as const } : {}),
    info: { Title: metadata.title, Subject: metadata.subject, Creator: 'handouts', Producer: 'handouts (PDFKit)', CreationDate: date, ModDate: date },
  });
  for (const { name, font } of [...fonts.regular, ...fonts.bold]) {
    // pdfkit accepts an already parsed fontkit font, which saves parsing the 8 MB file per document.
    pdf.registerFont(name, font as unknown as string);
  }
  return pdf;
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
