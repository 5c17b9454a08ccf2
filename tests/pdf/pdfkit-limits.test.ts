import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';

// src/pdf reaches past pdfkit's documented API in two places, each for a defect or a missing
// feature of pdfkit 0.20.2. These tests draw with pdfkit alone and pass while pdfkit still has
// them: one that fails says that a new pdfkit no longer does, and that the workaround can go.

const FONT = join(import.meta.dirname, '..', '..', 'node_modules', '@embedpdf', 'fonts-latin', 'fonts', 'NotoSans-Regular.ttf');

async function drawn(draw: (pdf: PDFKit.PDFDocument) => void, options: PDFKit.PDFDocumentOptions = {}): Promise<string> {
  const pdf = new PDFDocument({ compress: false, ...options });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => pdf.once('end', resolve));
  draw(pdf);
  pdf.end();
  await ended;
  return Buffer.concat(chunks).toString('latin1');
}

describe('pdfkit 0.20.2, as src/pdf/xmp.ts works around it', () => {
  it('copies a title into PDF/A metadata unescaped, so a & makes the XML malformed, and leaves out the modification date', async () => {
    const raw = await drawn(() => undefined, { pdfVersion: '1.7', subset: 'PDF/A-2b', info: { Title: 'Bills & fees', ModDate: new Date(0) } });
    const xmp = raw.slice(raw.indexOf('<x:xmpmeta'), raw.indexOf('</x:xmpmeta>') + '</x:xmpmeta>'.length);
    expect(xmp).toContain('Bills & fees');
    expect(() => new SaxesParser().write(xmp).close()).toThrow();
    expect(xmp).not.toContain('ModifyDate');
  });
});

describe('pdfkit 0.20.2, as src/pdf/fields.ts works around it', () => {
  it('embeds the font of a form, when it is not a standard one, cut to the glyphs drawn: none, even with embedFonts (foliojs/pdfkit#1789, unreleased)', async () => {
    const raw = await drawn((pdf) => {
      pdf.font(readFileSync(FONT));
      (pdf.initForm as (options: object) => PDFKit.PDFDocument)({ embedFonts: true });
      pdf.formText('name', 20, 20, 200, 20);
    });
    // The font's widths: one entry, for the .notdef glyph, where a whole font has hundreds.
    const widths = /\/W \[0 \[([^\]]*)\]\]/.exec(raw);
    expect(widths?.[1]?.trim().split(/\s+/)).toHaveLength(1);
  });

  it('leaves out of a field any option it does not map, such as its description for screen readers (TU, foliojs/pdfkit#1803)', async () => {
    const raw = await drawn((pdf) => {
      pdf.font('Helvetica').initForm();
      pdf.formText('name', 20, 20, 200, 20, { TU: new String('Full name') });
    });
    expect(raw).toContain('/T (name)');
    expect(raw).not.toContain('/TU');
  });
});
