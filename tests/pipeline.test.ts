import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { forgetLaidOutDocuments, readPdfFolder, SHIPPED_GUIDE, temporaryFolder } from './helpers/build.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'handouts.js');

/** A build in a process of its own, as a person runs it, with the given cache folder. */
async function buildInNewProcess(cache: string, args: string[] = []): Promise<Record<string, Buffer>> {
  const out = await temporaryFolder();
  await promisify(execFile)(process.execPath, [BIN, 'build', '--out', out, ...args], { env: { ...process.env, HANDOUTS_CACHE_DIR: cache } });
  return readPdfFolder(out);
}

/** The kinds of result the memo holds, one of each file's name. */
const kinds = async (cache: string) => new Set((await readdir(join(cache, 'memo'))).map((entry) => entry.replace(/-\w+\.v8$/, '')));

describe('a rebuild from the cache', () => {
  it('keeps the guide, the layouts, the field font, the font files and the drawn documents, and writes the same bytes as a build without them', async () => {
    const cache = await temporaryFolder();
    const first = await buildInNewProcess(cache);
    expect(await kinds(cache)).toEqual(new Set(['guide', 'layout', 'field font', 'font file', 'pdf']));
    const rebuilt = await buildInNewProcess(cache);
    await forgetLaidOutDocuments(cache);
    const [laidOutAgain, uncached] = [await buildInNewProcess(cache), await buildInNewProcess('')];
    for (const [name, bytes] of Object.entries(first)) {
      expect(rebuilt[name]!.equals(bytes), name).toBe(true);
      expect(laidOutAgain[name]!.equals(bytes), name).toBe(true);
      expect(uncached[name]!.equals(bytes), name).toBe(true);
    }
  }, 60_000);

  it('draws again only the documents an edit changed', async () => {
    const cache = await temporaryFolder();
    const guide = join(await temporaryFolder(), 'guide.yaml');
    await writeFile(guide, await readFile(SHIPPED_GUIDE, 'utf8'));
    await buildInNewProcess(cache, ['--guide', guide]);
    const drawnBefore = new Set((await readdir(join(cache, 'memo'))).filter((entry) => entry.startsWith('pdf-')));
    const edited = (await readFile(guide, 'utf8')).replace("Here we look at", "Here we examine");
    expect(edited).not.toBe(await readFile(guide, 'utf8'));
    await writeFile(guide, edited);
    const afterEdit = await buildInNewProcess(cache, ['--guide', guide]);
    const drawnAgain = (await readdir(join(cache, 'memo'))).filter((entry) => entry.startsWith('pdf-') && !drawnBefore.has(entry));
    // The handout, and its fillable twin were it to have fields: the introduction is printed in the handout alone.
    expect(drawnAgain).toHaveLength(1);
    expect(afterEdit.handout!.equals((await buildInNewProcess('', ['--guide', guide])).handout!)).toBe(true);
  }, 60_000);
});
