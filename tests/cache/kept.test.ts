import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeFingerprint, packageJson } from '../../src/cache/kept.js';
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
