import { describe, expect, it } from 'vitest';
import { SHIPPED_GUIDE, SHIPPED_TEMPLATES } from '../helpers/build.js';
import { readPdf } from '../helpers/pdf.js';
import { prepareForm } from '../../src/pipeline.js';
import { layoutDocument } from '../../src/layout/index.js';
import { renderPdf } from '../../src/pdf/index.js';
import { validateValues } from '../../src/values/index.js';

const form = await prepareForm({ guide: SHIPPED_GUIDE, templatesDir: SHIPPED_TEMPLATES, template: 'store-visit-form', sourceDateEpoch: undefined });

/** A filled form, its streams uncompressed so that its font files and widths can be read. */
async function filledForm(person: Record<string, string>): Promise<Buffer> {
  const { values } = validateValues(form.fields, { 'id-type': 'passport', date: '2026-01-05', ...person }, { showSensitive: true, today: '2026-01-05', source: {} });
  const layout = layoutDocument({ document: form.document, fonts: form.fonts, paper: 'a4', values, shapes: form.kept.shapes });
  return renderPdf({ layout, metadata: form.document.metadata, fonts: form.fonts, date: form.date, compress: false });
}

const fontFiles = (pdf: Buffer) => [...pdf.toString('latin1').matchAll(/\/Subtype \/CIDFontType0C[\s\S]*?stream\n([\s\S]*?)\nendstream/g)].map((match) => match[1]!);
const widthArrays = (pdf: Buffer) => [...pdf.toString('latin1').matchAll(/\/W \[([^\]]*\[[^\]]*\])\]/g)].map((match) => match[1]!);

describe('the subsets of a person’s answers', () => {
  it('are one font file for everyone whose answers are in ASCII', async () => {
    const [ana, bo] = await Promise.all([
      filledForm({ name: 'Ana Cruz', number: '0917 123 4567', 'id-number': 'E12345678' }),
      filledForm({ name: 'Bo Li', number: '0918 765 4321', 'id-number': 'P7654321' }),
    ]);
    // The form's own regular and bold, and the answers' face.
    expect(fontFiles(ana).length).toBe(3);
    expect(fontFiles(ana)).toEqual(fontFiles(bo));
    const text = (await readPdf(bo)).pages.join('\n');
    for (const answer of ['Bo Li', '0918 765 4321', 'P7654321']) expect(text).toContain(answer);
  });

  it('add other characters after those, and give every glyph a width', async () => {
    const [chinese, ascii] = await Promise.all([filledForm({ name: '王小明', number: '0917 123 4567', 'id-number': 'E1' }), filledForm({ name: 'Ana', number: '0917 123 4567', 'id-number': 'E1' })]);
    expect(fontFiles(chinese)).not.toEqual(fontFiles(ascii));
    expect((await readPdf(chinese)).pages.join('\n')).toContain('王小明');
    for (const widths of [...widthArrays(chinese), ...widthArrays(ascii)]) expect(widths).not.toContain('null');
  });
});
