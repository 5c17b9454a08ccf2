import { execFile, spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { temporaryFolder } from '../helpers/build.js';
import { run } from '../helpers/cli.js';
import { readPdf, readTextPositions } from '../helpers/pdf.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BAD_GUIDE = join(ROOT, 'tests', 'fixtures', 'guides', 'missing-english-text.yaml');

describe('handouts build', () => {
  it('writes the PDFs into --out and says what it wrote', async () => {
    const out = await temporaryFolder();
    const result = await run(['build', '--out', out]);
    expect(result.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['checklist.pdf', 'handout.pdf', 'store-visit-form-fillable.pdf', 'store-visit-form.pdf']);
    expect(result.stdout.join('\n')).toMatch(/handout\.pdf \(\d+ pages, \d+ KB\)/);
  });

  it('lays pages out on Letter paper with --paper letter', async () => {
    const out = await temporaryFolder();
    expect((await run(['build', '--out', out, '--paper', 'letter'])).code).toBe(0);
    const pdf = (await readFile(join(out, 'handout.pdf'))).toString('latin1');
    expect(pdf).toContain('/MediaBox [0 0 612 792]');
  });

  it('lays pages out on Folio (8.5 × 13 in) with --paper folio', async () => {
    const out = await temporaryFolder();
    expect((await run(['build', '--out', out, '--paper', 'folio'])).code).toBe(0);
    expect((await readFile(join(out, 'handout.pdf'))).toString('latin1')).toContain('/MediaBox [0 0 612 936]');
  });

  it('sets English beside the Chinese with --layout parallel', async () => {
    const out = await temporaryFolder();
    expect((await run(['build', '--out', out, '--layout', 'parallel'])).code).toBe(0);
    const runs = await readTextPositions(await readFile(join(out, 'handout.pdf')));
    const heading = runs.find((entry) => entry.text.startsWith('Why cancelling'))!;
    const chinese = runs.find((entry) => entry.text.startsWith('为什么要正确注销'))!;
    expect(heading.x).toBeGreaterThan(595 / 2);
    expect(heading.baseline).toBeCloseTo(chinese.baseline, 0);
  });

  it.each([
    ['en', 'handout-en.pdf', /\p{Script=Han}/u, /Why cancelling properly matters/],
    ['zh-Hans', 'handout-zh-Hans.pdf', /Why cancelling/, /为什么要正确注销/],
  ])('writes a single-language edition with --lang %s', async (lang, file, absent, present) => {
    const out = await temporaryFolder();
    expect((await run(['build', '--out', out, '--lang', lang])).code).toBe(0);
    const bytes = await readFile(join(out, file));
    const { pages } = await readPdf(bytes);
    const text = pages.join('\n');
    expect(text).toMatch(present);
    expect(text).not.toMatch(absent);
    expect(bytes.toString('latin1')).toContain(`/Lang (${lang})`);
  });

  it('refuses a --lang the guide does not have, naming the languages it has', async () => {
    const result = await run(['build', '--out', await temporaryFolder(), '--lang', 'fr']);
    expect(result.code).toBe(2);
    expect(result.stderr).toEqual([expect.stringMatching(/--lang: "fr" is not a language of the guide \(hint: use zh-Hans or en/)]);
  });

  it('writes a PNG image of every page beside the PDFs with --preview', async () => {
    const out = await temporaryFolder();
    const result = await run(['build', '--out', out, '--preview']);
    expect(result.code).toBe(0);
    const pages = (await readPdf(await readFile(join(out, 'handout.pdf')))).pages.length;
    const images = (await readdir(out)).filter((file) => file.endsWith('.png')).sort();
    expect(images).toEqual(['checklist-1.png', ...Array.from({ length: pages }, (_, index) => `handout-${index + 1}.png`), 'store-visit-form-1.png'].sort());
    expect((await readFile(join(out, 'handout-1.png'))).subarray(1, 4).toString()).toBe('PNG');
    expect(result.stdout.join('\n')).toContain('handout-1.png');
  });

  it('reports a bad guide on one line with file:line:column and exits 1, without a stack trace', async () => {
    const out = await temporaryFolder();
    const result = await run(['build', '--guide', BAD_GUIDE, '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(/missing-english-text\.yaml:18:13: sections\[0\]\.steps\[0\]\.body\[0\]\.en: is missing/);
    expect(result.stderr[0]).not.toMatch(/\bat .*\.ts:\d+/);
    expect(await readdir(out)).toEqual([]);
  });

  it('adds the stack trace with --debug', async () => {
    const result = await run(['build', '--guide', BAD_GUIDE, '--out', await temporaryFolder(), '--debug']);
    expect(result.code).toBe(1);
    expect(result.stderr.join('\n')).toMatch(/\n\s+at /);
  });

  it('rejects an unknown paper size as a usage error naming the option', async () => {
    const result = await run(['build', '--paper', 'a3']);
    expect(result.code).toBe(2);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(/paper.*a3/);
  });

  it('rejects an unknown option', async () => {
    const result = await run(['build', '--colour', 'red']);
    expect(result.code).toBe(2);
    expect(result.stderr[0]).toMatch(/colour/);
  });

  it('rejects a malformed SOURCE_DATE_EPOCH', async () => {
    const result = await run(['build', '--out', await temporaryFolder()], { env: { SOURCE_DATE_EPOCH: 'yesterday' } });
    expect(result.code).toBe(2);
    expect(result.stderr[0]).toMatch(/SOURCE_DATE_EPOCH/);
  });
});

describe('output safety', () => {
  it('refuses an --out that is a file, exits 3 and leaves the file alone', async () => {
    const folder = await temporaryFolder();
    const file = join(folder, 'not-a-folder');
    await writeFile(file, 'keep me');
    const result = await run(['build', '--out', file]);
    expect(result.code).toBe(3);
    expect(result.stderr[0]).toMatch(/not-a-folder: the output path is a file/);
    expect(await readFile(file, 'utf8')).toBe('keep me');
  });

  it('keeps earlier good PDFs when a later build fails', async () => {
    const out = await temporaryFolder();
    await run(['build', '--out', out]);
    const before = await readFile(join(out, 'handout.pdf'));
    const result = await run(['build', '--out', out, '--guide', BAD_GUIDE]);
    expect(result.code).toBe(1);
    expect((await readFile(join(out, 'handout.pdf'))).equals(before)).toBe(true);
    expect((await readdir(out)).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });

  it('fails cleanly when a folder stands where a PDF goes, leaving no temporary file', async () => {
    const out = await temporaryFolder();
    await mkdir(join(out, 'handout.pdf'));
    const result = await run(['build', '--out', out]);
    expect(result.code).toBe(3);
    expect(result.stderr[0]).toMatch(/handout\.pdf: a folder is in the way of the file/);
    expect((await readdir(out)).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });

  it('writes PDFs that are complete files, not left-over temporaries', async () => {
    const out = await temporaryFolder();
    await run(['build', '--out', out]);
    for (const file of await readdir(out)) {
      expect(file).toMatch(/^[a-z-]+\.pdf$/);
      expect((await stat(join(out, file))).size).toBeGreaterThan(1000);
    }
  });
});

describe('the installed command', () => {
  it('runs as a real process: --version, --help and a build', async () => {
    const exec = promisify(execFile);
    const bin = join(ROOT, 'bin', 'handouts.js');
    const version = await exec(process.execPath, [bin, '--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version);
    const help = await exec(process.execPath, [bin, 'build', '--help']);
    for (const option of ['--guide', '--out', '--paper', '--templates']) expect(help.stdout).toContain(option);
    const out = await temporaryFolder();
    const build = await exec(process.execPath, [bin, 'build', '--out', out]);
    expect(build.stdout).toContain('store-visit-form.pdf');
    const failure = await exec(process.execPath, [bin, 'build', '--guide', BAD_GUIDE, '--out', out]).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('output to a reader that stops early', () => {
  // A batch runs in a worker thread, whose output passes through the main thread's streams.
  it.each([
    ['the build', ['build'], 4],
    ['a batch', ['form', '--batch', join(ROOT, 'tests', 'fixtures', 'csv', 'spreadsheet-export.csv')], 3],
  ])('ends %s as usual, with its files written and no stack trace, when the pipe closes', async (_, args, files) => {
    const out = await temporaryFolder();
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'handouts.js'), ...args, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    // As `| head -0` does: the reader is gone before the first line.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect({ code, stderr: stderr.replace(/^progress: .*\n/gm, '') }).toEqual({ code: 0, stderr: '' });
    expect((await readdir(out)).filter((file) => file.endsWith('.pdf'))).toHaveLength(files);
  });
});

describe('a batch, drawn in a worker thread', () => {
  it('prints its output in order when stdout and stderr share one pipe: the summary after the last progress line', async () => {
    const out = join(await temporaryFolder(), 'out');
    const csv = join(ROOT, 'tests', 'fixtures', 'csv', 'spreadsheet-export.csv');
    // Both streams into one pipe, as a terminal or `2>&1` joins them.
    const command = `"${process.execPath}" "${join(ROOT, 'bin', 'handouts.js')}" form --batch "${csv}" --out "${out}" 2>&1`;
    const { stdout } = await promisify(execFile)('/bin/sh', ['-c', command]);
    expect(stdout.trim().split('\n')).toEqual(['progress: 1/3 rows', 'progress: 2/3 rows', 'progress: 3/3 rows', `3 forms written to ${out}, 0 skipped`]);
  });
});

describe('the help text', () => {
  it('is still there for --help', async () => {
    const result = await run(['build', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout.join('\n')).toContain('--paper');
  });
});
