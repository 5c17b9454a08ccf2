import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Files that start with the SHA-256 of the rest, in hex, on a line of its own, as the caches keep
 * them: a damaged or half-written one is never taken for good. Reading or writing one never fails
 * the caller, since a cache costs speed, never correctness.
 */
export function readChecked(file: string): Buffer | undefined {
  try {
    const stored = readFileSync(file);
    const body = stored.subarray(DIGEST_LENGTH + 1);
    return stored.subarray(0, DIGEST_LENGTH + 1).toString('latin1') === `${digest(body)}\n` ? body : undefined;
  } catch {
    return undefined;
  }
}

/** Written beside the file and renamed into place, so a concurrent run never reads half of it. */
export function writeChecked(file: string, bytes: Uint8Array): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${digest(bytes)}\n`, 'latin1'), bytes]));
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

const DIGEST_LENGTH = 64;

export function digest(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
