import { beforeAll, describe, expect, it } from 'vitest';
import { loadFonts } from '../../src/fonts/index.js';
import { breakLines } from '../../src/layout/lines.js';
import { createMeasurer, textSetting, type Measurer } from '../../src/layout/measure.js';
import { SPACING, STYLES } from '../../src/layout/style.js';

let measurer: Measurer;
beforeAll(async () => {
  measurer = createMeasurer(textSetting(await loadFonts(), 'zh-Hans', ['zh-Hans', 'en']));
});

const EN = { lang: 'en', kind: 'paragraph' } as const;
const ZH = { lang: 'zh-Hans', kind: 'paragraph' } as const;
const ENGLISH = 'Once you have filled in the information, the system will prompt you to submit the request and wait for a confirmation message.';
const CHINESE = '填写完信息后，系统会提示你提交申请。提交后，你可能需要等待一段时间才能收到确认消息。有的运营商会通过短信通知你注销的结果，而有的则需要你主动查询。';

describe('breaking lines', () => {
  it.each([120, 180, 260])('keeps English words whole and every line within %i pt', (width) => {
    const lines = breakLines(ENGLISH, STYLES.body.secondary, width, measurer, EN);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.map((line) => line.text).join(' ')).toBe(ENGLISH);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(width);
  });

  it.each([100, 157.5, 160, 231])('never starts a Chinese line with closing punctuation at %s pt', (width) => {
    const lines = breakLines(CHINESE, STYLES.body.primary, width, measurer, ZH);
    expect(lines.map((line) => line.text).join('')).toBe(CHINESE);
    for (const line of lines.slice(1)) expect(line.text).not.toMatch(/^[，。、；：？！）」』》]/u);
    for (const line of lines.slice(0, -1)) expect(line.text).not.toMatch(/[（「『《]$/u);
  });

  it('keeps a text that fits whole on one line, even where its words measured apart would not', () => {
    // Kerning can make a whole line narrower than its words measured one by one.
    const kerned: Measurer = { ...measurer, width: (text, role, size) => measurer.width(text, role, size) - (text.length > 10 ? 3 : 0) };
    const text = '0917 123 4567';
    const width = kerned.width(text, 'regular', STYLES.body.secondary.size) + 0.5;
    expect(breakLines(text, STYLES.body.secondary, width, kerned, EN)).toEqual([{ text, width: width - 0.5 }]);
  });

  it('leaves no runt: a CJK last line holds three letters, the lines above set full width to make room', () => {
    // Forty characters fill a line exactly, which would leave "二。" alone on the second.
    const line = '一二三四五六七八九十'.repeat(4);
    const width = measurer.width(line, 'regular', STYLES.body.primary.size) + 1;
    const lines = breakLines(`${line}二。`, STYLES.body.primary, width, measurer, ZH);
    expect(lines.map((entry) => entry.text.match(/\p{L}/gu)!.length).at(-1)).toBeGreaterThanOrEqual(3);
    expect(lines).toHaveLength(2);
    const slack = width - lines[0]!.width;
    expect(slack / ([...lines[0]!.text].length - 1)).toBeLessThanOrEqual(SPACING.maxJustification * STYLES.body.primary.size);
  });

  it('avoids a one-word last line in English by breaking the lines above earlier', () => {
    const text = 'Remember to call ahead to ask about its opening hours, so you don’t make a wasted trip.';
    for (const width of [100, 130, 160, 200, 240]) {
      const lines = breakLines(text, STYLES.body.secondary, width, measurer, EN);
      expect(lines.map((line) => line.text).join(' ')).toBe(text);
      if (lines.length > 1) expect(lines.at(-1)!.text, `${width} pt`).toContain(' ');
      for (const line of lines) expect(line.width).toBeLessThanOrEqual(width);
    }
  });

  it('breaks a heading only between BudouX phrases, and Korean only between words', () => {
    const heading = breakLines('フィリピンを本帰国する前に携帯プランの解約を', STYLES.section.primary, 150, measurer, { lang: 'ja', kind: 'heading' });
    expect(heading.length).toBeGreaterThan(1);
    for (const line of heading) expect(['フィリピンを', '本帰国する', '前に', '携帯プランの', '解約を'].join('|')).toContain(line.text.slice(-2));
    const korean = '출국하기 전에 휴대폰 요금제를 해지하는 방법을 차근차근 알려 드립니다.';
    const lines = breakLines(korean, STYLES.body.primary, 120, measurer, { lang: 'ko', kind: 'paragraph' });
    expect(lines.map((line) => line.text).join(' ')).toBe(korean);
  });

  it('splits a string with no break opportunity between characters rather than overflow', () => {
    const serial = 'E1234567890123456789012345678901234567890';
    const lines = breakLines(serial, STYLES.body.secondary, 80, measurer, EN);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.map((line) => line.text).join('')).toBe(serial);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(80);
  });
});
