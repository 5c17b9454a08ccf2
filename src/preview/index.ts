import { createCanvas } from '@napi-rs/canvas';
import { getDocument, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { OutputFile } from '../write-files.js';

type RenderParameters = Parameters<PDFPageProxy['render']>[0];

export interface PreviewOptions {
  /** Pixels per inch; 96 gives a page a phone shows whole and sharp. */
  dpi?: number;
  /** Only the first pages, as many as this; all when absent. */
  pages?: number;
}

/** Each page of the PDF as PNG bytes, drawn from the PDF itself by pdfjs, on white like paper. */
export async function renderPreviews(pdfBytes: Uint8Array, { dpi = 96, pages: most = Infinity }: PreviewOptions = {}): Promise<Buffer[]> {
  const pdf = await getDocument({ data: new Uint8Array(pdfBytes), verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
  try {
    const pages: Buffer[] = [];
    for (let number = 1; number <= Math.min(pdf.numPages, most); number++) {
      const page = await pdf.getPage(number);
      const viewport = page.getViewport({ scale: dpi / 72 });
      const canvas = createCanvas(Math.round(viewport.width), Math.round(viewport.height));
      const context = canvas.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      // pdfjs types its canvas as the browser's; @napi-rs/canvas is what it uses itself under Node.
      const target = { canvas: canvas as unknown as RenderParameters['canvas'], canvasContext: context as unknown as RenderParameters['canvasContext'] };
      await page.render({ ...target, viewport }).promise;
      pages.push(canvas.toBuffer('image/png'));
      page.cleanup();
    }
    return pages;
  } finally {
    await pdf.destroy();
  }
}

/** PNG images of each PDF's pages, named to stand beside it (`handout-1.png`), in memory: by PDF. */
export async function previewFiles(files: readonly OutputFile[]): Promise<OutputFile[][]> {
  return Promise.all(files.map(async ({ path, bytes }) => (await renderPreviews(bytes)).map((png, index) => ({ path: path.replace(/\.pdf$/, `-${index + 1}.png`), bytes: png }))));
}
