import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { forgetLaidOutDocuments, readPdfFolder, SHIPPED_GUIDE, temporaryFolder } from '../helpers/build.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'handouts.js');

/** A build in a process of its own, as a person runs it, with the given cache folder. */
async function buildInNewProcess(cache: string, args: string[] = []): Promise<Record<string, Buffer>> {
  const out = await temporaryFolder();
  await promisify(execFile)(process.execPath, [BIN, 'build', '--out', out, ...args], { env: { ...process.env, HANDOUTS_CACHE_DIR: cache } });
  return readPdfFolder(out);
}

describe('a rebuild from the cache', () => {
  it('keeps compiled code, validated guides, filled markup, parsed documents, layouts, drawn documents, subsets, text shapes and word shapes, and writes the same bytes as a build without them', async () => {
    const cache = await temporaryFolder();
    const first = await buildInNewProcess(cache);
    const kept = (await readdir(cache)).sort();
    const file = (kind: string) => expect.stringMatching(new RegExp(`^${kind}-\\w+\\.json$`));
    expect(kept).toEqual(['compiled', 'documents', 'guides', 'layouts', 'markups', 'pdfs', file('shapes'), 'subsets', file('words')]);
    const rebuilt = await buildInNewProcess(cache);
    await forgetLaidOutDocuments(cache);
    const [laidOutAgain, uncached] = [await buildInNewProcess(cache), await buildInNewProcess('')];
    for (const [name, bytes] of Object.entries(first)) {
      expect(rebuilt[name]!.equals(bytes), name).toBe(true);
      expect(laidOutAgain[name]!.equals(bytes), name).toBe(true);
      expect(uncached[name]!.equals(bytes), name).toBe(true);
    }
  }, 60_000);

  it('draws again only the documents an edit changed, and keeps the words it shaped', async () => {
    const cache = await temporaryFolder();
    const guide = join(await temporaryFolder(), 'guide.yaml');
    await writeFile(guide, await readFile(SHIPPED_GUIDE, 'utf8'));
    await buildInNewProcess(cache, ['--guide', guide]);
    const drawn = new Set(await readdir(join(cache, 'pdfs')));
    const edited = (await readFile(guide, 'utf8')).replace('Here we look at', 'Here we examine');
    expect(edited).not.toBe(await readFile(guide, 'utf8'));
    await writeFile(guide, edited);
    const afterEdit = await buildInNewProcess(cache, ['--guide', guide]);
    const drawnAgain = (await readdir(join(cache, 'pdfs'))).filter((entry) => !drawn.has(entry));
    expect(drawnAgain).toHaveLength(1);
    const [words] = (await readdir(cache)).filter((entry) => entry.startsWith('words-'));
    expect(await readFile(join(cache, words!), 'utf8')).toContain('examine');
    expect(afterEdit.handout!.equals((await buildInNewProcess('', ['--guide', guide])).handout!)).toBe(true);
  }, 60_000);
});
