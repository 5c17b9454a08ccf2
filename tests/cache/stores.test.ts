import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { DocumentTree } from '../../src/document/index.js';
import type { GuideData } from '../../src/guide/index.js';
import type { LaidOutDocument } from '../../src/layout/index.js';
import { temporaryFolder } from '../helpers/build.js';

/** The stores as a new run finds them: each run makes its stores once. */
async function storesOfNewRun(cacheDir: string) {
  vi.resetModules();
  const { keptDocuments, keptGuides, keptLayouts, keptMarkups } = await import('../../src/cache/index.js');
  return { guides: keptGuides(cacheDir), markups: keptMarkups(cacheDir), documents: keptDocuments(cacheDir), layouts: keptLayouts(cacheDir) };
}

const guide = (title: string) => ({ title: { primary: title, secondary: title } }) as unknown as GuideData;

describe('guides kept between runs', () => {
  it('are found by the next run, each draft in a file of its own', async () => {
    const cacheDir = await temporaryFolder();
    const first = (await storesOfNewRun(cacheDir)).guides;
    for (let draft = 1; draft <= 10; draft++) first.set(`digest-${draft}`, guide(`draft ${draft}`));
    expect(await readdir(cacheDir)).toEqual(['guides']);
    expect(await readdir(join(cacheDir, 'guides'))).toHaveLength(10);
    const next = (await storesOfNewRun(cacheDir)).guides;
    expect(next.get('digest-10')).toEqual(guide('draft 10'));
    expect(next.get('digest-1')).toEqual(guide('draft 1'));
    expect(next.get('digest-11')).toBeUndefined();
  });

  it('stay in memory where the cache is turned off', async () => {
    const guides = (await storesOfNewRun('')).guides;
    guides.set('digest', guide('only draft'));
    expect((await storesOfNewRun('')).guides.get('digest')).toBeUndefined();
    expect(guides.get('digest')).toEqual(guide('only draft'));
  });

  it('give each caller a copy of its own', async () => {
    const guides = (await storesOfNewRun('')).guides;
    guides.set('digest', guide('only draft'));
    (guides.get('digest') as unknown as { title: { primary: string } }).title.primary = 'changed';
    expect(guides.get('digest')).toEqual(guide('only draft'));
  });
});

describe('markup, documents and layouts kept between runs', () => {
  it('are found by the next run as they were stored, each kind in its own folder', async () => {
    const cacheDir = await temporaryFolder();
    const document = { name: 'handout', file: 'templates/handout.hbs', blocks: [{ type: 'pagebreak', at: { file: 'templates/handout.hbs', line: 3, column: 1 } }] } as unknown as DocumentTree;
    const layout = { pages: [{ width: 595.28, height: 841.89, items: [{ kind: 'rule', x1: 1.5, y1: 2, x2: 3, y2: 2, thickness: 0.5, color: '#000000' }] }], warnings: [] } as unknown as LaidOutDocument;
    const stores = await storesOfNewRun(cacheDir);
    stores.markups.set('digest', '<document n="1"/>');
    stores.documents.set('digest', document);
    stores.layouts.set('digest', layout);
    expect((await readdir(cacheDir)).sort()).toEqual(['documents', 'layouts', 'markups']);
    const next = await storesOfNewRun(cacheDir);
    expect(next.markups.get('digest')).toBe('<document n="1"/>');
    expect(next.documents.get('digest')).toEqual(document);
    expect(next.layouts.get('digest')).toEqual(layout);
  });
});
