import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readingFile } from '../../src/fonts/font-file.js';
import { temporaryFolder } from '../helpers/build.js';

describe('readingFile', () => {
  it('fills each read whole from its place, and fails on one past the end of the file', async () => {
    const file = join(await temporaryFolder(), 'font.otf');
    await writeFile(file, Buffer.from('OTTO0123456789'));
    readingFile(file, (read) => {
      expect(Buffer.from(read(new Uint8Array(4), 0)).toString()).toBe('OTTO');
      expect(Buffer.from(read(new Uint8Array(3), 7)).toString()).toBe('345');
      expect(() => read(new Uint8Array(8), 10)).toThrow(/ends before/);
    });
  });
});
