import { join } from 'node:path';
import type { DocumentTree, ParsedDocuments } from '../document/index.js';
import type { GuideData, ValidatedGuides } from '../guide/index.js';
import type { LaidOutDocument, LaidOutDocuments } from '../layout/index.js';
import type { ByteCache } from '../pdf/index.js';
import type { FilledMarkups } from '../templates/index.js';
import { createByteCache } from './bytes.js';
import { fingerprintOf, type MadeBy } from './fingerprints.js';

/** Values by the digest of everything they follow from. */
interface Store<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
}

interface StoreKind {
  kind: MadeBy;
  /** The most bytes its folder holds; the least recently used entries go first. */
  mostBytes: number;
}

const MB = 2 ** 20;
// Each about 20 KB: an author's guide through a hundred drafts, and a few other guides.
const GUIDES: StoreKind = { kind: 'guides', mostBytes: 2 * MB };
// A draft's documents take about 60 KB of markup, 30 KB of block tree and 120 KB of layout:
// room for a few dozen drafts of each.
const MARKUPS: StoreKind = { kind: 'markups', mostBytes: 4 * MB };
const DOCUMENTS: StoreKind = { kind: 'documents', mostBytes: 4 * MB };
const LAYOUTS: StoreKind = { kind: 'layouts', mostBytes: 8 * MB };

/**
 * Guides validated by earlier runs and this one, by the digest of their YAML: a `form` run, or
 * a rebuild after editing only a template, does not parse and validate the same guide again.
 */
export const keptGuides = (cacheDir: string | undefined): ValidatedGuides => keptStore<GuideData>(cacheDir, GUIDES);

/** Markup filled by earlier runs and this one: an unchanged template is not compiled and run again. */
export const keptMarkups = (cacheDir: string | undefined): FilledMarkups => keptStore<string>(cacheDir, MARKUPS);

/** Documents parsed from their markup by earlier runs and this one: unchanged markup is not parsed again. */
export const keptDocuments = (cacheDir: string | undefined): ParsedDocuments => keptStore<DocumentTree>(cacheDir, DOCUMENTS);

/**
 * Blank documents laid out by earlier builds: a document whose tree, paper and fonts are as
 * before is not measured and broken into lines again. Never a person's form.
 */
export const keptLayouts = (cacheDir: string | undefined): LaidOutDocuments => keptStore<LaidOutDocument>(cacheDir, LAYOUTS);

const storesByFolder = new Map<string, Store<unknown>>();

/**
 * A store made once a process, in memory only when there is no cache folder. In the folder, each
 * value is a file of its own, read only when asked for and written once: a run reads and writes
 * only the values it uses, however many drafts the folder holds.
 */
function keptStore<T>(cacheDir: string | undefined, { kind, mostBytes }: StoreKind): Store<T> {
  const name = `${kind} ${cacheDir ?? ''}`;
  const store = storesByFolder.get(name) ?? jsonStore(createByteCache({ folder: cacheDir && join(cacheDir, kind), code: fingerprintOf(kind), mostBytes }));
  storesByFolder.set(name, store);
  return store as Store<T>;
}

/** Each get parses its value afresh, so no caller can change what another gets. */
function jsonStore(bytes: ByteCache): Store<unknown> {
  return {
    get: (key) => {
      const stored = bytes.get(key);
      return stored && (JSON.parse(Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).toString('utf8')) as unknown);
    },
    set: (key, value) => bytes.set(key, Buffer.from(JSON.stringify(value), 'utf8')),
  };
}
