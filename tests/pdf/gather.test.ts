import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { gatherOutput, gatherPageContent } from '../../src/pdf/gather.js';
import { checkStructure } from '../helpers/pdf.js';

/** A small document drawn the same way each time, optionally through the gathering writers. */
function draw({ gather, pages }: { gather: boolean; pages: number }): Promise<Buffer> {
  // Compressed, so each page's content reaches the file as a byte array between lines of text.
  const pdf = new PDFDocument({ autoFirstPage: false, compress: true, info: { CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
  if (gather) gatherOutput(pdf);
  for (let page = 0; page < pages; page++) {
    pdf.addPage({ size: 'A4', margin: 0 });
    if (gather) gatherPageContent(pdf);
    for (let line = 0; line < 400; line++) pdf.moveTo(10, line).lineTo(500, line + page).stroke();
  }
  pdf.end();
  return done;
}

describe('gathering pdfkit’s output', () => {
  it('writes the very bytes pdfkit writes itself, with every object where the xref says', async () => {
    const [plain, gathered] = await Promise.all([draw({ gather: false, pages: 3 }), draw({ gather: true, pages: 3 })]);
    expect(gathered.equals(plain)).toBe(true);
    expect(checkStructure(gathered)).toEqual([]);
  });

  it('still streams a long document in many chunks', async () => {
    const pdf = new PDFDocument({ autoFirstPage: false, compress: false });
    gatherOutput(pdf);
    let chunks = 0;
    pdf.on('data', () => chunks++);
    const ended = new Promise((resolve) => pdf.on('end', resolve));
    for (let page = 0; page < 20; page++) {
      pdf.addPage({ size: 'A4', margin: 0 });
      gatherPageContent(pdf);
      for (let line = 0; line < 2000; line++) pdf.moveTo(10, line).lineTo(500, line).stroke();
    }
    pdf.end();
    await ended;
    expect(chunks).toBeGreaterThan(5);
  });
});
