import type { DocumentTree, ParsedDocuments } from '../document/index.js';
import type { GuideData, ValidatedGuides } from '../guide/index.js';
import type { FilledMarkups } from '../templates/index.js';
import { fingerprintOf, type MadeBy } from './fingerprints.js';
import { readKept, writeKept } from './kept.js';

/** Values by the digest of everything they follow from, the newest last. */
interface Store<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
}

interface StoreKind {
  kind: MadeBy;
  /** How many values to keep, dropping the oldest. */
  most: number;
}

// An author's guide and its drafts, not every guide ever built.
const GUIDES: StoreKind = { kind: 'guides', most: 8 };
// The documents of a guide and of a few of its drafts.
const MARKUPS: StoreKind = { kind: 'markups', most: 16 };
const DOCUMENTS: StoreKind = { kind: 'documents', most: 16 };

/**
 * Guides validated by earlier runs and this one, by the digest of their YAML: a `form` run, or
 * a rebuild after editing only a template, does not parse and validate the same guide again.
 */
export const keptGuides = (cacheDir: string | undefined): Promise<ValidatedGuides> => keptStore<GuideData>(cacheDir, GUIDES);

/** Markup filled by earlier runs and this one: an unchanged template is not compiled and run again. */
export const keptMarkups = (cacheDir: string | undefined): Promise<FilledMarkups> => keptStore<string>(cacheDir, MARKUPS);

/** Documents parsed from their markup by earlier runs and this one: unchanged markup is not parsed again. */
export const keptDocuments = (cacheDir: string | undefined): Promise<ParsedDocuments> => keptStore<DocumentTree>(cacheDir, DOCUMENTS);

const storesByFolder = new Map<string, Promise<Store<unknown>>>();

/** A store read from the cache folder once a process; in memory only when there is none. */
function keptStore<T>(cacheDir: string | undefined, kind: StoreKind): Promise<Store<T>> {
  const key = `${kind.kind} ${cacheDir ?? ''}`;
  const store = storesByFolder.get(key) ?? readStore(cacheDir, kind);
  storesByFolder.set(key, store);
  return store as Promise<Store<T>>;
}

async function readStore(cacheDir: string | undefined, { most, kind: name }: StoreKind): Promise<Store<unknown>> {
  const kind = { kind: name, code: fingerprintOf(name) };
  const stored = cacheDir ? ((await readKept(cacheDir, kind)) as Record<string, unknown> | undefined) : undefined;
  const values = new Map(Object.entries(stored ?? {}));
  let writing: NodeJS.Immediate | undefined;
  return {
    get: (key) => values.get(key),
    set: (key, value) => {
      values.delete(key);
      values.set(key, value);
      for (const oldest of [...values.keys()].slice(0, -most)) values.delete(oldest);
      // One write for everything a run adds.
      if (cacheDir) writing ??= setImmediate(() => {
        writing = undefined;
        void writeKept(cacheDir, kind, Object.fromEntries(values));
      });
    },
  };
}
