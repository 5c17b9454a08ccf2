import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { digest, readChecked, writeChecked } from '../checked-files.js';
import { facesOf, type FontSet } from '../fonts/index.js';

/** What kept data is: its kind, the fonts it was made with, and the code that made it. */
export interface KeptKind {
  kind: string;
  /** Absent for data that does not depend on the fonts. */
  fonts?: FontSet;
  /** Changes whenever the code that makes the data changes, so an older run's data is never used. */
  code: string;
}

/**
 * Plain data kept between runs in the cache folder, such as the shapes of a guide's texts: after
 * an edit most texts are unchanged, and shaping them again is much of a build's time. A file is
 * named for its kind and the fonts it was made with, and starts with a checksum, so a stale or
 * damaged one is never used; a file that cannot be read or written costs speed, never correctness.
 */
export function readKept(folder: string, kind: KeptKind): unknown {
  const body = readChecked(keptFile(folder, kind));
  return body && (JSON.parse(body.toString('utf8')) as unknown);
}

/**
 * Never a reason for a build to fail: a file that cannot be written is simply not there next
 * time. Files of the same kind made with other code or fonts go: no later run reads them.
 */
export async function writeKept(folder: string, kind: KeptKind, data: unknown): Promise<void> {
  const file = keptFile(folder, kind);
  writeChecked(file, Buffer.from(JSON.stringify(data), 'utf8'));
  removeOthers(folder, { kind: kind.kind, keep: basename(file) });
}

function removeOthers(folder: string, { kind, keep }: { kind: string; keep: string }): void {
  try {
    for (const name of readdirSync(folder)) if (name.startsWith(`${kind}-`) && name.endsWith('.json') && name !== keep) rmSync(join(folder, name), { force: true });
  } catch {
    // A file that cannot be removed costs disk space, never a build.
  }
}

function keptFile(folder: string, { kind, fonts, code }: KeptKind): string {
  const faces = fonts ? facesOf(fonts) : [];
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

/**
 * A package's package.json, which its exports do not name: in the package's folder, found up
 * from its entry file, which may sit in the folder itself (saxes, zod) or below it (dist/).
 */
export function packageJson(name: string): URL {
  let folder = dirname(createRequire(import.meta.url).resolve(name));
  while (basename(folder) !== basename(name) && dirname(folder) !== folder) folder = dirname(folder);
  return pathToFileURL(join(folder, 'package.json'));
}

/** This project's source files at these paths from src/cache (without the extension), for codeFingerprint. */
export function sourceFiles(...paths: string[]): URL[][] {
  return paths.map((path) => ['.js', '.ts'].map((extension) => new URL(`${path}${extension}`, import.meta.url)));
}

/**
 * Every source file of a folder from src/cache, for codeFingerprint: the compiled `.js` files in
 * dist/, the `.ts` files when running the sources; a file added later is in it too.
 */
export function sourceFolder(path: string): URL[][] {
  const folder = new URL(`${path}/`, import.meta.url);
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const names = readdirSync(folder).filter((name) => name.endsWith(extension) && !name.endsWith(`.d${extension}`));
  return names.sort().map((name) => [new URL(name, folder)]);
}
