import { closeSync, linkSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OutputError } from './diagnostics.js';

export interface OutputFile {
  path: string;
  bytes: Uint8Array;
}

export interface WriteOptions {
  /** File mode; prefilled forms hold personal data and are written 0600. */
  mode: number;
  /** Replace an existing file; when false an existing file is an error and stays untouched. */
  overwrite: boolean;
  /** How bytes go into an open file; tests pass one that fails as a full disk would. */
  writeBytes?: typeof writeSync;
}

/**
 * Writes every file beside its final name, then renames each into place, so a failure never
 * leaves a half-written file nor destroys an earlier good one: one that fails while they are
 * written (a full disk) leaves every file as it was.
 *
 * The calls are synchronous: a build's few files take a few ms of the main thread, where each
 * asynchronous call waited for a thread of libuv's pool to be given a core, behind V8 compiling
 * the WebAssembly shaper in the background, and a build stalled up to 350 ms.
 */
export async function writeFilesAtomically(files: readonly OutputFile[], options: WriteOptions = { mode: 0o644, overwrite: true }): Promise<void> {
  await publishAllOrNone(options, async (staged) => {
    for (const { path, bytes } of files) staged.push(await stageFile(path, options, (write) => write(bytes)));
  });
}

/**
 * The files `stageAll` stages (each pushed to the list it is given as it is staged), every one put
 * in place once all are staged, none if staging fails; their temporary names are removed either
 * way. Returns how many were put in place.
 */
export async function publishAllOrNone(options: Pick<WriteOptions, 'overwrite'>, stageAll: (staged: StagedFile[]) => Promise<void>): Promise<number> {
  const staged: StagedFile[] = [];
  try {
    await stageAll(staged);
    for (const file of staged) publishFile(file, options);
    return staged.length;
  } finally {
    for (const file of staged) discardFile(file);
  }
}

/** A file written whole beside its final name, under which it is only once published. */
export interface StagedFile {
  path: string;
  temporary: string;
}

/**
 * A temporary file of its own beside the file's final name, filled by `fill` with the bytes it is
 * given to write (a PDF drawn as it is written may give them in blocks, as they come).
 */
export async function stageFile(path: string, { mode, writeBytes = writeSync }: Omit<WriteOptions, 'overwrite'>, fill: (write: (bytes: Uint8Array) => void) => void | Promise<void>): Promise<StagedFile> {
  const dir = dirname(path);
  ensureFolder(dir);
  const staged = { path, temporary: join(dir, `.${basename(path)}.${process.pid}.tmp`) };
  try {
    const handle = createTemporary(staged.temporary, mode);
    // Not synced to disk first, as build tools do not: that waited up to 100 ms a build for the
    // disk. The rename still replaces the file only once it is complete.
    try {
      await fill((bytes) => writeWhole(handle, bytes, writeBytes));
    } finally {
      closeSync(handle);
    }
    return staged;
  } catch (cause) {
    discardFile(staged);
    // The file system's errors (each with its code) are told as the output's; what the filling threw
    // (a bad row, Ctrl-C, a bug) stays as it is.
    throw (cause as NodeJS.ErrnoException).code === undefined ? cause : outputError(cause, path);
  }
}

/**
 * The temporary file, created anew ('wx': never an existing file, with its old mode). One there
 * already was left by a killed run that had this very process id, and is no one's: it goes.
 */
function createTemporary(temporary: string, mode: number): number {
  try {
    return openSync(temporary, 'wx', mode);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
    rmSync(temporary, { force: true });
    return openSync(temporary, 'wx', mode);
  }
}

/** The staged file under its final name; its temporary name is left for discardFile. */
function publishFile({ path, temporary }: StagedFile, { overwrite }: Pick<WriteOptions, 'overwrite'>): void {
  try {
    // link() refuses to replace an existing file, atomically, where rename() would replace it.
    if (overwrite) renameSync(temporary, path);
    else linkSync(temporary, path);
  } catch (cause) {
    throw outputError(cause, path);
  }
}

export function discardFile({ temporary }: StagedFile): void {
  rmSync(temporary, { force: true });
}

/** All the bytes into an open file: one write may take only part of them. */
function writeWhole(handle: number, bytes: Uint8Array, writeBytes: typeof writeSync = writeSync): void {
  for (let at = 0; at < bytes.length; ) at += writeBytes(handle, bytes, at);
}

function ensureFolder(dir: string): void {
  const existing = statSync(dir, { throwIfNoEntry: false });
  if (existing && !existing.isDirectory()) {
    throw new OutputError('the output path is a file, not a folder', { file: dir, hint: 'pass a folder with --out' });
  }
  if (existing) return;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (cause) {
    throw outputError(cause, dir);
  }
}

/**
 * What stands where a file is to be put, found before anything is written there: a folder, or a
 * file that is not to be replaced. Told as a failed write there would be.
 */
export function inTheWay(path: string, { overwrite }: Pick<WriteOptions, 'overwrite'>): OutputError | undefined {
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing?.isDirectory()) return problemAt(path, 'EISDIR');
  if (existing && !overwrite) return problemAt(path, 'EEXIST');
  return undefined;
}

function outputError(cause: unknown, path: string): OutputError {
  return problemAt(path, (cause as NodeJS.ErrnoException).code, cause);
}

// The file system's error codes, as a person at the command line is told them.
const REASONS: Record<string, [string, string]> = {
  EACCES: ['no permission to write here', 'choose a folder you can write to with --out'],
  EPERM: ['no permission to write here', 'choose a folder you can write to with --out'],
  EROFS: ['the file system is read-only', 'choose another folder with --out'],
  ENOSPC: ['the disk is full', 'free some space and run again'],
  EISDIR: ['a folder is in the way of the file', 'remove or rename that folder'],
  ENOTDIR: ['part of the output path is a file, not a folder', 'pass a folder with --out'],
  EEXIST: ['the file already exists', 'pass --force to replace it, or choose another --out folder'],
};

function problemAt(path: string, code: string | undefined, cause?: unknown): OutputError {
  const [reason, hint] = REASONS[code ?? ''] ?? [`cannot write the file (${code ?? 'unknown error'})`, 'check the --out folder'];
  return new OutputError(reason, { file: path, hint, cause });
}
