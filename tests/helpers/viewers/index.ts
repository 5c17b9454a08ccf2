import { mupdfViewer } from './mupdf.js';
import { pdfium } from './pdfium.js';
import { pdfjs } from './pdfjs.js';
import type { Raster, Viewer } from './types.js';

export type { Answers, OpenedPdf, Raster, Viewer, ViewerName, Widget } from './types.js';

/** The engines people open the PDFs with: Chrome's and Android's, Firefox's, and many small readers'. */
export const VIEWERS: readonly Viewer[] = [pdfium, pdfjs, mupdfViewer];

/**
 * Engines are compared at 150 dpi, window by window, each window 2 mm square (12 pixels); a
 * window may be matched up to a pixel away, as engines place glyphs to different fractions of
 * a pixel. Between the engines, over every page, no window differs by more than 0.06 of a black
 * window (anti-aliasing and stroke weight); a glyph left out, even a 9 pt Latin letter, makes
 * 0.12 or more. The tolerance sits between.
 */
export const COMPARISON = { dpi: 150, window: 12, shift: 1, tolerance: 0.09 } as const;

export interface Viewed {
  pages: Raster[];
  texts: string[];
  problems: string[];
  size: { width: number; height: number }[];
}

/** Every page of a PDF as one viewer draws and reads it. */
export async function view(viewer: Viewer, bytes: Uint8Array, dpi: number = COMPARISON.dpi): Promise<Viewed> {
  const opened = await viewer.open(bytes);
  try {
    const numbers = Array.from({ length: opened.pageCount }, (_, page) => page);
    const pages: Raster[] = [];
    const texts: string[] = [];
    const size: Viewed['size'] = [];
    for (const page of numbers) {
      pages.push(await opened.render(page, dpi));
      texts.push(await opened.text(page));
      size.push(await opened.size(page));
    }
    return { pages, texts, problems: opened.problems(), size };
  } finally {
    opened.close();
  }
}

/** Text as compared between engines: engines differ only in where they see spaces and line breaks. */
export function withoutSpaces(text: string): string {
  return text.replace(/\s+/g, '');
}
