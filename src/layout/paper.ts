import type { PageGeometry, PaperName } from './types.js';

export const MM = 72 / 25.4;

const PAPER_SIZES: Record<PaperName, { width: number; height: number }> = {
  a4: { width: 595.28, height: 841.89 },
  letter: { width: 612, height: 792 },
  // 8.5 × 13 in, the "long bond" paper common in the Philippines.
  folio: { width: 612, height: 936 },
};

export const PAPER_NAMES = Object.keys(PAPER_SIZES) as PaperName[];

/** Margins wide enough that home printers never clip; the footer sits inside the bottom margin. */
export function pageGeometry(paper: PaperName): PageGeometry {
  return { paper, ...PAPER_SIZES[paper], margin: { top: 15 * MM, right: 18 * MM, bottom: 20 * MM, left: 18 * MM } };
}

/** The footer's baseline, 12 mm above the bottom edge. */
export function footerBaseline(geometry: PageGeometry): number {
  return geometry.height - 12 * MM;
}
