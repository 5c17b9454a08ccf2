import { spawnSync } from 'node:child_process';
import { copyFile, cp, mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeChecked } from '../src/checked-files.js';
import { runCommandLine } from '../src/launch.js';
import { peopleCsv } from './helpers/abuse.js';
import { readPdfFolder, temporaryFolder } from './helpers/build.js';

// `npm test` bundles dist/cli first, as `npm run build` does.
const BUNDLE = join(import.meta.dirname, '..', 'dist', 'handouts.cjs');
const TEMPLATES = join(import.meta.dirname, '..', 'templates');
const BIN = join(import.meta.dirname, '..', 'bin', 'handouts.js');

let cache: string;

beforeEach(async () => {
  cache = await temporaryFolder();
  vi.stubEnv('HANDOUTS_CACHE_DIR', cache);
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const compiledCode = async () => readdir(join(cache, 'compiled')).catch(() => []);
// A folder that holds no code from `npm run compile`: the run compiles the bundle itself.
const noShippedCode = () => join(cache, 'none shipped');

describe('the command line, run from the bundle', () => {
  it('writes the same PDFs as the modules, and the second run of a command takes the code compiled in the first', async () => {
    const outs = [await temporaryFolder(), await temporaryFolder(), await temporaryFolder()];
    const shippedCode = noShippedCode();
    const first = await runCommandLine({ argv: ['build', '--out', outs[0]!], bundle: BUNDLE, shippedCode });
    expect(first).toEqual({ code: 0, from: 'bundle' });
    expect(await compiledCode()).toEqual(['build-one-off.v8']);
    expect(await runCommandLine({ argv: ['build', '--out', outs[1]!], bundle: BUNDLE, shippedCode })).toEqual({ code: 0, from: 'bundle with compiled code' });
    expect(await runCommandLine({ argv: ['build', '--out', outs[2]!], bundle: join(cache, 'no-bundle.cjs') })).toEqual({ code: 0, from: 'modules' });

    const [fromBundle, fromCompiled, fromModules] = await Promise.all(outs.map(readPdfFolder));
    expect(Object.keys(fromBundle!)).toHaveLength(4);
    for (const [name, bytes] of Object.entries(fromBundle!)) {
      expect(fromCompiled![name]!.equals(bytes), name).toBe(true);
      expect(fromModules![name]!.equals(bytes), name).toBe(true);
    }
  });

  it('runs a first build with the code `npm run compile` compiled for the bundle, and keeps none in the cache: the same PDFs', async () => {
    const [shipped, compiledHere] = [await temporaryFolder(), await temporaryFolder()];
    expect(await readdir(join(BUNDLE, '..', 'compiled'))).toEqual(['build-one-off.v8', 'form-one-off.v8']);
    // Compiled in a form that scripts/bundle.mjs fills in: code, none of its values.
    const shippedForm = await readFile(join(BUNDLE, '..', 'compiled', 'form-one-off.v8'));
    for (const value of ['Sample Person', '0918 765 4321']) for (const encoding of ['utf8', 'utf16le'] as const) expect(shippedForm.includes(Buffer.from(value, encoding)), value).toBe(false);
    expect(await runCommandLine({ argv: ['build', '--out', shipped], bundle: BUNDLE })).toEqual({ code: 0, from: 'bundle with compiled code' });
    expect(await compiledCode()).toEqual([]);
    await runCommandLine({ argv: ['build', '--out', compiledHere], bundle: BUNDLE, shippedCode: noShippedCode() });
    const [withShipped, withCompiled] = await Promise.all([shipped, compiledHere].map(readPdfFolder));
    expect(Object.keys(withShipped!)).toHaveLength(4);
    for (const [name, bytes] of Object.entries(withShipped!)) expect(withCompiled![name]!.equals(bytes), name).toBe(true);
  });

  it('runs a one-off build where V8’s baseline compiler cannot compile WebAssembly (a processor without SSE4.1): the same PDFs', async () => {
    const [usual, withoutSse41] = [await temporaryFolder(), await temporaryFolder()];
    for (const [out, flags] of [[usual, []], [withoutSse41, ['--no-enable-sse4-1']]] as const) {
      const run = spawnSync(process.execPath, [...flags, BIN, 'build', '--out', out], { env: { ...process.env, HANDOUTS_CACHE_DIR: '' }, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
    }
    const [built, rebuilt] = await Promise.all([usual, withoutSse41].map(readPdfFolder));
    expect(Object.keys(rebuilt!)).toHaveLength(4);
    for (const [name, bytes] of Object.entries(built!)) expect(rebuilt![name]!.equals(bytes), name).toBe(true);
  });

  it('runs --preview and serve, whose modules stay outside the bundle, from the modules: one copy of the library a process', async () => {
    const [templates, out] = [await temporaryFolder(), await temporaryFolder()];
    await cp(join(TEMPLATES, 'partials'), join(templates, 'partials'), { recursive: true });
    await copyFile(join(TEMPLATES, 'checklist.hbs'), join(templates, 'checklist.hbs'));
    for (const preview of ['--preview', '--preview=true']) {
      const { code, from } = await runCommandLine({ argv: ['build', preview, '--templates', templates, '--out', out], bundle: BUNDLE });
      expect({ code, from }).toEqual({ code: 0, from: 'modules' });
    }
    expect((await readdir(out)).sort()).toEqual(['checklist-1.png', 'checklist.pdf']);
    // A usage error, found before anything is served.
    expect(await runCommandLine({ argv: ['--debug', 'serve', '--port', '-1'], bundle: BUNDLE })).toEqual({ code: 2, from: 'modules' });
    expect(await compiledCode()).toEqual([]);
  });

  it('keeps no personal data in the code compiled during a form run, which prints the same form as the modules', async () => {
    // Not the name the help text gives as an example: that one is in the code itself.
    const person = ['--name', '钟离雪 Zebulon', '--number', '0917 555 0199', '--id-type', 'passport', '--id-number', 'XQ7Z93K41', '--set', 'date=2026-01-05'];
    const [fromBundle, fromModules] = [await temporaryFolder(), await temporaryFolder()];
    expect(await runCommandLine({ argv: ['form', ...person, '--out', fromBundle], bundle: BUNDLE, shippedCode: noShippedCode() })).toEqual({ code: 0, from: 'bundle' });
    await runCommandLine({ argv: ['form', ...person, '--out', fromModules], bundle: join(cache, 'no-bundle.cjs') });
    const [bundled, modular] = await Promise.all([fromBundle, fromModules].map(readPdfFolder));
    expect(bundled!['store-visit-form-filled']!.equals(modular!['store-visit-form-filled']!)).toBe(true);
    const compiled = await readFile(join(cache, 'compiled', 'form-one-off.v8'));
    for (const personal of ['Zebulon', '钟离雪', '0199', 'XQ7Z93K41', '93K41']) {
      expect(compiled.includes(Buffer.from(personal, 'utf8')), personal).toBe(false);
      expect(compiled.includes(Buffer.from(personal, 'utf16le')), personal).toBe(false);
    }
  });

  it('draws a batch in a worker thread, from the bundle: the same forms as the modules, its compiled code kept, and the exit code of the command', async () => {
    const folder = await temporaryFolder();
    const csv = join(folder, 'people.csv');
    await writeFile(csv, peopleCsv(3));
    const [inThread, inProcess] = [join(folder, 'thread'), join(folder, 'process')];
    expect(await runCommandLine({ argv: ['form', '--batch', csv, '--combine', '--out', inThread], bundle: BUNDLE })).toEqual({ code: 0, from: 'batch thread' });
    await runCommandLine({ argv: ['form', '--batch', csv, '--combine', '--out', inProcess], bundle: join(cache, 'no-bundle.cjs') });
    const [threaded, inProcessed] = await Promise.all([inThread, inProcess].map(readPdfFolder));
    expect(Object.keys(threaded!)).toEqual(['store-visit-form-all']);
    expect(threaded!['store-visit-form-all']!.equals(inProcessed!['store-visit-form-all']!)).toBe(true);
    await writeFile(csv, 'name,number\r\n,0917 123 4567\r\n');
    expect(await compiledCode()).toEqual(['form.v8']);
    const compiled = await readFile(join(cache, 'compiled', 'form.v8'));
    for (const encoding of ['utf8', 'utf16le'] as const) expect(compiled.includes(Buffer.from('E00000002', encoding)), encoding).toBe(false);
    expect(await runCommandLine({ argv: ['form', '--batch', csv, '--out', join(folder, 'bad')], bundle: BUNDLE })).toEqual({ code: 1, from: 'batch thread' });
  });

  it('draws a batch in a worker thread from the modules when the bundle is stale: the same forms', async () => {
    const folder = await temporaryFolder();
    const csv = join(folder, 'people.csv');
    await writeFile(csv, peopleCsv(3));
    // A bundle older than a module beside it, and the thread script of dist/, which imports its modules from there.
    const dist = join(folder, 'dist');
    await mkdir(join(dist, 'cli'), { recursive: true });
    await copyFile(BUNDLE, join(dist, 'handouts.cjs'));
    await writeFile(join(dist, 'cli', 'thread.js'), `import ${JSON.stringify(pathToFileURL(join(BUNDLE, '..', 'cli', 'thread.js')).href)};`);
    const later = new Date(Date.now() + 60_000);
    await utimes(join(dist, 'cli', 'thread.js'), later, later);
    const [fromModules, fromBundle] = [join(folder, 'modules'), join(folder, 'bundle')];
    expect(await runCommandLine({ argv: ['form', '--batch', csv, '--combine', '--out', fromModules], bundle: join(dist, 'handouts.cjs') })).toEqual({ code: 0, from: 'batch thread' });
    expect(await compiledCode()).toEqual([]);
    await runCommandLine({ argv: ['form', '--batch', csv, '--combine', '--out', fromBundle], bundle: BUNDLE });
    const [modular, bundled] = await Promise.all([fromModules, fromBundle].map(readPdfFolder));
    expect(modular!['store-visit-form-all']!.equals(bundled!['store-visit-form-all']!)).toBe(true);
  });

  it('caps the heap of a batch thread at 512 MB: one that outgrows it ends with an internal error (exit 4), not a stack', async () => {
    const folder = await temporaryFolder();
    await mkdir(join(folder, 'cli'));
    await writeFile(join(folder, 'cli', 'thread.js'), 'const kept = []; for (;;) kept.push(new Array(1e5).fill(1.5));');
    const stderr = vi.mocked(process.stderr.write);
    expect(await runCommandLine({ argv: ['form', '--batch', 'people.csv'], bundle: join(folder, 'handouts.cjs') })).toEqual({ code: 4, from: 'batch thread' });
    expect(stderr.mock.calls.map(([text]) => String(text))).toEqual(['handouts: internal error (a bug; run again with --debug for details, and report it)\n']);
  });

  it('keeps one file of compiled code a command, apart for one-off runs (compiled under other V8 flags than a batch), and none for a run that failed', async () => {
    expect((await runCommandLine({ argv: ['--version'], bundle: BUNDLE })).code).toBe(0);
    expect((await runCommandLine({ argv: ['build', '--guide', join(cache, 'missing.yaml')], bundle: BUNDLE })).code).not.toBe(0);
    expect(await compiledCode()).toEqual(['other-one-off.v8']);
  });

  it.each([
    ['damaged', (file: string) => writeFile(file, 'not compiled code')],
    ['compiled for another bundle', async (file: string) => writeChecked(file, Buffer.concat([Buffer.from(`${'0'.repeat(64)}\n`), await readFile(file)]))],
  ])('compiles again, and replaces, code that is %s', async (_, spoil) => {
    await runCommandLine({ argv: ['--version'], bundle: BUNDLE });
    const file = join(cache, 'compiled', 'other-one-off.v8');
    await spoil(file);
    expect(await runCommandLine({ argv: ['--version'], bundle: BUNDLE })).toEqual({ code: 0, from: 'bundle' });
    expect(await runCommandLine({ argv: ['--version'], bundle: BUNDLE })).toEqual({ code: 0, from: 'bundle with compiled code' });
  });

  it('keeps no compiled code where the cache is turned off', async () => {
    vi.stubEnv('HANDOUTS_CACHE_DIR', '');
    expect(await runCommandLine({ argv: ['--version'], bundle: BUNDLE })).toEqual({ code: 0, from: 'bundle' });
    expect(await runCommandLine({ argv: ['--version'], bundle: BUNDLE })).toEqual({ code: 0, from: 'bundle' });
    expect(await compiledCode()).toEqual([]);
  });

  it('runs the modules when one of them is newer than the bundle', async () => {
    const folder = await temporaryFolder();
    const bundle = join(folder, 'handouts.cjs');
    await copyFile(BUNDLE, bundle);
    await writeFile(join(folder, 'edited.js'), '');
    const later = new Date(Date.now() + 60_000);
    await utimes(join(folder, 'edited.js'), later, later);
    expect(await runCommandLine({ argv: ['--version'], bundle })).toEqual({ code: 0, from: 'modules' });
  });
});
