import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createByteCache } from '../../src/cache/bytes.js';
import { temporaryFolder } from '../helpers/build.js';

const MANY_BYTES = 2 ** 20;

/** File times are compared to order entries by use; a pause makes each step's time differ. */
const waitForClock = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('a byte cache', () => {
  it('serves a later process from disk, not one with other code, and treats a damaged entry as missing', async () => {
    const folder = await temporaryFolder();
    const bytes = new Uint8Array([1, 2, 3, 4]);
    createByteCache({ folder, code: 'fontkit 2.0.4', mostBytes: MANY_BYTES }).set('some-key', bytes);
    expect(createByteCache({ folder, code: 'fontkit 2.0.4', mostBytes: MANY_BYTES }).get('some-key')).toEqual(Buffer.from(bytes));
    expect(createByteCache({ folder, code: 'fontkit 2.1.0', mostBytes: MANY_BYTES }).get('some-key')).toBeUndefined();
    const [entry] = await readdir(folder);
    const stored = await readFile(join(folder, entry!));
    stored[stored.length - 1] = 255 - stored.at(-1)!;
    await writeFile(join(folder, entry!), stored);
    expect(createByteCache({ folder, code: 'fontkit 2.0.4', mostBytes: MANY_BYTES }).get('some-key')).toBeUndefined();
  });

  it('is trimmed to its most bytes the first time a run writes, least recently used first', async () => {
    const folder = await temporaryFolder();
    const entry = new Uint8Array(1000);
    const earlier = createByteCache({ folder, mostBytes: MANY_BYTES });
    for (const key of ['oldest', 'read-again', 'newest']) {
      earlier.set(key, entry);
      await waitForClock();
    }
    // A later run reads one old entry, then writes: the folder holds two entries' bytes at most.
    const later = createByteCache({ folder, mostBytes: 2 * (entry.length + 65) });
    expect(later.get('read-again')).toBeDefined();
    await waitForClock();
    later.set('new', entry);
    const next = createByteCache({ folder, mostBytes: MANY_BYTES });
    expect(['oldest', 'read-again', 'newest', 'new'].map((key) => next.get(key) !== undefined)).toEqual([false, true, false, true]);
  });

  it('keeps working, in memory, when its folder cannot be written', async () => {
    const file = join(await temporaryFolder(), 'a-file');
    await writeFile(file, '');
    const cache = createByteCache({ folder: join(file, 'cache'), mostBytes: MANY_BYTES });
    cache.set('key', new Uint8Array([5]));
    expect(cache.get('key')).toEqual(new Uint8Array([5]));
  });
});
