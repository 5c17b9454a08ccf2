import { readdir } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import type { DocumentTree } from '../../src/document/index.js';
import type { GuideData } from '../../src/guide/index.js';
import { temporaryFolder } from '../helpers/build.js';

/** The stores as a new run finds them: each run reads the cache folder once. */
async function storesOfNewRun(cacheDir: string) {
  vi.resetModules();
  const { keptDocuments, keptGuides, keptMarkups } = await import('../../src/cache/index.js');
  return { guides: await keptGuides(cacheDir), markups: await keptMarkups(cacheDir), documents: await keptDocuments(cacheDir) };
}
const keptGuidesOfNewRun = async (cacheDir: string) => (await storesOfNewRun(cacheDir)).guides;

/** A run writes what it added once, after the step that added it. */
const runWrites = () => new Promise((resolve) => setImmediate(resolve));

const guide = (title: string) => ({ title: { primary: title, secondary: title } }) as unknown as GuideData;

describe('guides kept between runs', () => {
  it('are found by the next run, the last 8 of them', async () => {
    const cacheDir = await temporaryFolder();
    const first = await keptGuidesOfNewRun(cacheDir);
    for (let draft = 1; draft <= 10; draft++) first.set(`digest-${draft}`, guide(`draft ${draft}`));
    await runWrites();
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

describe('markup kept between runs', () => {
  it('is found by the next run, the last 16 documents, beside the guides', async () => {
    const cacheDir = await temporaryFolder();
    const { markups, guides } = await storesOfNewRun(cacheDir);
    for (let document = 1; document <= 20; document++) markups.set(`digest-${document}`, `<document n="${document}"/>`);
    guides.set('digest', guide('only draft'));
    await runWrites();
    expect((await readdir(cacheDir)).sort()).toEqual([expect.stringMatching(/^guides-\w+\.json$/), expect.stringMatching(/^markups-\w+\.json$/)]);
    const next = await storesOfNewRun(cacheDir);
    expect(next.markups.get('digest-20')).toBe('<document n="20"/>');
    expect(next.markups.get('digest-5')).toBe('<document n="5"/>');
    expect(next.markups.get('digest-4')).toBeUndefined();
    expect(next.guides.get('digest')).toEqual(guide('only draft'));
  });
});

describe('documents kept between runs', () => {
  it('are found by the next run, as they were parsed', async () => {
    const cacheDir = await temporaryFolder();
    const document = { name: 'handout', file: 'templates/handout.hbs', blocks: [{ type: 'pagebreak', at: { file: 'templates/handout.hbs', line: 3, column: 1 } }] } as unknown as DocumentTree;
    (await storesOfNewRun(cacheDir)).documents.set('digest', document);
    await runWrites();
    expect((await storesOfNewRun(cacheDir)).documents.get('digest')).toEqual(document);
  });
});
