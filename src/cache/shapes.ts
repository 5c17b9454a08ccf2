import type { FontSet } from '../fonts/index.js';
import { createShapeCache, type Line, type ShapeCache, type ShapedText } from '../layout/index.js';
import { fingerprintOf } from './fingerprints.js';
import { readKept, writeKept, type KeptKind } from './kept.js';

interface StoredShapes {
  regular: [string, ShapedText][];
  bold: [string, ShapedText][];
  lines: [string, Line[]][];
}

const shapesKind = (fonts: FontSet): KeptKind => ({ kind: 'shapes', fonts, code: fingerprintOf('shapes') });

/** The layout's shapes of the guide's texts from earlier runs; empty when there are none. */
export async function readShapes(folder: string, fonts: FontSet): Promise<ShapeCache> {
  const stored = (await readKept(folder, shapesKind(fonts))) as StoredShapes | undefined;
  return stored ? { regular: new Map(stored.regular), bold: new Map(stored.bold), lines: new Map(stored.lines) } : createShapeCache();
}

// Each edited paragraph adds a shape: room for a guide's texts through many drafts.
const MOST_SHAPES = 8000;

/** The newest shapes of each weight, those of this run last, up to the most kept. */
export function writeShapes(folder: string, fonts: FontSet, shapes: ShapeCache, { most = MOST_SHAPES } = {}): Promise<void> {
  const stored: StoredShapes = { regular: [...shapes.regular].slice(-most), bold: [...shapes.bold].slice(-most), lines: [...shapes.lines].slice(-most) };
  return writeKept(folder, shapesKind(fonts), stored);
}

/** How many shapes the cache holds, to tell whether a run added any. */
export function countShapes(shapes: ShapeCache): number {
  return shapes.regular.size + shapes.bold.size + shapes.lines.size;
}
