import { beforeAll, describe, expect, it } from 'vitest';
import type { FieldBlock } from '../../src/document/index.js';
import { loadFonts } from '../../src/fonts/index.js';
import { capacityWarnings } from '../../src/layout/capacity.js';
import { createMeasurer, textSetting } from '../../src/layout/measure.js';
import type { TextContext } from '../../src/layout/text.js';
import type { Page, WriteInItem } from '../../src/layout/types.js';

let korean: TextContext;
let english: TextContext;
beforeAll(async () => {
  const fonts = await loadFonts();
  const context = (primary: string, secondary: string): TextContext => {
    const measurerIn = (lang: string) => createMeasurer(textSetting(fonts, lang, [primary, secondary]));
    return { measurers: { primary: measurerIn(primary), secondary: measurerIn(secondary) }, langs: { primary, secondary }, pairs: 'stacked', structure: [], halfPage: 350 };
  };
  korean = context('ko', 'en');
  english = context('en', 'fil');
});

const line: WriteInItem = { kind: 'write-in', fieldId: 'reason', label: '해지 사유 / Reason', x: 200, y: 100, width: 290, height: 20, baseline: 117, structure: [] };
const field = (maxLength: number): FieldBlock => ({ type: 'field', id: 'reason', kind: 'text', label: { primary: '해지 사유' }, options: [], lines: 1, maxLength, at: { file: 'form.hbs' } });
const pageWith = (item: WriteInItem): Page[] => [{ width: 595, height: 842, items: [item] }];

describe('the capacity of a field', () => {
  it('is warned of when max_length full-width characters could not print at 9 pt on its one line, with the lines it would need', () => {
    const [warning, ...others] = capacityWarnings(pageWith(line), [field(300)], korean);
    expect(others).toEqual([]);
    expect(warning!.position.path).toBe('reason');
    // 282 pt, a Hangul syllable at 9 pt a little under 9 pt wide: some 30 of them.
    expect(warning!.message).toMatch(/max_length 300 is more than its line can print at 9 pt or larger: about 3\d of its widest characters/);
    expect(warning!.hint).toMatch(/lower max_length to 3\d/);
    expect(warning!.hint).not.toMatch(/lines:/);
  });

  it('counts every line a field has, and is silent when they hold max_length', () => {
    const rows = { ...line, rows: 3, pitch: 24 };
    expect(capacityWarnings(pageWith(rows), [field(90)], korean)).toEqual([]);
    expect(capacityWarnings(pageWith(rows), [field(130)], korean)[0]!.message).toMatch(/its 3 lines/);
    expect(capacityWarnings(pageWith(line), [field(60)], korean)[0]!.hint).toMatch(/give it lines: 2/);
  });

  it('measures a guide without CJK by its widest Latin letter', () => {
    const [warning] = capacityWarnings(pageWith(line), [field(60)], english);
    expect(warning!.message).toMatch(/about (2\d|3\d) of its widest characters/);
    expect(capacityWarnings(pageWith(line), [{ ...field(60), maxLength: undefined }], english)).toEqual([]);
  });
});
