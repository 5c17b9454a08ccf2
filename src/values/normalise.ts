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
    return problem(said('value.tooLong', { length: String(length), most: String(field.maxLength) }), said('value.tooLong.hint'));
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
  if (!/^\+?[\d\s().-]+$/.test(text)) return problem(said('value.notPhone'), said('value.notPhone.hint'));
  if (!rule) return ok(text);
  const expected = [...rule.format].filter((character) => character === '#').length;
  let digits = text.replace(/\D/g, '');
  const international = rule.countryCode !== undefined && digits.startsWith(rule.countryCode) && digits.length === rule.countryCode.length + expected - rule.trunkPrefix.length;
  if (international && (text.startsWith('+') || !digits.startsWith(rule.trunkPrefix))) digits = rule.trunkPrefix + digits.slice(rule.countryCode!.length);
  if (digits.length !== expected) return problem(said('value.phoneDigits', { count: String(expected) }), said('value.phoneDigits.hint', { example: phoneExample(rule) }));
  let next = 0;
  return ok(rule.format.replace(/#/g, () => digits[next++]!));
}

/**
 * A number written the way the field wants it, which looks like a real one: the guide's own
 * example, or the trunk prefix and a mobile-looking number (0917 123 4567 in the Philippines).
 */
export function phoneExample(rule: PhoneRule): string {
  if (rule.example) return rule.example;
  const digits = `${rule.trunkPrefix}9171234567890123456789`;
  let next = 0;
  return rule.format.replace(/#/g, () => digits[next++] ?? '0');
}

function normaliseDate(text: string, today: string): Checked {
  const value = text.toLowerCase() === 'today' ? today : text;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return problem(said('value.notDate'), said('value.notDate.hint'));
  return isCalendarDate(value) ? ok(value) : problem(said('value.notCalendarDate'), said('value.notCalendarDate.hint'));
}
