import type { FilledTemplate } from '../templates/index.js';
import { buildDocument } from './build.js';
import { parseElements } from './parse.js';
import type { DocumentTree } from './types.js';

/** Parses a filled template's markup into the typed block tree; errors point at template lines. */
export function parseMarkup({ name, file, markup }: FilledTemplate): DocumentTree {
  return { name, file, ...buildDocument(parseElements(markup, file)) };
}

export type * from './types.js';
