import { digest } from '../checked-files.js';
import type { FilledTemplate } from '../templates/index.js';
import { buildDocument } from './build.js';
import { parseElements } from './parse.js';
import type { DocumentTree } from './types.js';

/** Documents that `src/cache` keeps between runs, by the digest of their markup. */
export interface ParsedDocuments {
  get(key: string): DocumentTree | undefined;
  set(key: string, document: DocumentTree): void;
}

/**
 * Parses a filled template's markup into the typed block tree; errors point at template lines.
 * Markup parsed before is taken from `parsed`.
 */
export function parseMarkup({ name, file, markup }: FilledTemplate, { parsed }: { parsed?: ParsedDocuments } = {}): DocumentTree {
  const key = parsed && digest(`${name}\n${file}\n${markup}`);
  const known = key && parsed.get(key);
  if (known) return known;
  const document = { name, file, ...buildDocument(parseElements(markup, file)) };
  if (key) parsed.set(key, document);
  return document;
}

export type * from './types.js';
