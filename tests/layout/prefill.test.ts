import { beforeAll, describe, expect, it } from 'vitest';
import { ValueError } from '../../src/diagnostics.js';
import { loadFonts } from '../../src/fonts/index.js';
import { createMeasurer, textSetting } from '../../src/layout/measure.js';
import { prefillPages } from '../../src/layout/prefill.js';
import { VALUE } from '../../src/layout/style.js';
import type { Page, TextItem, WriteInItem } from '../../src/layout/types.js';
import type { TextContext } from '../../src/layout/text.js';

let context: TextContext;
beforeAll(async () => {
  const fonts = await loadFonts();
  const measurerIn = (lang: string) => createMeasurer(textSetting(fonts, lang, ['zh-Hans', 'en']));
  context = { measurers: { primary: measurerIn('zh-Hans'), secondary: measurerIn('en') }, langs: { primary: 'zh-Hans', secondary: 'en' }, pairs: 'stacked', structure: [], halfPage: 350 };
});

const line: WriteInItem = { kind: 'write-in', fieldId: 'reason', label: '注销原因 / Reason for cancelling', x: 200, y: 100, width: 250, height: 20, baseline: 117, structure: [{ role: 'Form', key: 'reason' }] };
const page: Page = { width: 595, height: 842, items: [line] };
const printed = (text: string) => prefillPages([page], { reason: { kind: 'text', text } }, context).pages[0]!.items.filter((item): item is TextItem => item.kind === 'text');

describe('prefilled values', () => {
  it('print a short value at full size on the line', () => {
    const [value] = printed('Moving abroad');
    expect(value).toMatchObject({ text: 'Moving abroad', size: VALUE.style.size, font: 'bold', baseline: line.baseline, lang: 'en', personal: true });
  });

  it('shrink a longer value to one line before they wrap', () => {
    const items = printed('I no longer use this SIM card and I am moving away');
    expect(items).toHaveLength(1);
    expect(items[0]!.size).toBeLessThan(VALUE.style.size);
    expect(items[0]!.size).toBeGreaterThanOrEqual(VALUE.minSize);
  });

  it('wrap a value too long for one line, inside the box, the last line on the baseline', () => {
    const items = printed('我要出国了，不再使用这张卡。I am leaving the country for good and will not use this SIM card any more.');
    expect(items.length).toBeGreaterThan(1);
    for (const item of items) {
      expect(item.size).toBeGreaterThanOrEqual(VALUE.minSize);
      expect(item.y).toBeGreaterThanOrEqual(line.y);
      expect(item.x + item.width).toBeLessThanOrEqual(line.x + line.width);
    }
    expect(items.at(-1)!.baseline).toBe(line.baseline);
  });

  it('wrap a value across the rows of a field of several lines at full size, each line on its row', () => {
    const rows: WriteInItem = { ...line, y: 40, height: 77, rows: 3, pitch: 30 };
    const text = 'I am leaving the Philippines for good and will no longer use this SIM card.';
    const items = prefillPages([{ ...page, items: [rows] }], { reason: { kind: 'text', text } }, context).pages[0]!.items.filter((item): item is TextItem => item.kind === 'text');
    expect(items.length).toBeGreaterThan(1);
    expect(items.length).toBeLessThanOrEqual(3);
    for (const item of items) expect(item.size).toBe(VALUE.style.size);
    expect(items.map((item) => item.baseline)).toEqual(items.map((_, index) => rows.baseline - (3 - 1 - index) * 30));
  });

  it('break a Korean answer between words only', async () => {
    const fonts = await loadFonts();
    const measurerIn = (lang: string) => createMeasurer(textSetting(fonts, lang, ['ko', 'en']));
    const korean: TextContext = { measurers: { primary: measurerIn('ko'), secondary: measurerIn('en') }, langs: { primary: 'ko', secondary: 'en' }, pairs: 'stacked', structure: [], halfPage: 350 };
    const rows: WriteInItem = { ...line, width: 160, y: 40, height: 77, rows: 3, pitch: 30 };
    const text = '한국으로 완전히 돌아가게 되어서 이 번호는 더 이상 쓰지 않습니다. 예전에도 똑같았습니다.';
    const items = prefillPages([{ ...page, items: [rows] }], { reason: { kind: 'text', text } }, korean).pages[0]!.items.filter((item): item is TextItem => item.kind === 'text');
    expect(items.length).toBeGreaterThan(1);
    expect(items.map((item) => item.text).join(' ')).toBe(text);
  });

  it('refuse a value that cannot fit even at the smallest size, naming the field', () => {
    expect(() => printed('很长的原因'.repeat(40))).toThrow(ValueError);
    expect(() => printed('很长的原因'.repeat(40))).toThrow(/too long to fit/);
    try {
      printed('很长的原因'.repeat(40));
    } catch (error) {
      expect((error as ValueError).position.path).toBe('reason');
    }
  });
});
