import type { FormField, PhoneRule } from '../guide/index.js';
import { isCalendarDate } from '../dates.js';
import type { ValueOptions } from './types.js';

/** Either the printable value or what is wrong with it, never quoting the value itself. */
export type Checked = { ok: true; text: string } | { ok: false; problem: string; hint?: string };

const ok = (text: string): Checked => ({ ok: true, text });
const problem = (message: string, hint?: string): Checked => ({ ok: false, problem: message, hint });

const MASK = '*';
const VISIBLE_TAIL = 4;

export function normaliseText(field: FormField, raw: string, options: ValueOptions): Checked {
  const text = raw.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (field.maxLength !== undefined && [...text].length > field.maxLength) {
    return problem(`is ${[...text].length} characters long, more than the ${field.maxLength} allowed`, 'shorten it');
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
  if (!/^\+?[\d\s().-]+$/.test(text)) return problem('is not a phone number', 'use digits, with spaces, hyphens or a leading + if you like');
  if (!rule) return ok(text);
  const expected = [...rule.format].filter((character) => character === '#').length;
  let digits = text.replace(/\D/g, '');
  const international = rule.countryCode !== undefined && digits.startsWith(rule.countryCode) && digits.length === rule.countryCode.length + expected - rule.trunkPrefix.length;
  if (international && (text.startsWith('+') || !digits.startsWith(rule.trunkPrefix))) digits = rule.trunkPrefix + digits.slice(rule.countryCode!.length);
  if (digits.length !== expected) return problem(`must have ${expected} digits`, `write it like ${example(rule.format)}`);
  let next = 0;
  return ok(rule.format.replace(/#/g, () => digits[next++]!));
}

function example(format: string): string {
  let digit = 0;
  return format.replace(/#/g, () => String(digit++ % 10));
}

function normaliseDate(text: string, today: string): Checked {
  const value = text.toLowerCase() === 'today' ? today : text;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return problem('is not a date', 'write it as YYYY-MM-DD, or "today"');
  return isCalendarDate(value) ? ok(value) : problem('is not a real calendar date', 'check the month and the day');
}
