// The command line as a careless user treats it: huge or hostile files, Ctrl-C at any moment,
// a preview that cannot be written. Every case says its exit code and how long it may take.
import { spawn } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peopleCsv, rssOf, timed } from '../helpers/abuse.js';
import { temporaryFolder } from '../helpers/build.js';
import { run } from '../helpers/cli.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'handouts.js');
const PERSON = ['--name', 'Ana Cruz', '--number', '0917 123 4567'];

interface Watched {
  code: number | null;
  stderr: string;
  /** The largest resident memory seen, in MB, sampled every 50 ms. */
  peakMb: number;
  /** From the signal, when one was sent, to the exit, in ms. */
  afterSignalMs: number | undefined;
}

/** `handouts` in a process of its own, watched for memory; Ctrl-C once `interruptWhen` says so. */
function watch(args: string[], { interruptWhen }: { interruptWhen?: (stderr: string, ms: number) => boolean } = {}): Promise<Watched> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600' } });
  const started = performance.now();
  let stderr = '';
  let peakMb = 0;
  let signalled: number | undefined;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const sampler = setInterval(() => {
    try {
      peakMb = Math.max(peakMb, rssOf(child.pid!));
    } catch {
      // Exited between two samples.
    }
    if (signalled === undefined && interruptWhen?.(stderr, performance.now() - started)) {
      signalled = performance.now();
      child.kill('SIGINT');
    }
  }, 50);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearInterval(sampler);
      resolve({ code, stderr, peakMb, afterSignalMs: signalled === undefined ? undefined : performance.now() - signalled });
    }),
  );
}

describe('guide and data limits', () => {
  it('refuses a guide over 1 MB before reading it as YAML (a guide error, exit 1, < 5 s)', async () => {
    const folder = await temporaryFolder();
    const guide = join(folder, 'huge.yaml');
    await writeFile(guide, `title: "${'a'.repeat(2 * 1024 * 1024)}"\n`);
    const { value: result, ms } = await timed(() => run(['check', '--guide', guide]));
    expect(result.code).toBe(1);
    expect(result.stderr.join('\n')).toContain('huge.yaml: guide is larger than 1 MB');
    expect(ms).toBeLessThan(5000);
  });

  it('refuses a guide that never ends (a device) after its first megabyte', async () => {
    const { value: result, ms } = await timed(() => run(['check', '--guide', '/dev/zero']));
    expect(result.code).toBe(1);
    expect(result.stderr.join('\n')).toContain('/dev/zero: guide is larger than 1 MB');
    expect(ms).toBeLessThan(5000);
  });

  it('refuses a --data file over 1 MB (exit 1, < 5 s)', async () => {
    const folder = await temporaryFolder();
    const data = join(folder, 'person.yaml');
    await writeFile(data, `name: "${'a'.repeat(2 * 1024 * 1024)}"\n`);
    const { value: result, ms } = await timed(() => run(['form', '--data', data, '--out', folder]));
    expect(result.code).toBe(1);
    expect(result.stderr.join('\n')).toContain('person.yaml: is larger than 1 MB');
    expect(await readdir(folder)).toEqual(['person.yaml']);
    expect(ms).toBeLessThan(5000);
  });

  it('reports a YAML alias bomb as a guide error at its first alias (exit 1, < 5 s)', async () => {
    const folder = await temporaryFolder();
    const guide = join(folder, 'bomb.yaml');
    const levels = Array.from({ length: 9 }, (_, level) => `${'abcdefghi'[level + 1]}: &${'abcdefghi'[level + 1]} [${Array(9).fill(`*${'abcdefghi'[level]}`).join(', ')}]`);
    await writeFile(guide, ['title: { zh: 标题, en: Title }', 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]', ...levels.slice(0, 8)].join('\n'));
    const { value: result, ms } = await timed(() => run(['check', '--guide', guide]));
    expect(result.code).toBe(1);
    expect(result.stderr.join('\n')).toContain('bomb.yaml:3:8: YAML aliases (*name) here repeat their parts too many times');
    expect(result.stderr.join('\n')).not.toContain('internal error');
    expect(ms).toBeLessThan(5000);
  });
});

describe('a failed --preview', () => {
  it('leaves nothing behind: no PDF without its images (exit 3)', async () => {
    const folder = await temporaryFolder();
    // A folder where the page image would go: the image cannot be written.
    await mkdir(join(folder, 'store-visit-form-filled-1.png'));
    const result = await run(['form', ...PERSON, '--preview', '--out', folder]);
    expect(result.code).toBe(3);
    expect(result.stderr.join('\n')).toContain('store-visit-form-filled-1.png: the file already exists');
    expect((await readdir(folder)).sort()).toEqual(['store-visit-form-filled-1.png']);
  });
});

describe('batches from the command line', () => {
  it('keep the first 100 problems of a file of bad rows, count the rest, and stay small (exit 1, < 300 MB)', async () => {
    const folder = await temporaryFolder();
    const csv = join(folder, 'bad.csv');
    // 60,000 rows, each without its required name: about 3 MB.
    await writeFile(csv, `name,number\r\n${',0917 123 4567\r\n'.repeat(60_000)}`);
    const result = await watch(['form', '--batch', csv, '--out', join(folder, 'out')]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines.filter((line) => /: row \d+: name \(姓名 \/ Full name\): is required/.test(line))).toHaveLength(100);
    expect(result.stderr).toContain('bad.csv: has 59,900 more problems not listed here');
    expect(result.peakMb).toBeLessThan(300);
  });

  it('stops within a second of Ctrl-C, writing nothing (exit 130)', async () => {
    const folder = await temporaryFolder();
    const csv = join(folder, 'people.csv');
    await writeFile(csv, peopleCsv(300_000));
    const out = join(folder, 'out');
    // Started, and counting the rows or well into drawing their forms.
    const result = await watch(['form', '--batch', csv, '--combine', '--out', out], { interruptWhen: (_stderr, ms) => ms > 2000 });
    expect(result.stderr).toContain('interrupted: no form was written');
    expect(result.code).toBe(130);
    expect(result.afterSignalMs).toBeLessThan(1000);
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });

  // The command line draws a batch in a worker thread whose heap is capped (launch.ts): a process's
  // heap, free to take gigabytes, grew to some four times what is live before the collector ran,
  // and a combined PDF of 20,000 forms peaked at 260–350 MB. In the thread, measured alone, these
  // rows (Latin names) peak at 174 MB for 4,000 forms and 185–189 MB for 20,000; rows of names in
  // several scripts, which take more faces, at 205–216 and 222–237 MB. A combined PDF holds under
  // 1 KB a form (cross-reference entries, pdfkit's list of pages), where pdfkit once kept every
  // tagged element, some 45 MB a thousand forms.
  it('write a combined PDF of 20,000 forms in flat memory: under 250 MB, and under 40 MB more than 4,000 forms take', async () => {
    const peak = async (forms: number) => {
      const folder = await temporaryFolder();
      const csv = join(folder, 'people.csv');
      await writeFile(csv, peopleCsv(forms));
      const result = await watch(['form', '--batch', csv, '--combine', '--out', join(folder, 'out')]);
      expect(result.code).toBe(0);
      expect(await readdir(join(folder, 'out'))).toEqual(['store-visit-form-all.pdf']);
      return result.peakMb;
    };
    const fourThousand = await peak(4000);
    const twentyThousand = await peak(20_000);
    expect(twentyThousand).toBeLessThan(250);
    expect(twentyThousand - fourThousand).toBeLessThan(40);
  }, 360_000);
});
