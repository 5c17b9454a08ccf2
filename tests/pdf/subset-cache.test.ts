import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetLaidOutDocuments, readPdfFolder, SHIPPED_GUIDE, SHIPPED_TEMPLATES, temporaryFolder } from '../helpers/build.js';
import { run } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import type { ByteCache } from '../../src/pdf/subset-cache.js';
import { renderPdf } from '../../src/pdf/index.js';
import { checkDocuments } from '../../src/pipeline.js';

async function buildWithCache(cache: string, args: string[] = ['build']): Promise<Record<string, Buffer>> {
  const out = await temporaryFolder();
  const result = await run([...args, '--out', out], { env: { HANDOUTS_CACHE_DIR: cache } });
  expect(result.code, result.stderr.join('\n')).toBe(0);
  return readPdfFolder(out);
}

describe('the font subset cache', () => {
  it('gives byte-identical PDFs whether it is empty, filled, or switched off', async () => {
    const cache = await temporaryFolder();
    const first = await buildWithCache(cache);
    expect(await readdir(join(cache, 'subsets'))).not.toEqual([]);
    await forgetLaidOutDocuments(cache);
    const second = await buildWithCache(cache);
    const uncached = await buildWithCache('');
    for (const [file, bytes] of Object.entries(first)) {
      expect(second[file]!.equals(bytes), file).toBe(true);
      expect(uncached[file]!.equals(bytes), file).toBe(true);
    }
  });

  it('serves each face’s font file and its glyph-to-text map, which a second document takes as they are', async () => {
    const jobs = await checkDocuments({ guide: SHIPPED_GUIDE, templatesDir: SHIPPED_TEMPLATES, paper: 'a4', pairs: 'stacked', sourceDateEpoch: undefined });
    const handout = jobs.find((job) => job.name === 'handout')!;
    const entries = new Map<string, Uint8Array>();
    const stored: string[] = [];
    const cache: ByteCache = { get: (key) => entries.get(key), set: (key, bytes) => void (stored.push(key), entries.set(key, bytes)) };
    const first = await renderPdf({ ...handout, subsetCache: cache });
    const faces = first.toString('latin1').match(/\/FontFile3 /g)!.length;
    expect(stored.length).toBe(2 * faces);
    stored.length = 0;
    const second = await renderPdf({ ...handout, subsetCache: cache });
    expect(stored).toEqual([]);
    expect(second.equals(first)).toBe(true);
    expect((await readPdf(second)).pages.join('')).toContain('注销');
  });

  it('numbers glyphs by id, so a document drawing the same glyphs in another order takes the same subsets', async () => {
    const jobs = await checkDocuments({ guide: SHIPPED_GUIDE, templatesDir: SHIPPED_TEMPLATES, paper: 'a4', pairs: 'stacked', sourceDateEpoch: undefined });
    const handout = jobs.find((job) => job.name === 'handout')!;
    const stored: string[] = [];
    const entries = new Map<string, Uint8Array>();
    const cache: ByteCache = { get: (key) => entries.get(key), set: (key, bytes) => void (stored.push(key), entries.set(key, bytes)) };
    await renderPdf({ ...handout, subsetCache: cache });
    expect(stored.length).toBeGreaterThan(0);
    stored.length = 0;
    const reordered = { ...handout.layout, pages: [...handout.layout.pages].reverse().map((page) => ({ ...page, items: [...page.items].reverse() })) };
    const drawn = await renderPdf({ ...handout, layout: reordered, subsetCache: cache });
    expect(stored).toEqual([]);
    expect((await readPdf(drawn)).pages.at(-1)).toContain('注销');
  });

  it('never stores the glyphs or the text of a person\'s answers', async () => {
    const subsetsAfter = async (cache: string, person: string[]) => {
      await buildWithCache(cache, ['form', '--set', 'date=today', '--id-type', 'passport', ...person]);
      return new Set(await readdir(join(cache, 'subsets')));
    };
    const cache = await temporaryFolder();
    const withChineseName = await subsetsAfter(cache, ['--name', '王小明', '--number', '0917 123 4567', '--id-number', 'E12345678', '--show-id-number']);
    const [ascii, otherAscii] = [await temporaryFolder(), await temporaryFolder()];
    const withAsciiAnswers = await subsetsAfter(ascii, ['--name', 'A', '--number', '0917 123 4567', '--id-number', 'E1']);
    // Answers in ASCII take the subset every person's starts with, the same for everyone.
    expect(await subsetsAfter(otherAscii, ['--name', 'Ana Cruz', '--number', '0918 765 4321', '--id-number', 'P7654321'])).toEqual(withAsciiAnswers);
    // A subset holding a Chinese name's glyphs is never kept: no entry is that person's alone.
    expect([...withChineseName].filter((entry) => !withAsciiAnswers.has(entry))).toEqual([]);
    const entries = await readdir(cache, { recursive: true });
    // The form's own texts are kept, for the next form to lay out without measuring them again.
    expect(entries).toEqual(expect.arrayContaining([expect.stringMatching(/^shapes-/), expect.stringMatching(/^words-/)]));
    // A form is neither laid out nor drawn into what builds keep.
    expect(entries.filter((entry) => entry.startsWith('pdfs') || entry.startsWith('layouts'))).toEqual([]);
    for (const entry of entries) {
      const content = await readFile(join(cache, entry)).catch(() => Buffer.alloc(0));
      for (const personal of ['王小明', 'E12345678', '0917']) expect(content.includes(personal), entry).toBe(false);
    }
  });

  it('keeps the shapes of the guide\'s texts for the next build, which gives the same PDFs', async () => {
    const cache = await temporaryFolder();
    const first = await buildWithCache(cache);
    const [shapes] = (await readdir(cache)).filter((entry) => entry.startsWith('shapes-'));
    expect((await readFile(join(cache, shapes!), 'utf8'))).toContain('注销');
    await forgetLaidOutDocuments(cache);
    const again = await buildWithCache(cache);
    for (const [file, bytes] of Object.entries(first)) expect(again[file]!.equals(bytes), file).toBe(true);
  });
});
