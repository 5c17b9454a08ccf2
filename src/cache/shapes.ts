import type { FontSet } from '../fonts/index.js';
import { type KeptShapes, type Line, type ShapeCache, type ShapedText } from '../layout/index.js';
import { fingerprintOf } from './fingerprints.js';
import { readKept, writeKept, type KeptKind } from './kept.js';

/**
 * A text in one face from its start, as most are, is kept as its width and face, without the
 * copy of itself its run holds: JSON then reads half as much.
 */
type StoredShape = [text: string, width: number, face: string] | [text: string, shape: ShapedText];

interface StoredShapes {
  regular: StoredShape[];
  bold: StoredShape[];
  lines: [string, Line[]][];
}

/** Each setting's shapes, by its key. */
type StoredSettings = Record<string, StoredShapes>;

const shapesKind = (fonts: FontSet): KeptKind => ({ kind: 'shapes', fonts, code: fingerprintOf('shapes') });

/** The shapes as read, by the cache made of them, so that writing them again adds only the new. */
const readFrom = new WeakMap<ShapeCache, StoredShapes>();

/** The layout's shapes of the guide's texts from earlier runs, by setting; empty when there are none. */
export function readShapes(folder: string, fonts: FontSet): KeptShapes {
  const stored = (readKept(folder, shapesKind(fonts)) ?? {}) as StoredSettings;
  return new Map(Object.entries(stored).map(([key, setting]) => [key, readSetting(setting)]));
}

function readSetting(stored: StoredShapes): ShapeCache {
  const shapes = { regular: new Map(stored.regular.map(shapeOf)), bold: new Map(stored.bold.map(shapeOf)), lines: new Map(stored.lines) };
  readFrom.set(shapes, stored);
  return shapes;
}

function shapeOf(stored: StoredShape): [string, ShapedText] {
  if (stored.length === 2) return stored;
  const [text, width, face] = stored;
  return [text, { width, runs: [{ text, face, x: 0 }] }];
}

function storedShape([text, shape]: [string, ShapedText]): StoredShape {
  const [run, ...others] = shape.runs;
  const plain = run && others.length === 0 && run.text === text && run.x === 0 && !run.features;
  return plain ? [text, shape.width, run.face] : [text, shape];
}

// Each edited paragraph adds a shape: room for a guide's texts through many drafts.
const MOST_SHAPES = 8000;

/** Each setting's shapes, as storedSetting keeps them. */
export function writeShapes(folder: string, fonts: FontSet, kept: KeptShapes, { most = MOST_SHAPES } = {}): Promise<void> {
  const stored: StoredSettings = Object.fromEntries([...kept].map(([key, shapes]) => [key, storedSetting(shapes, most)]));
  return writeKept(folder, shapesKind(fonts), stored);
}

/**
 * The newest shapes of each weight, those of this run last, up to the most kept. While none need
 * dropping, those read are written as read, with the new ones after them: converting every shape
 * again left V8 optimising that code while the process should end.
 */
function storedSetting(shapes: ShapeCache, most: number): StoredShapes {
  const read = readFrom.get(shapes);
  const fits = Math.max(shapes.regular.size, shapes.bold.size, shapes.lines.size) <= most;
  return read && fits
    ? { regular: [...read.regular, ...added(shapes.regular, read.regular).map(storedShape)], bold: [...read.bold, ...added(shapes.bold, read.bold).map(storedShape)], lines: [...read.lines, ...added(shapes.lines, read.lines)] }
    : { regular: [...shapes.regular].slice(-most).map(storedShape), bold: [...shapes.bold].slice(-most).map(storedShape), lines: [...shapes.lines].slice(-most) };
}

/** A map's entries after those read: a map keeps the order its keys were first set in. */
const added = <T>(entries: Map<string, T>, read: readonly unknown[]) => [...entries].slice(read.length);

/** How many shapes the cache holds, to tell whether a run added any. */
export function countShapes(kept: KeptShapes): number {
  return [...kept.values()].reduce((sum, shapes) => sum + shapes.regular.size + shapes.bold.size + shapes.lines.size, 0);
}
