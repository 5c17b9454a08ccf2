import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../src/cli/index.js';
import { SHIPPED_GUIDE, SHIPPED_TEMPLATES, temporaryFolder } from '../helpers/build.js';

/** Waits until some printed line matches, giving up after a while. */
async function until(lines: string[], pattern: RegExp, from = 0): Promise<number> {
  for (let waited = 0; waited < 20_000; waited += 50) {
    const index = lines.findIndex((line, at) => at >= from && pattern.test(line));
    if (index >= 0) return index;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no line matched ${pattern}: ${lines.join(' | ')}`);
}

describe('handouts build --watch', () => {
  it('rebuilds after a save, reports a broken edit and keeps the last good PDFs, and stops on Ctrl-C', async () => {
    const folder = await temporaryFolder();
    const templates = join(folder, 'templates');
    const out = join(folder, 'out');
    await cp(SHIPPED_TEMPLATES, templates, { recursive: true });
    const lines: string[] = [];
    let interrupt = () => {};
    const io: CliIo = {
      stdout: (line) => lines.push(line),
      stderr: (line) => lines.push(line),
      env: {},
      today: () => '2026-01-01',
      stderrIsTTY: false,
      stderrWrite: (text) => lines.push(text),
      onInterrupt: (handler) => {
        interrupt = handler;
        return () => {};
      },
    };
    const running = main(['build', '--watch', '--guide', SHIPPED_GUIDE, '--templates', templates, '--out', out], io);
    await until(lines, /^watching/);
    const good = await readFile(join(out, 'handout.pdf'));
    const handout = join(templates, 'handout.hbs');
    const source = await readFile(handout, 'utf8');

    await writeFile(handout, source.replace('<h1>{{> text title}}</h1>', '<h1>{{> text title}}</h1><banner/>'));
    const broken = await until(lines, /unknown tag <banner>/);
    expect(lines[broken - 1]).toMatch(/^changed: .*handout\.hbs$/);
    expect((await readFile(join(out, 'handout.pdf'))).equals(good)).toBe(true);

    await writeFile(handout, source.replace('<h1>{{> text title}}</h1>', '<h1>{{> text title}}</h1><pagebreak/>'));
    await until(lines, /^built 4 PDFs in \d+ ms$/, broken);
    expect((await readFile(join(out, 'handout.pdf'))).equals(good)).toBe(false);

    interrupt();
    expect(await running).toBe(0);
  });
});
