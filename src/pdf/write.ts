import { link, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OutputError } from '../diagnostics.js';

export interface OutputFile {
  path: string;
  bytes: Uint8Array;
}

export interface WriteOptions {
  /** File mode; prefilled forms hold personal data and are written 0600. */
  mode: number;
  /** Replace an existing file; when false an existing file is an error and stays untouched. */
  overwrite: boolean;
  /** How files are opened; tests pass one that fails as a full disk would. */
  openFile?: typeof open;
}

/**
 * Writes each file beside its final name and renames it into place once complete, so a
 * failure never leaves a half-written file nor destroys an earlier good one. The files are
 * written side by side, and every write has ended when the first failure is reported.
 */
export async function writeFilesAtomically(files: readonly OutputFile[], options: WriteOptions = { mode: 0o644, overwrite: true }): Promise<void> {
  const written = await Promise.allSettled(files.map((file) => writeOne(file, options)));
  const failed = written.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}

async function writeOne({ path, bytes }: OutputFile, { mode, overwrite, openFile = open }: WriteOptions): Promise<void> {
  const dir = dirname(path);
  await ensureFolder(dir);
  const temporary = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  try {
    // 'wx': a stale temporary file from a killed run is an error, not reused with its old mode.
    const handle = await openFile(temporary, 'wx', mode);
    // Not synced to disk first, as build tools do not: that waited up to 100 ms a build for the
    // disk. The rename still replaces the file only once it is complete.
    try {
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
    // link() refuses to replace an existing file, atomically, where rename() would replace it.
    if (overwrite) await rename(temporary, path);
    else await link(temporary, path);
  } catch (cause) {
    throw outputError(cause, path);
  } finally {
    await rm(temporary, { force: true });
  }
}

export async function ensureFolder(dir: string): Promise<void> {
  const existing = await stat(dir).catch(() => undefined);
  if (existing && !existing.isDirectory()) {
    throw new OutputError('the output path is a file, not a folder', { file: dir, hint: 'pass a folder with --out' });
  }
  if (!existing) await mkdir(dir, { recursive: true }).catch((cause: unknown) => Promise.reject(outputError(cause, dir)));
}

export function outputError(cause: unknown, path: string): OutputError {
  const code = (cause as NodeJS.ErrnoException).code;
  const reasons: Record<string, [string, string]> = {
    EACCES: ['no permission to write here', 'choose a folder you can write to with --out'],
    EPERM: ['no permission to write here', 'choose a folder you can write to with --out'],
    EROFS: ['the file system is read-only', 'choose another folder with --out'],
    ENOSPC: ['the disk is full', 'free some space and run again'],
    EISDIR: ['a folder is in the way of the file', 'remove or rename that folder'],
    ENOTDIR: ['part of the output path is a file, not a folder', 'pass a folder with --out'],
    EEXIST: ['the file already exists', 'pass --force to replace it, or choose another --out folder'],
  };
  const [reason, hint] = reasons[code ?? ''] ?? [`cannot write the file (${code ?? 'unknown error'})`, 'check the --out folder'];
  return new OutputError(reason, { file: path, hint, cause });
}
