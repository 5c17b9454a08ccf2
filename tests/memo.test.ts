import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemo } from '../src/memo.js';
import { temporaryFolder } from './helpers/build.js';

/** A make function that counts its calls. */
function counted<T>(value: T) {
  const make = () => {
    make.calls += 1;
    return value;
  };
  make.calls = 0;
  return make;
}

describe('the memo', () => {
  it('makes a result once for the same kind and inputs, and again for others', async () => {
    const memo = createMemo();
    const make = counted({ pages: 4 });
    expect(await memo('layout', { document: 'a' }, make)).toEqual({ pages: 4 });
    expect(await memo('layout', { document: 'a' }, make)).toEqual({ pages: 4 });
    expect(make.calls).toBe(1);
    await memo('layout', { document: 'b' }, make);
    await memo('pdf', { document: 'a' }, make);
    expect(make.calls).toBe(3);
  });

  it('makes a result asked for again while it is being made once, and a failed one again', async () => {
    const memo = createMemo();
    let calls = 0;
    const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(++calls), 10));
    expect(await Promise.all([memo('font file', { glyphs: [1, 2] }, slow), memo('font file', { glyphs: [1, 2] }, slow)])).toEqual([1, 1]);
    const failing = () => Promise.reject(new Error('cannot cut'));
    await expect(memo('font file', { glyphs: [3] }, failing)).rejects.toThrow('cannot cut');
    expect(await memo('font file', { glyphs: [3] }, slow)).toBe(2);
  });

  it('keeps results in checksummed files a later process reads, and makes a damaged one again', async () => {
    const folder = await temporaryFolder();
    const bytes = new Uint8Array([37, 80, 68, 70]);
    await createMemo({ folder })('pdf', { layout: 1 }, () => bytes);
    const later = counted(new Uint8Array([1]));
    expect(Buffer.from(await createMemo({ folder })('pdf', { layout: 1 }, later)).equals(Buffer.from(bytes))).toBe(true);
    expect(later.calls).toBe(0);
    const [file] = readdirSync(folder);
    const stored = readFileSync(join(folder, file!));
    stored[stored.length - 1]! ^= 0xff;
    writeFileSync(join(folder, file!), stored);
    expect(await createMemo({ folder })('pdf', { layout: 1 }, later)).toEqual(new Uint8Array([1]));
    expect(later.calls).toBe(1);
  });

  it('keeps its folder within its size limit, the oldest files going first', async () => {
    const folder = await temporaryFolder();
    for (let run = 0; run < 5; run++) await createMemo({ folder, mostBytes: 3000 })('pdf', { run }, () => new Uint8Array(1000));
    const sizes = readdirSync(folder).map((name) => readFileSync(join(folder, name)).length);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBeLessThanOrEqual(3000 + 1100);
    expect(sizes.length).toBeLessThan(5);
  });
});
