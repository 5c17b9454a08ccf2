import { beforeAll, describe, expect, it } from 'vitest';
import { loadFonts } from '../../src/fonts/index.js';
import { breakLines } from '../../src/layout/lines.js';
import { createMeasurer, textSetting, type Measurer } from '../../src/layout/measure.js';
import { STYLES } from '../../src/layout/style.js';

let measurer: Measurer;
beforeAll(async () => {
  measurer = createMeasurer(textSetting(await loadFonts(), 'zh-Hans', ['zh-Hans', 'en']));
});

const ENGLISH = 'Once you have filled in the information, the system will prompt you to submit the request and wait for a confirmation message.';
const CHINESE = '填写完信息后，系统会提示你提交申请。提交后，你可能需要等待一段时间才能收到确认消息。有的运营商会通过短信通知你注销的结果，而有的则需要你主动查询。';

describe('breaking lines', () => {
  it.each([120, 180, 260])('keeps English words whole and every line within %i pt', (width) => {
    const lines = breakLines(ENGLISH, STYLES.body.secondary, width, measurer);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.map((line) => line.text).join(' ')).toBe(ENGLISH);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(width);
  });

  it.each([100, 157.5, 160, 231])('never starts a Chinese line with closing punctuation at %s pt', (width) => {
    const lines = breakLines(CHINESE, STYLES.body.primary, width, measurer);
    expect(lines.map((line) => line.text).join('')).toBe(CHINESE);
    for (const line of lines.slice(1)) expect(line.text).not.toMatch(/^[，。、；：？！）」』》]/u);
    for (const line of lines.slice(0, -1)) expect(line.text).not.toMatch(/[（「『《]$/u);
  });

  it('keeps a text that fits whole on one line, even where its words measured apart would not', () => {
    // Kerning can make a whole line narrower than its words measured one by one.
    const kerned: Measurer = { ...measurer, width: (text, role, size) => measurer.width(text, role, size) - (text.length > 10 ? 3 : 0) };
    const text = '0917 123 4567';
    const width = kerned.width(text, 'regular', STYLES.body.secondary.size) + 0.5;
    expect(breakLines(text, STYLES.body.secondary, width, kerned)).toEqual([{ text, width: width - 0.5 }]);
  });

  it('leaves no runt: the last line is never one or two characters alone', () => {
    // Forty characters fill a line exactly, which would leave "二。" alone on the second.
    const line = '一二三四五六七八九十'.repeat(4);
    const width = measurer.width(line, 'regular', STYLES.body.primary.size) + 1;
    const lines = breakLines(`${line}二。`, STYLES.body.primary, width, measurer);
    expect(lines.map((entry) => entry.text)).toEqual([line.slice(0, -1), '十二。']);
  });

  it('splits a string with no break opportunity between characters rather than overflow', () => {
    const serial = 'E1234567890123456789012345678901234567890';
    const lines = breakLines(serial, STYLES.body.secondary, 80, measurer);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.map((line) => line.text).join('')).toBe(serial);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(80);
  });
});
