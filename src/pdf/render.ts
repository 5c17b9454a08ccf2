import PDFDocument from 'pdfkit';
import type { DocumentMetadata } from '../document/index.js';
import type { FontSet } from '../fonts/index.js';
import type { LaidOutDocument, Page } from '../layout/index.js';
import { drawItem } from './draw.js';
import { createFieldAdder } from './fields.js';

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
}

/** Draws the laid-out pages into PDF bytes with embedded, subset fonts and document metadata. */
export function renderPdf({ layout, fillable = false, ...document }: RenderOptions): Promise<Buffer> {
  const pdf = createPdf(document);
  const done = collect(pdf);
  drawPages(pdf, layout, fillable ? createFieldAdder(pdf, document.fonts.regular.font) : undefined);
  pdf.end();
  return done;
}

export function createPdf({ metadata, fonts, date, compress = true }: Omit<RenderOptions, 'layout' | 'fillable'>): PDFKit.PDFDocument {
  const pdf = new PDFDocument({
    autoFirstPage: false,
    compress,
    pdfVersion: '1.7',
    lang: metadata.lang,
    displayTitle: true,
    info: { Title: metadata.title, Subject: metadata.subject, Creator: 'handouts', Producer: 'handouts (PDFKit)', CreationDate: date, ModDate: date },
  });
  for (const role of Object.keys(fonts) as (keyof FontSet)[]) {
    // pdfkit accepts an already parsed fontkit font, which saves parsing the 8 MB file per document.
    pdf.registerFont(role, fonts[role].font as unknown as string);
  }
  return pdf;
}

export function drawPages(pdf: PDFKit.PDFDocument, layout: LaidOutDocument, addFields?: (page: Page) => void): void {
  for (const page of layout.pages) {
    pdf.addPage({ size: [page.width, page.height], margin: 0 });
    for (const item of page.items) drawItem(pdf, item);
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
