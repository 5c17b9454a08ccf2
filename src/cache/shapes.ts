import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FontSet } from '../fonts/index.js';
import { createShapeCache, type ShapeCache, type ShapedText } from '../layout/index.js';

/**
 * The shapes of a guide's texts, kept between runs in the cache folder: after an edit most texts
 * are unchanged, and shaping them again is most of the layout's time. The file is named for the
 * fonts it was measured with and starts with a checksum, so a stale or damaged one is ignored.
 */
export async function readShapes(folder: string, fonts: FontSet): Promise<ShapeCache> {
  try {
    const stored = await readFile(shapesFile(folder, fonts), 'utf8');
    const newline = stored.indexOf('\n');
    const body = stored.slice(newline + 1);
    if (stored.slice(0, newline) !== digest(body)) return createShapeCache();
    const entries = JSON.parse(body) as Record<keyof ShapeCache, [string, ShapedText][]>;
    return { regular: new Map(entries.regular), bold: new Map(entries.bold) };
  } catch {
    return createShapeCache();
  }
}

/** Writes the shapes beside the earlier file and renames it into place; a failure only costs speed. */
export async function writeShapes(folder: string, fonts: FontSet, shapes: ShapeCache): Promise<void> {
  const body = JSON.stringify({ regular: [...shapes.regular], bold: [...shapes.bold] });
  const file = shapesFile(folder, fonts);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(folder, { recursive: true });
    await writeFile(temporary, `${digest(body)}\n${body}`);
    await rename(temporary, file);
  } catch {
    // Like the subset cache: never a reason for a build to fail.
  }
}

/** How many shapes the cache holds, to tell whether a run added any. */
export function countShapes(shapes: ShapeCache): number {
  return shapes.regular.size + shapes.bold.size;
}

function shapesFile(folder: string, fonts: FontSet): string {
  const faces = [...fonts.regular, ...fonts.bold].map(({ font }) => `${font.postscriptName} ${font.version} ${font.numGlyphs}`);
  return join(folder, `shapes-${digest(faces.join('\n')).slice(0, 16)}.json`);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
