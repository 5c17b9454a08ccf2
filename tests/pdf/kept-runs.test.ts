import PDFDocument from 'pdfkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SHIPPED_GUIDE, SHIPPED_TEMPLATES } from '../helpers/build.js';
import { readPdf } from '../helpers/pdf.js';
import { loadFonts } from '../../src/fonts/index.js';
import { layoutDocument, type LaidOutDocument, type TextItem } from '../../src/layout/index.js';
import { renderPdf } from '../../src/pdf/index.js';
import { prepareForm } from '../../src/pipeline.js';
import { validateValues } from '../../src/values/index.js';

const form = await prepareForm({ guide: SHIPPED_GUIDE, templatesDir: SHIPPED_TEMPLATES, template: 'store-visit-form', sourceDateEpoch: undefined });
const fonts = await loadFonts();
const date = new Date(Date.UTC(2026, 0, 5));

function filledForm(name: string): Promise<Buffer> {
  const { values } = validateValues(form.fields, { name, number: '0917 123 4567', 'id-type': 'passport', 'id-number': 'E12345678', date: '2026-01-05' }, { showSensitive: true, today: '2026-01-05', source: {} });
  const layout = layoutDocument({ document: form.document, fonts: form.fonts, paper: 'a4', values, shapes: form.kept.shapes });
  return renderPdf({ layout, metadata: form.document.metadata, fonts: form.fonts, date: form.date });
}

/** A page of lines of Latin text, each on the row given. */
function linesDocument(lines: Record<number, string>): LaidOutDocument {
  const face = fonts.families['Noto Sans SC'].regular.name;
  const items = Object.entries(lines).map(([row, text]): TextItem => {
    const y = 72 + Number(row) * 20;
    return { kind: 'text', x: 72, y, width: 300, height: 14, baseline: y + 11, text, runs: [{ text, face, x: 0 }], font: 'regular', size: 12, color: '#000000', lang: 'en', structure: [{ role: 'P', key: row }] };
  });
  return { geometry: { paper: 'a4', width: 595.28, height: 841.89, margin: { top: 72, right: 72, bottom: 72, left: 72 } }, pages: [{ width: 595.28, height: 841.89, items }], warnings: [] };
}

const metadata = { title: 'Lines', subject: 'Kept runs', lang: 'en', secondaryLang: 'zh-Hans', footer: '', maxPages: undefined };
const renderLines = (lines: Record<number, string>) => renderPdf({ layout: linesDocument(lines), metadata, fonts, date });

/** How many runs pdfkit itself writes while `render` runs. */
async function runsDrawn(render: () => Promise<Buffer>): Promise<{ bytes: Buffer; drawn: number }> {
  const fragment = vi.spyOn(PDFDocument.prototype as unknown as { _fragment: () => void }, '_fragment');
  fragment.mockClear();
  const bytes = await render();
  return { bytes, drawn: fragment.mock.calls.length };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('runs of text kept from an earlier document', () => {
  it('give a form drawn again the very bytes of its first drawing, and only the answers are drawn again', async () => {
    const first = await runsDrawn(() => filledForm('Ana Cruz'));
    await filledForm('Bo Li');
    const again = await runsDrawn(() => filledForm('Ana Cruz'));

    expect(again.bytes.equals(first.bytes)).toBe(true);
    expect(again.drawn).toBeGreaterThan(0);
    expect(again.drawn).toBeLessThan(first.drawn / 5);
    expect((await readPdf(again.bytes)).pages[0]).toContain('Ana Cruz');
  });

  it('are drawn afresh where the font subset numbers their glyphs otherwise', async () => {
    // After "abc", the subset numbers b, c and d 2, 3 and 4; alone, "bcd" has them as 1, 2 and 3.
    const withAbc = await runsDrawn(() => renderLines({ 0: 'abc', 1: 'bcd' }));
    const alone = await runsDrawn(() => renderLines({ 1: 'bcd' }));

    expect(alone.drawn).toBe(1);
    expect((await readPdf(alone.bytes)).pages[0]).toBe('bcd');
    expect((await renderLines({ 0: 'abc', 1: 'bcd' })).equals(withAbc.bytes)).toBe(true);
    expect((await renderLines({ 1: 'bcd' })).equals(alone.bytes)).toBe(true);
  });
});
