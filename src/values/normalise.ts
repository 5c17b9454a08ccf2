import type { FormField, PhoneRule } from '../guide/index.js';
import { isCalendarDate } from '../dates.js';
import { said, type Said } from '../diagnostics.js';
import type { ValueOptions } from './types.js';

/** Either the printable value or what is wrong with it, never quoting the value itself. */
export type Checked = { ok: true; text: string } | { ok: false; problem: Said; hint?: Said };

const ok = (text: string): Checked => ({ ok: true, text });
const problem = (message: Said, hint?: Said): Checked => ({ ok: false, problem: message, hint });

const MASK = '*';
const VISIBLE_TAIL = 4;

export function normaliseText(field: FormField, raw: string, options: ValueOptions): Checked {
  const text = raw.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (field.maxLength !== undefined && [...text].length > field.maxLength) {
    const length = [...text].length;
    return problem(said(`is ${length} characters long, more than the ${field.maxLength} allowed`, `有 ${length} 个字，超过了上限 ${field.maxLength} 个`), said('shorten it', '请写短一些'));
  }
  const checked = field.type === 'phone' ? normalisePhone(text, field.phone) : field.type === 'date' ? normaliseDate(text, options.today) : ok(text);
  return checked.ok && field.sensitive && !options.showSensitive ? ok(mask(checked.text)) : checked;
}

/** Only the last four characters stay readable: enough for the staff to check against the ID. */
function mask(text: string): string {
  const characters = [...text];
  return characters.map((character, index) => (index < characters.length - VISIBLE_TAIL && character !== ' ' ? MASK : character)).join('');
}

function normalisePhone(text: string, rule: PhoneRule | undefined): Checked {
  if (!/^\+?[\d\s().-]+$/.test(text)) return problem(said('is not a phone number', '不是电话号码'), said('use digits, with spaces, hyphens or a leading + if you like', '请填数字，可以用空格、连字符，或以 + 开头'));
  if (!rule) return ok(text);
  const expected = [...rule.format].filter((character) => character === '#').length;
  let digits = text.replace(/\D/g, '');
  const international = rule.countryCode !== undefined && digits.startsWith(rule.countryCode) && digits.length === rule.countryCode.length + expected - rule.trunkPrefix.length;
  if (international && (text.startsWith('+') || !digits.startsWith(rule.trunkPrefix))) digits = rule.trunkPrefix + digits.slice(rule.countryCode!.length);
  if (digits.length !== expected) return problem(said(`must have ${expected} digits`, `应为 ${expected} 位数字`), said(`write it like ${example(rule.format)}`, `格式如 ${example(rule.format)}`));
  let next = 0;
  return ok(rule.format.replace(/#/g, () => digits[next++]!));
}

function example(format: string): string {
  let digit = 0;
  return format.replace(/#/g, () => String(digit++ % 10));
}

function normaliseDate(text: string, today: string): Checked {
  const value = text.toLowerCase() === 'today' ? today : text;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return problem(said('is not a date', '不是日期'), said('write it as YYYY-MM-DD, or "today"', '请写成 YYYY-MM-DD（年-月-日），或写 today 表示今天'));
  return isCalendarDate(value) ? ok(value) : problem(said('is not a real calendar date', '日历上没有这一天'), said('check the month and the day', '请检查月份和日期'));
}
