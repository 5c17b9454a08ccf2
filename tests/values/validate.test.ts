import { beforeAll, describe, expect, it } from 'vitest';
import { loadGuide, type FormField } from '../../src/guide/index.js';
import { validateValues, type RawValues } from '../../src/values/index.js';
import { SHIPPED_GUIDE } from '../helpers/build.js';

let fields: FormField[];
beforeAll(async () => {
  fields = (await loadGuide(SHIPPED_GUIDE)).form.fields;
});

const COMPLETE = { name: '王小明', number: '0917 123 4567', 'id-type': 'passport', 'id-number': 'E12345678', date: '2026-01-31' };
const check = (raw: RawValues, showSensitive = false) => validateValues(fields, raw, { showSensitive, today: '2026-03-04', source: { file: 'people.csv', row: 7 } });
const messages = (raw: RawValues) => check(raw).problems.map((problem) => problem.format());

describe('form values', () => {
  it('accepts a complete person and masks the ID number to its last four characters', () => {
    const { values, problems } = check(COMPLETE);
    expect(problems).toEqual([]);
    expect(values['id-number']).toEqual({ kind: 'text', text: '*****5678' });
    expect(values['id-type']).toEqual({ kind: 'options', ids: ['passport'] });
    expect(check(COMPLETE, true).values['id-number']).toEqual({ kind: 'text', text: 'E12345678' });
  });

  it.each([
    ['0917 123 4567', '0917 123 4567'],
    ['09171234567', '0917 123 4567'],
    ['+63 917 123 4567', '0917 123 4567'],
    ['+63-917-123-4567', '0917 123 4567'],
    ['639171234567', '0917 123 4567'],
  ])('prints the phone number %s as %s', (given, printed) => {
    expect(check({ ...COMPLETE, number: given }).values.number).toEqual({ kind: 'text', text: printed });
  });

  it('masks a sensitive field of any type after normalising it', () => {
    const sensitivePhone = fields.map((field) => (field.id === 'contact' ? { ...field, sensitive: true } : field));
    const { values } = validateValues(sensitivePhone, { ...COMPLETE, contact: '+63 918 111 2222' }, { showSensitive: false, today: '2026-03-04', source: {} });
    expect(values.contact).toEqual({ kind: 'text', text: '**** *** 2222' });
  });

  it('fills "today" with the local date', () => {
    expect(check({ ...COMPLETE, date: 'today' }).values.date).toEqual({ kind: 'text', text: '2026-03-04' });
  });

  it('accepts an option by id or by either label, and several checkboxes at once', () => {
    expect(check({ ...COMPLETE, 'id-type': '护照' }).values['id-type']).toEqual({ kind: 'options', ids: ['passport'] });
    expect(check({ ...COMPLETE, 'id-type': 'Passport' }).values['id-type']).toEqual({ kind: 'options', ids: ['passport'] });
    expect(check({ ...COMPLETE, unbound: 'bank, 支付宝、WeChat Pay' }).values.unbound).toEqual({ kind: 'options', ids: ['bank', 'alipay', 'wechat-pay'] });
  });

  it('names every missing required field, each by its id, in English, and says which message it is', () => {
    const { problems } = check({ date: 'today' });
    expect(problems.map((problem) => problem.format())).toEqual(['name', 'number'].map((id) => `people.csv: row 7: ${id}: is required (hint: give a value)`));
    expect(problems.map((problem) => problem.said?.message.id)).toEqual(Array(2).fill('value.required'));
  });

  it('requires only the name and the number to cancel: the rest may be written in by hand', () => {
    const { values, problems } = check({ name: '王小明', number: '0917 123 4567' });
    expect(problems).toEqual([]);
    expect(Object.keys(values)).toEqual(['name', 'number']);
  });

  it('takes a list for a checkboxes field, and refuses one for any other field', () => {
    expect(check({ ...COMPLETE, unbound: ['bank', '支付宝'] }).values.unbound).toEqual({ kind: 'options', ids: ['bank', 'alipay'] });
    expect(check({ ...COMPLETE, name: ['A', ''] }).problems).toEqual([]);
    expect(messages({ ...COMPLETE, name: ['A', 'B'] })).toEqual(["people.csv: row 7: name: is given 2 times (hint: give it once)"]);
  });

  it('suggests the field a misspelt id probably meant', () => {
    expect(messages({ ...COMPLETE, nmae: 'x' })).toEqual([expect.stringContaining('unknown field "nmae" (hint: did you mean "name"?')]);
  });

  it.each([
    ['number', '12345', 'row 7: number: must have 11 digits'],
    ['number', 'call me', 'row 7: number: is not a phone number'],
    ['date', '2026-02-30', 'row 7: date: is not a real calendar date'],
    ['date', '31/01/2026', 'row 7: date: is not a date'],
    ['id-type', 'driving licence', 'row 7: id-type: is not one of the options'],
    ['reason', 'x'.repeat(57), 'row 7: reason: is 57 characters long, more than the 56 allowed'],
    ['name', 'Wang\u202Eming', 'row 7: name: contains the invisible control character U+202E'],
  ])('rejects a bad %s with its row and field, never the value', (field, value, expected) => {
    const [message] = messages({ ...COMPLETE, [field]: value });
    expect(message).toContain(`people.csv: ${expected}`);
    expect(message).not.toContain(value);
  });
});

describe('the phone hint', () => {
  const phone = (rule: Partial<NonNullable<FormField['phone']>>): FormField[] => [{ id: 'number', type: 'phone', label: { primary: '号码', secondary: 'Number' }, required: false, lines: 1, sensitive: false, options: [], phone: { trunkPrefix: '0', format: '#### ### ####', ...rule } }];
  const hint = (fields: FormField[]) => validateValues(fields, { number: '12' }, { showSensitive: false, today: '2026-03-04', source: {} }).problems.map((problem) => problem.hint);

  it('shows a number that looks real, made from the format and the trunk prefix', () => {
    expect(hint(phone({}))).toEqual(['write it like 0917 123 4567']);
    expect(hint(phone({ trunkPrefix: '', format: '### #### ####' }))).toEqual(['write it like 917 1234 5678']);
  });

  it("shows the guide's own example where it gives one", () => {
    expect(hint(phone({ trunkPrefix: '0', format: '###-####-####', example: '090-1234-5678' }))).toEqual(['write it like 090-1234-5678']);
  });
});
