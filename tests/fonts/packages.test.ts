import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageFolder } from '../../src/fonts/packages.js';

describe('packageFolder', () => {
  it('finds the folder of an installed package where Node’s resolver finds its files', () => {
    const folder = packageFolder('harfbuzzjs', 'dist');
    expect(folder).toBe(dirname(createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz.wasm')));
    expect(existsSync(join(folder!, 'harfbuzz-subset.wasm'))).toBe(true);
  });

  it('finds none for a package that is not installed', () => {
    expect(packageFolder('no-such-package-here', 'dist')).toBeUndefined();
  });
});
