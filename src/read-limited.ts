import { closeSync, openSync, readSync } from 'node:fs';

/**
 * A file's bytes, read no further than `most`: a file over it (or a device that never ends) is
 * found out after reading one byte more, before anything is parsed or held whole.
 */
export function readAtMost(path: string, most: number): { bytes: Buffer; tooLarge: boolean } {
  const descriptor = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(most + 1, 64 * 1024));
    const chunks: Buffer[] = [];
    let total = 0;
    for (let read = readSync(descriptor, buffer); read > 0 && total <= most; read = readSync(descriptor, buffer)) {
      chunks.push(Buffer.from(buffer.subarray(0, read)));
      total += read;
    }
    return { bytes: Buffer.concat(chunks), tooLarge: total > most };
  } finally {
    closeSync(descriptor);
  }
}

/** A guide or a person's data file is a few kilobytes; a megabyte is far more than either needs. */
export const MOST_SOURCE_BYTES = 1024 * 1024;
