import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeFingerprint, packageJson, readKept, writeKept } from '../../src/cache/kept.js';
import { temporaryFolder } from '../helpers/build.js';

describe('the fingerprint of the code that made kept data', () => {
  it('changes when the code changes, and reads whichever of a file\'s places exists', async () => {
    const folder = await temporaryFolder();
    const places = [pathToFileURL(join(folder, 'measure.js')), pathToFileURL(join(folder, 'measure.ts'))];
    await writeFile(join(folder, 'measure.ts'), 'export const a = 1;');
    const before = codeFingerprint([places]);
    await writeFile(join(folder, 'measure.ts'), 'export const a = 2;');
    expect(codeFingerprint([places])).not.toBe(before);
    await writeFile(join(folder, 'measure.js'), 'export const a = 2;');
    expect(codeFingerprint([places])).toBe(codeFingerprint([[places[0]!]]));
  });
});

describe('a package\'s package.json, for the fingerprint', () => {
  it.each(['pdfkit', 'fontkit', 'zod', 'saxes', 'handlebars'])('is %s\'s own, whether its entry file sits in its folder or below', async (name) => {
    const { name: found } = JSON.parse(await readFile(packageJson(name), 'utf8')) as { name: string };
    expect(found).toBe(name);
  });
});

describe('kept files', () => {
  it('leave one file a kind: one made by other code goes when the new one is written', async () => {
    const folder = await temporaryFolder();
    await writeKept(folder, { kind: 'shapes', code: 'before' }, { a: 1 });
    await writeKept(folder, { kind: 'guides', code: 'before' }, { b: 2 });
    await writeKept(folder, { kind: 'shapes', code: 'after' }, { a: 3 });
    expect((await readdir(folder)).sort()).toEqual([expect.stringMatching(/^guides-/), expect.stringMatching(/^shapes-/)]);
    expect(await readKept(folder, { kind: 'shapes', code: 'after' })).toEqual({ a: 3 });
    expect(await readKept(folder, { kind: 'guides', code: 'before' })).toEqual({ b: 2 });
  });
});
