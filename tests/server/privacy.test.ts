import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryFolder } from '../helpers/build.js';
import { AS_BROWSER, ask, formBody, startServing } from '../helpers/server.js';

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe("a person's answers on the server", () => {
  it('are never written anywhere: not to the cache, a temporary file or the log', async () => {
    const root = await temporaryFolder();
    const [home, cache, tmp] = [join(root, 'home'), join(root, 'cache'), join(root, 'tmp')] as const;
    await Promise.all([home, cache, tmp].map((folder) => mkdir(folder)));
    const marker = randomBytes(6).toString('hex');
    const person = { name: `陈${marker}`, number: '0917 123 4567', 'id-type': 'passport', 'id-number': `P${marker}`, reason: `reason ${marker}`, date: '2026-12-06' };
    const server = await startServing({ env: { HOME: home, XDG_CACHE_HOME: cache, HANDOUTS_CACHE_DIR: join(cache, 'handouts'), TMPDIR: tmp } });

    expect((await ask(`${server.url}form`, { method: 'POST', body: formBody(person) })).status).toBe(200);
    expect((await ask(`${server.url}form`, { method: 'POST', headers: AS_BROWSER, body: formBody({ ...person, number: '12' }) })).status).toBe(422);
    expect((await ask(`${server.url}form/preview`, { method: 'POST', body: formBody(person) })).status).toBe(200);
    const upload = new FormData();
    upload.append('csv', new Blob([`name,number,id-type,id-number,reason,date\n${person.name},${person.number},passport,${person['id-number']},${person.reason},2026-12-06\n`]), 'people.csv');
    const accepted = await ask(`${server.url}batch`, { method: 'POST', body: upload });
    expect(accepted.status).toBe(202);
    const { status, file } = JSON.parse(accepted.text) as { status: string; file: string };
    while ((JSON.parse((await ask(`${server.url}${status.slice(1)}`)).text) as { state: string }).state !== 'done');
    expect((await ask(`${server.url}${file.slice(1)}`)).status).toBe(200);
    expect(await server.stop()).toBe(0);

    const written = await filesUnder(root);
    // What the launcher keeps of the server's code, compiled, and nothing else.
    expect(written.map((path) => relative(root, path))).toEqual(written.length ? ['cache/handouts/compiled/serve.v8'] : []);
    for (const path of written) {
      const bytes = await readFile(path);
      expect(bytes.includes(marker)).toBe(false);
      expect(bytes.includes(Buffer.from(marker, 'utf16le'))).toBe(false);
    }
    expect(server.output.join('\n')).not.toContain(marker);
  });
});
