import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import type { CheckboxItem } from '../../src/layout/index.js';
import { renderPdf } from '../../src/pdf/index.js';
import { prefillForm, prepareForm } from '../../src/pipeline.js';
import { renderPreviews } from '../../src/preview/index.js';
import { validateValues } from '../../src/values/index.js';
import { SHIPPED_GUIDE, SHIPPED_TEMPLATES } from '../helpers/build.js';

const DPI = 144;
const form = await prepareForm({ guide: SHIPPED_GUIDE, templatesDir: SHIPPED_TEMPLATES, template: 'store-visit-form', sourceDateEpoch: undefined, paper: 'a4', pairs: 'stacked' });

/** The form with these answers, drawn and rendered back, with its marks and the grey level (0 black, 255 white) at a point of the page. */
async function renderedForm(raw: Record<string, string>) {
  const { values } = validateValues(form.fields, { name: 'Ana Cruz', number: '0917 123 4567', ...raw }, { showSensitive: false, today: '2026-01-05', source: {} });
  const layout = prefillForm(form, values);
  const [png] = await renderPreviews(await renderPdf({ layout, metadata: form.document.metadata, fonts: form.fonts, date: form.date }), { dpi: DPI });
  const image = await loadImage(png!);
  const context = createCanvas(image.width, image.height).getContext('2d');
  context.drawImage(image, 0, 0);
  const greyAt = (x: number, y: number) => {
    const [red, green, blue] = context.getImageData(Math.round((x * DPI) / 72), Math.round((y * DPI) / 72), 1, 1).data;
    return (red! + green! + blue!) / 3;
  };
  const marks = layout.pages[0]!.items.filter((item): item is CheckboxItem => item.kind === 'checkbox');
  return { greyAt, mark: (optionId: string) => marks.find((mark) => mark.answers?.optionId === optionId)! };
}

describe('the marks of a form’s options', () => {
  it('are round for a choice, a dot in the one chosen, and square for checkboxes, a tick in each ticked', async () => {
    const { greyAt, mark } = await renderedForm({ 'id-type': 'passport', unbound: 'bank' });
    const centre = (item: CheckboxItem) => greyAt(item.x + item.width / 2, item.y + item.height / 2);
    const corner = (item: CheckboxItem) => greyAt(item.x, item.y);
    // The tick's lowest point, where its two strokes meet.
    const tickFoot = (item: CheckboxItem) => greyAt(item.x + 0.42 * item.width, item.y + 0.76 * item.height);

    for (const id of ['id-card', 'passport', 'other']) expect(corner(mark(id)), id).toBeGreaterThan(200);
    expect(centre(mark('passport'))).toBeLessThan(80);
    for (const id of ['id-card', 'other']) expect(centre(mark(id)), id).toBeGreaterThan(200);

    for (const id of ['bank', 'alipay']) expect(corner(mark(id)), id).toBeLessThan(160);
    expect(tickFoot(mark('bank'))).toBeLessThan(120);
    expect(tickFoot(mark('alipay'))).toBeGreaterThan(200);
  });
});
