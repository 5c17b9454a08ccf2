import { execFile } from 'node:child_process';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderDocuments } from '../src/pipeline.js';
import { forgetLaidOutDocuments, readPdfFolder, SHIPPED_GUIDE, SHIPPED_TEMPLATES, temporaryFolder } from './helpers/build.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'handouts.js');

/** A build in a process of its own, as a person runs it, with the given cache folder. */
async function buildInNewProcess(cache: string, args: string[] = []): Promise<Record<string, Buffer>> {
  return (await buildAndTell(cache, args)).pdfs;
}

/** The same, with what the build printed on standard error: its warnings. */
async function buildAndTell(cache: string, args: string[] = []): Promise<{ pdfs: Record<string, Buffer>; stderr: string }> {
  const out = await temporaryFolder();
  const { stderr } = await promisify(execFile)(process.execPath, [BIN, 'build', '--out', out, ...args], { env: { ...process.env, HANDOUTS_CACHE_DIR: cache } });
  return { pdfs: await readPdfFolder(out), stderr };
}

/** A guide whose form field warns (its max_length cannot print on one line) and a copy of the shipped templates, to edit. */
async function warningGuideAndTemplates(): Promise<{ guide: string; templates: string }> {
  const folder = await temporaryFolder();
  const minimal = await readFile(join(import.meta.dirname, 'fixtures', 'guides', 'minimal-valid.yaml'), 'utf8');
  const guide = join(folder, 'guide.yaml');
  await writeFile(guide, minimal.replace('{ id: name, type: text, required: true,', '{ id: name, type: text, required: true, max_length: 100,'));
  const templates = join(folder, 'templates');
  await cp(SHIPPED_TEMPLATES, templates, { recursive: true });
  return { guide, templates };
}

/** The kinds of result the memo holds, one of each file's name. */
const kinds = async (cache: string) => new Set((await readdir(join(cache, 'memo'))).map((entry) => entry.replace(/-\w+\.v8$/, '')));

describe('a rebuild from the cache', () => {
  it('keeps the guide, the compiled templates, the layouts and their blocks, the field font, the font files and the drawn documents, and writes the same bytes as a build without them', async () => {
    const cache = await temporaryFolder();
    const first = await buildInNewProcess(cache);
    expect(await kinds(cache)).toEqual(new Set(['documents', 'guide', 'template', 'layout', 'block', 'field font', 'font file', 'pdf']));
    const rebuilt = await buildInNewProcess(cache);
    await forgetLaidOutDocuments(cache);
    const [laidOutAgain, uncached] = [await buildInNewProcess(cache), await buildInNewProcess('')];
    for (const [name, bytes] of Object.entries(first)) {
      expect(rebuilt[name]!.equals(bytes), name).toBe(true);
      expect(laidOutAgain[name]!.equals(bytes), name).toBe(true);
      expect(uncached[name]!.equals(bytes), name).toBe(true);
    }
  }, 60_000);

  it('compiles no template again after a guide edit, lays out again only the block it changed, and draws again only its document', async () => {
    const cache = await temporaryFolder();
    const guide = join(await temporaryFolder(), 'guide.yaml');
    await writeFile(guide, await readFile(SHIPPED_GUIDE, 'utf8'));
    await buildInNewProcess(cache, ['--guide', guide]);
    const keptBefore = new Set(await readdir(join(cache, 'memo')));
    const edited = (await readFile(guide, 'utf8')).replace("Here we look at", "Here we examine");
    expect(edited).not.toBe(await readFile(guide, 'utf8'));
    await writeFile(guide, edited);
    const afterEdit = await buildInNewProcess(cache, ['--guide', guide]);
    const madeAgain = (kind: string) => readdir(join(cache, 'memo')).then((entries) => entries.filter((entry) => entry.startsWith(`${kind}-`) && !keptBefore.has(entry)));
    // The introduction is printed in the handout alone, which has no fillable twin.
    expect(await madeAgain('template')).toHaveLength(0);
    expect(await madeAgain('block')).toHaveLength(1);
    expect(await madeAgain('layout')).toHaveLength(1);
    expect(await madeAgain('pdf')).toHaveLength(1);
    expect(afterEdit.handout!.equals((await buildInNewProcess('', ['--guide', guide])).handout!)).toBe(true);
  }, 60_000);

  it('reads back the finished documents, byte for byte and with their warnings, filling no template and laying out nothing', async () => {
    const cache = await temporaryFolder();
    const { guide, templates } = await warningGuideAndTemplates();
    const args = ['--guide', guide, '--templates', templates];
    const first = await buildAndTell(cache, args);
    expect(first.stderr).toMatch(/warning: name: max_length 100/);
    // Only the finished documents stay: a rebuild that still gives them was read from them.
    const memo = join(cache, 'memo');
    await Promise.all((await readdir(memo)).filter((entry) => !entry.startsWith('documents-')).map((entry) => rm(join(memo, entry))));
    const rebuilt = await buildAndTell(cache, args);
    expect(rebuilt.stderr).toBe(first.stderr);
    expect(Object.keys(rebuilt.pdfs).sort()).toEqual(Object.keys(first.pdfs).sort());
    for (const [name, bytes] of Object.entries(first.pdfs)) expect(rebuilt.pdfs[name]!.equals(bytes), name).toBe(true);
    expect(await kinds(cache)).toEqual(new Set(['documents']));
  }, 60_000);

  it('fills the templates again once a partial, a template or the guide is edited, as a build without a cache does', async () => {
    const cache = await temporaryFolder();
    const { guide, templates } = await warningGuideAndTemplates();
    const options = { guide, templatesDir: templates, paper: 'a4', pairs: 'stacked', sourceDateEpoch: undefined } as const;
    const handout = async (cacheDir: string | undefined) => Buffer.from((await renderDocuments({ ...options, cacheDir })).find((document) => document.name === 'handout')!.bytes);
    const edit = async (file: string, from: string, to: string) => {
      const source = await readFile(file, 'utf8');
      expect(source).toContain(from);
      await writeFile(file, source.replace(from, to));
    };
    const before = await handout(cache);
    await edit(join(templates, 'partials', 'joined.hbs'), '{{separator}}', '{{separator}}· ');
    const afterPartial = await handout(cache);
    expect(afterPartial.equals(before)).toBe(false);
    expect(afterPartial.equals(await handout(undefined))).toBe(true);
    await edit(join(templates, 'handout.hbs'), '<h1>{{> text title}}</h1>', '<h1>{{> text title}}</h1><pagebreak/>');
    const afterTemplate = await handout(cache);
    expect(afterTemplate.equals(afterPartial)).toBe(false);
    expect(afterTemplate.equals(await handout(undefined))).toBe(true);
    await edit(guide, 'en: Test guide }', 'en: Test guide (draft 2) }');
    const afterGuide = await handout(cache);
    expect(afterGuide.equals(afterTemplate)).toBe(false);
    expect(afterGuide.equals(await handout(undefined))).toBe(true);
  }, 60_000);
});
