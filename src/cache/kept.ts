import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FontSet } from '../fonts/index.js';

/** What kept data is: its kind, the fonts it was made with, and the code that made it. */
export interface KeptKind {
  kind: string;
  fonts: FontSet;
  /** Changes whenever the code that makes the data changes, so an older run's data is never used. */
  code: string;
}

/**
 * Plain data kept between runs in the cache folder, such as the shapes of a guide's texts: after
 * an edit most texts are unchanged, and shaping them again is much of a build's time. A file is
 * named for its kind and the fonts it was made with, and starts with a checksum, so a stale or
 * damaged one is never used; a file that cannot be read or written costs speed, never correctness.
 */
export async function readKept(folder: string, kind: KeptKind): Promise<unknown> {
  try {
    const stored = await readFile(keptFile(folder, kind), 'utf8');
    const newline = stored.indexOf('\n');
    const body = stored.slice(newline + 1);
    return stored.slice(0, newline) === digest(body) ? (JSON.parse(body) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes beside the earlier file and renames it into place, so a concurrent run never reads half of it. */
export async function writeKept(folder: string, kind: KeptKind, data: unknown): Promise<void> {
  const body = JSON.stringify(data);
  const file = keptFile(folder, kind);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(folder, { recursive: true });
    await writeFile(temporary, `${digest(body)}\n${body}`);
    await rename(temporary, file);
  } catch {
    // Never a reason for a build to fail; no half-written file stays.
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}

function keptFile(folder: string, { kind, fonts, code }: KeptKind): string {
  const faces = [...fonts.regular, ...fonts.bold].map(({ font }) => `${font.postscriptName} ${font.version} ${font.numGlyphs}`);
  return join(folder, `${kind}-${digest([code, ...faces].join('\n')).slice(0, 16)}.json`);
}

/**
 * A fingerprint of source files, each given as the candidates for where it is: the compiled `.js`
 * when running from dist/, the `.ts` when running the sources directly, as the tests do.
 */
export function codeFingerprint(files: readonly (readonly URL[])[]): string {
  const texts = files.map((candidates) => {
    for (const candidate of candidates) {
      try {
        return readFileSync(candidate, 'utf8');
      } catch {
        // Try the next place it may be.
      }
    }
    return '';
  });
  return digest(texts.join('\n'));
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
