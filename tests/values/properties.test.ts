import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ValueError } from '../../src/diagnostics.js';
import { parseMarkup, type DocumentTree } from '../../src/document/index.js';
import { loadFonts, type FontSet } from '../../src/fonts/index.js';
import { loadGuide, type Guide } from '../../src/guide/index.js';
import type { TextItem, WriteInItem } from '../../src/layout/index.js';
import { layoutFilled } from '../helpers/layout.js';
import { fillTemplates } from '../../src/templates/index.js';
import { validateValues } from '../../src/values/index.js';
import { SHIPPED_GUIDE, SHIPPED_TEMPLATES } from '../helpers/build.js';

let guide: Guide;
let fonts: FontSet;
let form: DocumentTree;

beforeAll(async () => {
  [guide, fonts] = await Promise.all([loadGuide(SHIPPED_GUIDE), loadFonts()]);
  const [template] = await fillTemplates({ guide, templatesDir: SHIPPED_TEMPLATES, only: ['store-visit-form'] });
  form = parseMarkup(template!);
});

const PERSON = { name: 'Ana Cruz', number: '0917 123 4567', 'id-type': 'passport', 'id-number': 'E12345678', date: '2026-01-05' };

/** Either the value is printed in its field, whole and in order, or there is a clear error naming the field. */
function printOrRefuse(field: 'name' | 'reason', value: string): void {
  const { values, problems } = validateValues(guide.form.fields, { ...PERSON, [field]: value }, { showSensitive: false, today: '2026-01-05', source: {} });
  if (problems.length) {
    for (const problem of problems) {
      expect(problem).toBeInstanceOf(ValueError);
      expect(problem.format()).toContain(field);
    }
    return;
  }
  let pages;
  try {
    pages = layoutFilled({ document: form, fonts, paper: 'a4', values }).pages;
  } catch (error) {
    expect(error).toBeInstanceOf(ValueError);
    expect((error as ValueError).position.path).toBe(field);
    return;
  }
  const expected = values[field];
  if (!expected) return;
  const line = pages[0]!.items.find((item): item is WriteInItem => item.kind === 'write-in' && item.fieldId === field)!;
  const printed = pages[0]!.items.filter((item): item is TextItem => item.kind === 'text' && item.font === 'bold' && item.x >= line.x && item.y >= line.y - 1 && item.y < line.y + line.height);
  expect(printed.map((item) => item.text).join('').replace(/\s/g, '')).toBe((expected as { text: string }).text.replace(/\s/g, ''));
}

describe('any text in a form field', () => {
  it('is printed whole in its field, or refused with a message naming the field', () => {
    fc.assert(
      fc.property(fc.constantFrom('name' as const, 'reason' as const), fc.string({ unit: 'binary', maxLength: 200 }), (field, value) => printOrRefuse(field, value)),
      { numRuns: 300 },
    );
  });

  it('holds for mixed Chinese, Latin and punctuation too', () => {
    const piece = fc.constantFrom('王', '小明', 'Ana', ' ', '，', '。', '(', ')', '<field/>', '{{x}}', '&amp;', '0917', '-', '\u202E', '\t', 'é');
    fc.assert(fc.property(fc.constantFrom('name' as const, 'reason' as const), fc.array(piece, { maxLength: 60 }).map((parts) => parts.join('')), (field, value) => printOrRefuse(field, value)), { numRuns: 300 });
  });
});

describe('any text in any form field, printed to PDF', () => {
  it('can be read back from the PDF, normalised, or is refused naming the field', async () => {
    const { renderPdf } = await import('../../src/pdf/index.js');
    const { readPdf } = await import('../helpers/pdf.js');
    const fieldIds = guide.form.fields.map((field) => field.id);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fieldIds), fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), fc.stringMatching(/^[王小明李 Ana0-9，.&<>{}"']{1,30}$/)), async (field, value) => {
        const { values, problems } = validateValues(guide.form.fields, { ...PERSON, [field]: value }, { showSensitive: true, today: '2026-01-05', source: {} });
        if (problems.length) {
          expect(problems.map((problem) => problem.format()).join('\n')).toContain(field);
          return;
        }
        let layout;
        try {
          layout = layoutFilled({ document: form, fonts, paper: 'a4', values });
        } catch (error) {
          expect(error).toBeInstanceOf(ValueError);
          expect((error as ValueError).position.path).toBe(field);
          return;
        }
        const printed = values[field];
        const text = (await readPdf(await renderPdf({ layout, metadata: form.metadata, fonts, date: new Date(0) }))).pages[0]!.replace(/\s/g, '');
        if (printed?.kind === 'text') expect(text).toContain(printed.text.replace(/\s/g, ''));
      }),
      { numRuns: 25 },
    );
  });
});
