import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readPdfFolder, temporaryFolder } from '../helpers/build.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'handouts.js');

/** A build in a process of its own, as a person runs it, with the given cache folder. */
async function buildInNewProcess(cache: string): Promise<Record<string, Buffer>> {
  const out = await temporaryFolder();
  await promisify(execFile)(process.execPath, [BIN, 'build', '--out', out], { env: { ...process.env, HANDOUTS_CACHE_DIR: cache } });
  return readPdfFolder(out);
}

describe('a rebuild from the cache', () => {
  it('keeps compiled code, validated guides, filled markup, parsed documents, subsets, text shapes and word shapes, and writes the same bytes as a build without them', async () => {
    const cache = await temporaryFolder();
    const first = await buildInNewProcess(cache);
    const kept = (await readdir(cache)).sort();
    expect(kept).toEqual(['compiled', expect.stringMatching(/^documents-\w+\.json$/), expect.stringMatching(/^guides-\w+\.json$/), expect.stringMatching(/^markups-\w+\.json$/), expect.stringMatching(/^shapes-\w+\.json$/), 'subsets', expect.stringMatching(/^words-\w+\.json$/)]);
    const [rebuilt, uncached] = [await buildInNewProcess(cache), await buildInNewProcess('')];
    for (const [file, bytes] of Object.entries(first)) {
      expect(rebuilt[file]!.equals(bytes), file).toBe(true);
      expect(uncached[file]!.equals(bytes), file).toBe(true);
    }
  }, 60_000);
});
