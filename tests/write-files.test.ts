import { writeSync } from 'node:fs';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputError } from '../src/diagnostics.js';
import { stageFile, writeFilesAtomically } from '../src/write-files.js';
import { temporaryFolder } from './helpers/build.js';
import { caught } from './helpers/capture.js';

/** Writes half of what it is given, then fails with ENOSPC, as on a full disk. */
const writeOnFullDisk = ((handle: number, bytes: Uint8Array, offset: number) => {
  if (offset > 0) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  return writeSync(handle, bytes, 0, bytes.length / 2);
}) as typeof writeSync;

describe('atomic writes', () => {
  it('on a full disk: a clear output error, no temporary file left, the earlier file intact', async () => {
    const folder = await temporaryFolder();
    const path = join(folder, 'handout.pdf');
    await writeFile(path, 'earlier good PDF');
    const error = await caught(() => writeFilesAtomically([{ path, bytes: new Uint8Array(4096).fill(65) }], { mode: 0o644, overwrite: true, writeBytes: writeOnFullDisk }));
    expect(error).toBeInstanceOf(OutputError);
    expect((error as OutputError).format()).toMatch(/handout\.pdf: the disk is full \(hint: free some space/);
    expect((error as OutputError).exitCode).toBe(3);
    expect(await readdir(folder)).toEqual(['handout.pdf']);
    expect(await readFile(path, 'utf8')).toBe('earlier good PDF');
  });

  it('changes no file when a later one cannot be written: all are written before any is put in place', async () => {
    const folder = await temporaryFolder();
    const [first, second] = [join(folder, 'handout.pdf'), join(folder, 'checklist.pdf')];
    await writeFile(first, 'earlier handout');
    let calls = 0;
    const failingSecond = ((handle: number, bytes: Uint8Array, offset: number) => (++calls > 1 ? writeOnFullDisk(handle, bytes, offset) : writeSync(handle, bytes, offset))) as typeof writeSync;
    const error = await caught(() => writeFilesAtomically([{ path: first, bytes: Buffer.from('new handout') }, { path: second, bytes: new Uint8Array(4096) }], { mode: 0o644, overwrite: true, writeBytes: failingSecond }));
    expect((error as OutputError).format()).toMatch(/checklist\.pdf: the disk is full/);
    expect(await readdir(folder)).toEqual(['handout.pdf']);
    expect(await readFile(first, 'utf8')).toBe('earlier handout');
  });

  it('replaces the file only once the new one is complete', async () => {
    const folder = await temporaryFolder();
    const path = join(folder, 'form.pdf');
    await writeFile(path, 'old');
    await writeFilesAtomically([{ path, bytes: Buffer.from('new and complete') }]);
    expect(await readFile(path, 'utf8')).toBe('new and complete');
    expect(await readdir(folder)).toEqual(['form.pdf']);
  });

  it('writes a new temporary file where a killed run with the same process id left one, in the mode asked for', async () => {
    const folder = await temporaryFolder();
    const path = join(folder, 'form-filled.pdf');
    const stale = join(folder, `.form-filled.pdf.${process.pid}.tmp`);
    await writeFile(stale, 'half of a PDF from a run killed mid-write', { mode: 0o644 });
    await writeFilesAtomically([{ path, bytes: Buffer.from('a whole PDF') }], { mode: 0o600, overwrite: false });
    expect(await readFile(path, 'utf8')).toBe('a whole PDF');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(folder)).toEqual(['form-filled.pdf']);
  });

  it('lets what filling a file threw, other than the file system, through as it is, and leaves no temporary file', async () => {
    const folder = await temporaryFolder();
    const bug = new TypeError('drawing failed');
    const error = await caught(() => stageFile(join(folder, 'all.pdf'), { mode: 0o600 }, () => Promise.reject(bug)));
    expect(error).toBe(bug);
    expect(await readdir(folder)).toEqual([]);
  });
});
