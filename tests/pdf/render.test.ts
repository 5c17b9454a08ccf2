import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { writeOutPages } from '../../src/pdf/render.js';
import { checkStructure, readPdf } from '../helpers/pdf.js';

// writeOutPages, which a combined PDF calls after each form, relies on pdfkit writing a page's
// dictionary as its pages are flushed, and never reading a written object's data again: this
// fails if pdfkit changes either, as a page would then be written without its box, contents or fonts.
describe('pages written out and let go of', () => {
  it('keep their box, contents and fonts in the PDF, and pdfkit holds no more of them', async () => {
    const pdf = new PDFDocument({ autoFirstPage: false, compress: false });
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => pdf.once('end', resolve));
    const words = ['first', 'second', 'third'];
    let drawn: PDFKit.PDFPage[] = [];
    const pages = words.map((word, index) => {
      writeOutPages(pdf, drawn);
      pdf.addPage({ size: [200 + index * 10, 300], margin: 0 });
      pdf.font('Helvetica').text(`the ${word} page`, 20, 20);
      drawn = [pdf.page];
      return pdf.page;
    });
    writeOutPages(pdf, drawn);
    pdf.end();
    await ended;
    const bytes = Buffer.concat(chunks);

    expect(checkStructure(bytes)).toEqual([]);
    expect((await readPdf(bytes)).pages.map((text) => text.trim())).toEqual(words.map((word) => `the ${word} page`));
    const pageObjects = [...bytes.toString('latin1').matchAll(/\/Type \/Page\n[\s\S]*?\n>>/g)].map((match) => match[0]);
    expect(pageObjects.map((page) => /\/MediaBox \[0 0 (\d+) 300\]/.exec(page)?.[1])).toEqual(['200', '210', '220']);
    for (const page of pageObjects) expect(page).toMatch(/\/Contents \d+ 0 R[\s\S]*\/Resources \d+ 0 R/);
    expect(pages.map((page) => Object.keys(page.dictionary.data))).toEqual([[], [], []]);
  });
});
