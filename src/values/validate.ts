import { describeCharacter, said, ValueError, type Said } from '../diagnostics.js';
import type { FieldOption, FormField } from '../guide/index.js';
import { findForbiddenCharacter } from '../guide/text.js';
import { suggestNameSaid } from '../suggest.js';
import { normaliseText } from './normalise.js';
import type { FieldValue, FormValues, RawValues, ValueOptions } from './types.js';

const LIST_SEPARATOR = /\s*[,，、;；]\s*/u;

/**
 * Checks one person's answers against the guide's fields and returns them ready to print.
 * Every problem is collected: unknown ids (with a did-you-mean), each missing required field,
 * and each bad value, by field id and never quoting the value.
 */
export function validateValues(fields: readonly FormField[], raw: RawValues, options: ValueOptions): { values: FormValues; problems: ValueError[] } {
  const byId = new Map(fields.map((field) => [field.id, field]));
  const problems: ValueError[] = [];
  const report = (path: string | undefined, message: Said, hint?: Said) => problems.push(new ValueError(message, { ...options.source, path, hint }));

  reportUnknown(Object.keys(raw).filter((key) => !byId.has(key)), [...byId.keys()], report);
  const entries = new Map(fields.map((field) => [field.id, entriesOf(raw[field.id])]));
  for (const field of fields.filter((each) => each.required && !entries.get(each.id)!.length)) {
    report(field.id, said('value.required'), said('value.required.hint'));
  }

  const values: Record<string, FieldValue> = {};
  for (const field of fields) {
    const given = entries.get(field.id)!;
    if (!given.length) continue;
    if (given.length > 1 && field.type !== 'checkboxes') {
      report(field.id, said('value.givenTwice', { count: String(given.length) }), said('value.givenTwice.hint'));
      continue;
    }
    const text = given.join(',');
    const bad = findForbiddenCharacter(text);
    if (bad) {
      report(field.id, said('value.controlCharacter', { character: describeCharacter(bad) }), said('value.controlCharacter.hint'));
      continue;
    }
    const value = readValue(field, text, options);
    if ('problem' in value) report(field.id, value.problem, value.hint);
    else values[field.id] = value;
  }
  return { values, problems };
}

// A program may send any number of names of any length: a person reads only the first few, each cut short.
const MOST_UNKNOWN_LISTED = 10;
const LONGEST_NAME_SHOWN = 64;

/** The first few unknown ids, each with a did-you-mean, then how many more there are. */
function reportUnknown(unknown: readonly string[], known: readonly string[], report: (path: string | undefined, message: Said, hint?: Said) => void): void {
  for (const id of unknown.slice(0, MOST_UNKNOWN_LISTED)) {
    const characters = Array.from(id.slice(0, LONGEST_NAME_SHOWN * 2 + 2));
    const shown = characters.length > LONGEST_NAME_SHOWN ? `${characters.slice(0, LONGEST_NAME_SHOWN).join('')}…` : id;
    report(undefined, said('value.unknownField', { id: shown }), suggestNameSaid(shown, known, 'fields'));
  }
  const more = unknown.length - MOST_UNKNOWN_LISTED;
  if (more > 0) report(undefined, said('value.moreUnknown', { count: more }));
}

/** The non-empty entries of an answer: a list's items, or the one text. */
export function entriesOf(value: RawValues[string] | undefined): string[] {
  return (typeof value === 'string' ? [value] : value ?? []).filter((entry) => entry.trim() !== '');
}

function readValue(field: FormField, text: string, options: ValueOptions): FieldValue | { problem: Said; hint?: Said } {
  if (field.type === 'choice' || field.type === 'checkboxes') {
    const wanted = field.type === 'choice' ? [text] : text.split(LIST_SEPARATOR).filter(Boolean);
    const ids: string[] = [];
    for (const entry of wanted) {
      const option = findOption(field.options, entry);
      if (!option) return notAnOption(field);
      if (!ids.includes(option.id)) ids.push(option.id);
    }
    return { kind: 'options', ids };
  }
  const checked = normaliseText(field, text, options);
  return checked.ok ? { kind: 'text', text: checked.text } : { problem: checked.problem, hint: checked.hint };
}

function notAnOption(field: FormField): { problem: Said; hint: Said } {
  const ids = field.options.map((each) => each.id).join(', ');
  return { problem: said('value.notOption'), hint: said('value.notOption.hint', { options: ids }) };
}

/** An option by its id or by either of its labels, ignoring case and surrounding space. */
function findOption(options: readonly FieldOption[], entry: string): FieldOption | undefined {
  const key = entry.trim().toLowerCase();
  return options.find((option) => [option.id, option.label.primary, option.label.secondary].some((name) => name.toLowerCase() === key));
}
