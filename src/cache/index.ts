import { join } from 'node:path';
import type { FontSet } from '../fonts/index.js';
import type { KeptShapes } from '../layout/index.js';
import { countWordShapes, deferWordShapes, exportWordShapes, type ByteCache, type StoredWordShapes } from '../pdf/index.js';
import { createByteCache } from './bytes.js';
import { fingerprintOf } from './fingerprints.js';
import { readKept, writeKept, type KeptKind } from './kept.js';
import { countShapes, readShapes, writeShapes } from './shapes.js';

export { keptDocuments, keptGuides, keptLayouts, keptMarkups } from './stores.js';

/** What runs keep for later ones: text shapes for the layout, encoded font subsets and drawn documents for the PDF writer. */
export interface Kept extends KeptBytes {
  shapes: KeptShapes;
}

export interface KeptBytes {
  subsets: ByteCache;
  pdfs: ByteCache;
}

// Each edit that brings new characters adds a subset of a face or two (about 70 KB each): room
// for many drafts of several guides. The least recently used go first.
const MOST_SUBSET_BYTES = 64 * 2 ** 20;
// A build's documents take about 1.1 MB, most of it the fillable form's font: room for a few
// dozen drafts.
const MOST_PDF_BYTES = 32 * 2 ** 20;

const wordsKind = (fonts: FontSet): KeptKind => ({ kind: 'words', fonts, code: fingerprintOf('words') });

// Each made once a process, so a watch session or a batch keeps adding to the same.
const bytesByFolder = new Map<string | undefined, KeptBytes>();
const shapesByFolder = new Map<string | undefined, { shapes: KeptShapes; read: number }>();

/**
 * The caches of encoded subsets and of drawn documents, which are read entry by entry as they
 * are asked for. pdfkit's word shapes, which go straight into the fonts, are read once it first
 * needs one.
 */
export function keptBytes(cacheDir: string | undefined, fonts: FontSet): KeptBytes {
  const known = bytesByFolder.get(cacheDir);
  if (known) return known;
  // zlib comes with the Node that runs, so it is not in the code's fingerprint.
  const byteCache = (kind: 'subsets' | 'pdfs', mostBytes: number) => createByteCache({ folder: cacheDir && join(cacheDir, kind), code: `${fingerprintOf(kind)} zlib ${process.versions.zlib}`, mostBytes });
  const bytes = { subsets: byteCache('subsets', MOST_SUBSET_BYTES), pdfs: byteCache('pdfs', MOST_PDF_BYTES) };
  if (cacheDir) deferWordShapes(fonts, () => readKept(cacheDir, wordsKind(fonts)) as StoredWordShapes | undefined);
  bytesByFolder.set(cacheDir, bytes);
  return bytes;
}

/** Everything earlier runs kept, the layout's shapes read now: for laying out a document afresh. */
export function keptFor(cacheDir: string | undefined, fonts: FontSet): Kept {
  const bytes = keptBytes(cacheDir, fonts);
  const known = shapesByFolder.get(cacheDir) ?? readShapesOnce(cacheDir, fonts);
  shapesByFolder.set(cacheDir, known);
  return { ...bytes, shapes: known.shapes };
}

function readShapesOnce(cacheDir: string | undefined, fonts: FontSet): { shapes: KeptShapes; read: number } {
  const shapes = cacheDir ? readShapes(cacheDir, fonts) : new Map();
  return { shapes, read: countShapes(shapes) };
}

/** How many shapes this process added to those kept, to tell afterwards whether a run added any; reads none. */
export function countKept(cacheDir: string | undefined, fonts: FontSet): number {
  const known = shapesByFolder.get(cacheDir);
  return (known ? countShapes(known.shapes) - known.read : 0) + countWordShapes(fonts);
}

/** Writes the shapes for the next run when this one added any; subsets and documents are written as they are made. */
export async function keepForNextRun(cacheDir: string | undefined, fonts: FontSet, known: number): Promise<void> {
  if (!cacheDir || countKept(cacheDir, fonts) === known) return;
  const shapes = shapesByFolder.get(cacheDir)?.shapes;
  await Promise.all([shapes && writeShapes(cacheDir, fonts, shapes), writeKept(cacheDir, wordsKind(fonts), exportWordShapes(fonts))]);
}
