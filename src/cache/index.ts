import { join } from 'node:path';
import type { FontSet } from '../fonts/index.js';
import { createShapeCache, type ShapeCache } from '../layout/index.js';
import { countWordShapes, createSubsetCache, exportWordShapes, importWordShapes, type StoredWordShapes, type SubsetCache } from '../pdf/index.js';
import { fingerprintOf } from './fingerprints.js';
import { readKept, writeKept, type KeptKind } from './kept.js';
import { countShapes, readShapes, writeShapes } from './shapes.js';

export { keptDocuments, keptGuides, keptMarkups } from './stores.js';

/** What runs keep for later ones: text shapes for the layout, encoded font subsets for the PDF writer. */
export interface Kept {
  shapes: ShapeCache;
  subsets: SubsetCache;
}

const wordsKind = (fonts: FontSet): KeptKind => ({ kind: 'words', fonts, code: fingerprintOf('words') });

// Read once a process, so a watch session or a batch keeps adding to the same.
const keptByFolder = new Map<string | undefined, Promise<Kept>>();

/**
 * What earlier runs left in the cache folder, in memory only when there is none; pdfkit's word
 * shapes go straight into the fonts, where the PDF writer finds them.
 */
export function keptFor(cacheDir: string | undefined, fonts: FontSet): Promise<Kept> {
  const kept = keptByFolder.get(cacheDir) ?? readKeptFolder(cacheDir, fonts);
  keptByFolder.set(cacheDir, kept);
  return kept;
}

async function readKeptFolder(cacheDir: string | undefined, fonts: FontSet): Promise<Kept> {
  const subsets = createSubsetCache({ folder: cacheDir && join(cacheDir, 'subsets'), code: `${fingerprintOf('subsets')} zlib ${process.versions.zlib}` });
  if (!cacheDir) return { shapes: createShapeCache(), subsets };
  const [shapes, words] = await Promise.all([readShapes(cacheDir, fonts), readKept(cacheDir, wordsKind(fonts))]);
  if (words) importWordShapes(fonts, words as StoredWordShapes);
  return { shapes, subsets };
}

/** How many shapes are known, to tell afterwards whether a run added any. */
export function countKept(fonts: FontSet, kept: Kept): number {
  return countShapes(kept.shapes) + countWordShapes(fonts);
}

/** Writes the shapes for the next run when this one added any; subsets are written as they are made. */
export async function keepForNextRun(cacheDir: string | undefined, fonts: FontSet, { kept, known }: { kept: Kept; known: number }): Promise<void> {
  if (!cacheDir || countKept(fonts, kept) === known) return;
  await Promise.all([writeShapes(cacheDir, fonts, kept.shapes), writeKept(cacheDir, wordsKind(fonts), exportWordShapes(fonts))]);
}
