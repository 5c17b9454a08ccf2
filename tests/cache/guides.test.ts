import { readdir } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import type { GuideData } from '../../src/guide/index.js';
import { temporaryFolder } from '../helpers/build.js';

/** keptGuides as a new run finds it: each run reads the cache folder once. */
async function keptGuidesOfNewRun(cacheDir: string) {
  vi.resetModules();
  return (await import('../../src/cache/index.js')).keptGuides(cacheDir);
}

const guide = (title: string) => ({ title: { primary: title, secondary: title } }) as unknown as GuideData;

describe('guides kept between runs', () => {
  it('are found by the next run, the last 8 of them', async () => {
    const cacheDir = await temporaryFolder();
    const first = await keptGuidesOfNewRun(cacheDir);
    for (let draft = 1; draft <= 10; draft++) first.set(`digest-${draft}`, guide(`draft ${draft}`));
    expect(await readdir(cacheDir)).toEqual([expect.stringMatching(/^guides-\w+\.json$/)]);
    const next = await keptGuidesOfNewRun(cacheDir);
    expect(next.get('digest-10')).toEqual(guide('draft 10'));
    expect(next.get('digest-3')).toEqual(guide('draft 3'));
    expect(next.get('digest-2')).toBeUndefined();
  });

  it('stay in memory where the cache is turned off', async () => {
    const guides = await keptGuidesOfNewRun('');
    guides.set('digest', guide('only draft'));
    expect((await keptGuidesOfNewRun('')).get('digest')).toBeUndefined();
    expect(guides.get('digest')).toEqual(guide('only draft'));
  });
});
