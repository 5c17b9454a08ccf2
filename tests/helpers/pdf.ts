import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface ExtractedPdf {
  pages: string[];
  info: Record<string, unknown>;
}

/** Reads a PDF back the way a reader's text extractor does: one string per page, one line per text run. */
export async function readPdf(bytes: Uint8Array): Promise<ExtractedPdf> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const content = await (await pdf.getPage(number)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
    }
    const { info } = await pdf.getMetadata();
    return { pages, info: info as Record<string, unknown> };
  } finally {
    await pdf.destroy();
  }
}

export interface FontEntry {
  baseFont: string;
  embedded: boolean;
}

/** The fonts a PDF declares, read from its (uncompressed) object dictionaries. */
export function listFonts(bytes: Uint8Array): FontEntry[] {
  const text = Buffer.from(bytes).toString('latin1');
  const descriptors = [...text.matchAll(/\/Type \/FontDescriptor[\s\S]*?>>/g)].map((match) => match[0]);
  return descriptors.map((descriptor) => ({
    baseFont: /\/FontName \/([^\s/>]+)/.exec(descriptor)?.[1] ?? '',
    embedded: /\/FontFile[23]? \d+ 0 R/.test(descriptor),
  }));
}

/**
 * Structural validity in the spirit of `qpdf --check`: a header, a trailer with startxref
 * pointing at the xref table, and every in-use xref entry pointing at its own object.
 */
export function checkStructure(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes).toString('latin1');
  const problems: string[] = [];
  if (!text.startsWith('%PDF-1.')) problems.push('no %PDF header');
  if (!text.trimEnd().endsWith('%%EOF')) problems.push('no %%EOF at the end');
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (!startxref) return [...problems, 'no startxref'];
  const xrefOffset = Number(startxref[1]);
  if (!text.startsWith('xref', xrefOffset)) return [...problems, `startxref ${xrefOffset} does not point at an xref table`];
  const table = /^xref\s+(\d+) (\d+)\s+/.exec(text.slice(xrefOffset));
  if (!table) return [...problems, 'unreadable xref table'];
  const first = Number(table[1]);
  const count = Number(table[2]);
  const entries = text.slice(xrefOffset + table[0].length).split(/\r?\n/).slice(0, count);
  entries.forEach((entry, index) => {
    const [offset, , use] = entry.trim().split(' ');
    const number = first + index;
    if (use === 'n' && !text.startsWith(`${number} 0 obj`, Number(offset))) problems.push(`object ${number} is not at offset ${offset}`);
  });
  const size = /\/Size (\d+)/.exec(text.slice(xrefOffset));
  if (Number(size?.[1]) !== first + count) problems.push(`trailer /Size ${size?.[1]} does not match ${first + count} xref entries`);
  return problems;
}

export interface PositionedText {
  text: string;
  /** Left edge and baseline, in points from the page's top-left corner. */
  x: number;
  baseline: number;
}

/** Every text run of a page with where it stands, as a reader's extractor sees it. */
export async function readTextPositions(bytes: Uint8Array, pageNumber = 1): Promise<PositionedText[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
  try {
    const page = await pdf.getPage(pageNumber);
    const height = page.view[3]!;
    const content = await page.getTextContent();
    return content.items.flatMap((item) => ('str' in item && item.str ? [{ text: item.str, x: item.transform[4] as number, baseline: height - (item.transform[5] as number) }] : []));
  } finally {
    await pdf.destroy();
  }
}
