import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FontSet } from '../fonts/index.js';

/**
 * Plain data kept between runs in the cache folder, such as the shapes of a guide's texts: after
 * an edit most texts are unchanged, and shaping them again is much of a build's time. A file is
 * named for its kind and the fonts it was made with, and starts with a checksum, so a stale or
 * damaged one is never used; a file that cannot be read or written costs speed, never correctness.
 */
export async function readKept(folder: string, kind: string, fonts: FontSet): Promise<unknown> {
  try {
    const stored = await readFile(keptFile(folder, kind, fonts), 'utf8');
    const newline = stored.indexOf('\n');
    const body = stored.slice(newline + 1);
    return stored.slice(0, newline) === digest(body) ? (JSON.parse(body) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes beside the earlier file and renames it into place, so a concurrent run never reads half of it. */
export async function writeKept(folder: string, kind: string, fonts: FontSet, data: unknown): Promise<void> {
  const body = JSON.stringify(data);
  const file = keptFile(folder, kind, fonts);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(folder, { recursive: true });
    await writeFile(temporary, `${digest(body)}\n${body}`);
    await rename(temporary, file);
  } catch {
    // Never a reason for a build to fail.
  }
}

function keptFile(folder: string, kind: string, fonts: FontSet): string {
  const faces = [...fonts.regular, ...fonts.bold].map(({ font }) => `${font.postscriptName} ${font.version} ${font.numGlyphs}`);
  return join(folder, `${kind}-${digest(faces.join('\n')).slice(0, 16)}.json`);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
