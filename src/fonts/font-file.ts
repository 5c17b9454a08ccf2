import { closeSync, openSync, readSync } from 'node:fs';

/**
 * The font file open for reading bytes at given places, each read whole into the array given:
 * one read may return only part of them. A file that ends first is an error.
 */
export function readingFile<T>(file: string, use: (read: (into: Uint8Array, position: number) => Uint8Array) => T): T {
  const handle = openSync(file, 'r');
  try {
    return use((into, position) => {
      for (let at = 0; at < into.length; ) {
        const read = readSync(handle, into, at, into.length - at, position + at);
        if (read === 0) throw new Error('the font file ends before the bytes its tables place there');
        at += read;
      }
      return into;
    });
  } finally {
    closeSync(handle);
  }
}
