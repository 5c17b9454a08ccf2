import { readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { digest, readChecked, writeChecked } from '../checked-files.js';
import type { ByteCache } from '../pdf/index.js';

// Enough for every face and document of a build and a batch's recent forms; old entries go first.
const MEMORY_ENTRIES = 32;

export interface ByteCacheOptions {
  /** Where entries are kept for later runs; in memory only when absent. */
  folder: string | undefined;
  /** Entries made by other code, such as another encoder or compressor, must not be taken for this one's. */
  code?: string;
  /** The folder's most bytes; it is trimmed to them the first time a run writes to it. */
  mostBytes: number;
}

/**
 * Bytes by content, kept in memory and, when a folder is given, on disk, where they serve later
 * runs. The folder is safe to delete at any time; a file that cannot be read or written is
 * simply skipped.
 */
export function createByteCache({ folder, code = '', mostBytes }: ByteCacheOptions): ByteCache {
  const memory = new Map<string, Uint8Array>();
  let trimmed = false;
  const named = (key: string) => digest(`${code}\n${key}`);
  const remember = (key: string, bytes: Uint8Array) => {
    memory.delete(key);
    memory.set(key, bytes);
    if (memory.size > MEMORY_ENTRIES) memory.delete(memory.keys().next().value!);
    return bytes;
  };
  return {
    get(key) {
      const known = memory.get(key) ?? (folder ? readUsed(join(folder, named(key))) : undefined);
      return known && remember(key, known);
    },
    set(key, bytes) {
      remember(key, bytes);
      if (!folder) return;
      writeChecked(join(folder, named(key)), bytes);
      if (!trimmed) trimFolder(folder, mostBytes);
      trimmed = true;
    },
  };
}

/** An entry read from disk is marked as used now, so that trimming keeps it. */
function readUsed(file: string): Uint8Array | undefined {
  const bytes = readChecked(file);
  if (bytes) touch(file);
  return bytes;
}

function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // Another run removed it meanwhile: it is simply older than it should be.
  }
}

/** Removes the least recently used entries beyond the most bytes. */
function trimFolder(folder: string, mostBytes: number): void {
  try {
    const entries = readdirSync(folder).map((name) => {
      const { size, mtimeMs } = statSync(join(folder, name));
      return { file: join(folder, name), size, mtimeMs };
    });
    let kept = 0;
    for (const entry of entries.sort((a, b) => b.mtimeMs - a.mtimeMs)) {
      kept += entry.size;
      if (kept > mostBytes) rmSync(entry.file, { force: true });
    }
  } catch {
    // A cache that cannot be trimmed costs disk space, never a build.
  }
}
