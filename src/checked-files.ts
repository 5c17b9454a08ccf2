import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writevSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';

/**
 * Files that start with the CRC-32 of the rest, in hex, on a line of its own, as the caches keep
 * them: a damaged or half-written one is never taken for good. (A checksum, not a digest: what a
 * file holds is known by its name, and a rebuild reads and writes some 4 MB of these, which
 * SHA-256 took 5–8 ms of.) Reading or writing one never fails the caller, since a cache costs
 * speed, never correctness.
 */
export function readChecked(file: string): Buffer | undefined {
  // A file not there is the usual miss, told without the error readFileSync would build (some
  // 50 µs each, 4 ms of a first build's 70 misses).
  if (!existsSync(file)) return undefined;
  try {
    const stored = readFileSync(file);
    const body = stored.subarray(CHECKSUM_LINE);
    return stored.subarray(0, CHECKSUM_LINE).toString('latin1') === checksumLine(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

/** Written beside the file and renamed into place, so a concurrent run never reads half of it. */
export function writeChecked(file: string, bytes: Uint8Array): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    mkdirSync(dirname(file), { recursive: true });
    const line = Buffer.from(checksumLine(bytes), 'latin1');
    const handle = openSync(temporary, 'w');
    try {
      // Two writes' worth in one call, without copying the bytes behind the line; a full disk may cut it short.
      if (writevSync(handle, [line, bytes]) !== line.length + bytes.length) throw new Error('the disk took only part of the file');
    } finally {
      closeSync(handle);
    }
    renameSync(temporary, file);
  } catch {
    // No half-written file stays.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The folder itself is unusable, so nothing was written there.
    }
  }
}

const CHECKSUM_LINE = 9;

function checksumLine(bytes: Uint8Array): string {
  return `${crc32(bytes).toString(16).padStart(8, '0')}\n`;
}

export function digest(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
