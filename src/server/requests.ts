import type { Guide } from '../guide/index.js';
import { PAIR_LAYOUTS, PAPER_NAMES, type RawValues } from '../index.js';
import type { FormChoices } from './form-view.js';
import { said, type Said } from '../messages/index.js';

/** A request the server cannot take as it is, answered with its status and a message in the guide's languages. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly said: Said,
  ) {
    super(said.id);
  }
}

type Body = Record<string, string | string[]>;

/** The page's own controls, beside the guide's fields. */
const PAGE_FIELDS = ['_paper', '_layout', '_show_id_number'];

/** The most entries a form of this guide can send: one a field, one a ticked option, and the page's own. */
export function mostEntries(guide: Guide): number {
  return guide.form.fields.reduce((sum, field) => sum + (field.type === 'checkboxes' ? field.options.length : 1), PAGE_FIELDS.length);
}

/**
 * A URL-encoded form body, strictly: a body of more entries than the form has is refused before
 * it is split, and a broken %-escape or bytes that are not UTF-8 are refused rather than kept as
 * they came (decodeURIComponent throws on both, where URLSearchParams lets them through). The
 * body comes as text decoded leniently: a byte that is not UTF-8 became U+FFFD, which a browser
 * would have sent %-escaped.
 */
export function parseUrlEncoded(text: string, most: number): Body {
  let entries = 1;
  for (let index = text.indexOf('&'); index >= 0; index = text.indexOf('&', index + 1)) if (++entries > most) throw new HttpProblem(400, said('request.tooMany'));
  if (text.includes('\uFFFD')) throw new HttpProblem(400, said('request.badEncoding'));
  const body = Object.create(null) as Body;
  for (const pair of text.split('&').filter(Boolean)) {
    const equals = pair.indexOf('=');
    const name = decode(equals < 0 ? pair : pair.slice(0, equals));
    const value = decode(equals < 0 ? '' : pair.slice(equals + 1));
    const known = body[name];
    body[name] = known === undefined ? value : [known, value].flat();
  }
  return body;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    throw new HttpProblem(400, said('request.badEncoding'));
  }
}

/**
 * A posted form's fields: the page's own controls, whose names start with _ as no field id can,
 * and the person's answers, checked by the library like any other.
 */
export function readFormBody(body: unknown, most: number): { values: RawValues; choices: FormChoices } {
  const fields = asBody(body, most);
  const { _paper, _layout, _show_id_number, ...values } = fields;
  return { values, choices: readChoices(fields) };
}

/** The page's own choices: paper, layout, and whether the ID number is printed in full. */
export function readChoices(fields: Readonly<Record<string, string | string[] | undefined>>): FormChoices {
  return {
    paper: oneOf(fields._paper, PAPER_NAMES, 'a4', said('request.noSuchPaper')),
    layout: oneOf(fields._layout, PAIR_LAYOUTS, 'stacked', said('request.noSuchLayout')),
    showIdNumber: single(fields._show_id_number) === 'yes',
  };
}

/** The fields of a form post (URL-encoded, or JSON of strings and lists of strings). */
function asBody(body: unknown, most: number): Body {
  const plain = typeof body === 'object' && body !== null && !Array.isArray(body);
  const entries = plain ? Object.entries(body) : [];
  const valid = plain && entries.every(([, value]) => typeof value === 'string' || (Array.isArray(value) && value.every((entry) => typeof entry === 'string')));
  if (!valid) throw new HttpProblem(400, said('request.notFields'));
  if (entries.reduce((sum, [, value]) => sum + (Array.isArray(value) ? value.length : 1), 0) > most) throw new HttpProblem(400, said('request.tooMany'));
  return Object.fromEntries(entries) as Body;
}

function single(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) throw new HttpProblem(400, said('request.sentTwice'));
  return value;
}

function oneOf<T extends string>(value: string | string[] | undefined, known: readonly T[], fallback: T, unknown: Said): T {
  const given = single(value);
  if (given === undefined || given === '') return fallback;
  if (!(known as readonly string[]).includes(given)) throw new HttpProblem(400, unknown);
  return given as T;
}
