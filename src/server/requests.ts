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

/**
 * A posted form's fields: the page's own controls, whose names start with _ as no field id can,
 * and the person's answers, checked by the library like any other.
 */
export function readFormBody(body: unknown): { values: RawValues; choices: FormChoices } {
  const fields = asBody(body);
  const { _paper, _layout, _show_id_number, ...values } = fields;
  return {
    values,
    choices: {
      paper: oneOf(_paper, PAPER_NAMES, 'a4', said('request.noSuchPaper')),
      layout: oneOf(_layout, PAIR_LAYOUTS, 'stacked', said('request.noSuchLayout')),
      showIdNumber: single(_show_id_number) === 'yes',
    },
  };
}

/** The fields of a form post (URL-encoded, or JSON of strings and lists of strings). */
export function asBody(body: unknown): Body {
  const plain = typeof body === 'object' && body !== null && !Array.isArray(body);
  const entries = plain ? Object.entries(body) : [];
  const valid = plain && entries.every(([, value]) => typeof value === 'string' || (Array.isArray(value) && value.every((entry) => typeof entry === 'string')));
  if (!valid) throw new HttpProblem(400, said('request.notFields'));
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
