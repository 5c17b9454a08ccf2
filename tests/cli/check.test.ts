import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHIPPED_TEMPLATES, temporaryFolder } from '../helpers/build.js';
import { run } from '../helpers/cli.js';
import { MESSAGE_IDS } from '../../src/messages/index.js';

async function brokenTemplates(): Promise<string> {
  const folder = join(await temporaryFolder(), 'templates');
  await cp(SHIPPED_TEMPLATES, folder, { recursive: true });
  const edit = async (file: string, from: string, to: string) => writeFile(join(folder, file), (await readFile(join(folder, file), 'utf8')).replace(from, to));
  await edit('handout.hbs', '<h1>{{> text title}}</h1>', '<h1>{{> text title}}</h1><banner/>');
  await edit('checklist.hbs', '<checklist>', '<checklist columns="2">');
  await edit('store-visit-form.hbs', '{{> joined form.title ', '{{> joined form.titel ');
  return folder;
}

describe('handouts check', () => {
  it('passes the shipped guide and templates and writes nothing', async () => {
    const out = await temporaryFolder();
    const result = await run(['check', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toEqual(['ok: checklist (1 page), handout (4 pages), store-visit-form (1 page)']);
    expect(result.stderr).toEqual([]);
    expect(await readdir(out)).toEqual([]);
  });

  it('warns of a field whose max_length could not print at 9 pt on its lines, and not once it has lines enough', async () => {
    const folder = await temporaryFolder();
    const minimal = await readFile(join(import.meta.dirname, '..', 'fixtures', 'guides', 'minimal-valid.yaml'), 'utf8');
    const withLimit = (extra: string) => minimal.replace('{ id: name, type: text, required: true,', `{ id: name, type: text, required: true, ${extra}`);
    await writeFile(join(folder, 'long.yaml'), withLimit('max_length: 100,'));
    await writeFile(join(folder, 'lined.yaml'), withLimit('max_length: 100, lines: 4,'));
    const long = await run(['check', '--guide', join(folder, 'long.yaml')]);
    expect(long.code).toBe(0);
    expect(long.stderr).toEqual([expect.stringMatching(/warning: name: max_length 100 is more than its line can print at 9 pt or larger: about \d+ of its widest characters \(hint: give it lines: [34], or lower max_length to \d+\)/)]);
    expect((await run(['check', '--guide', join(folder, 'lined.yaml')])).stderr).toEqual([]);
  });

  it('lists the problems of every template at once, each with its file, line and column', async () => {
    const templates = await brokenTemplates();
    const result = await run(['check', '--templates', templates]);
    expect(result.code).toBe(1);
    expect(result.stderr).toHaveLength(3);
    expect(result.stderr[0]).toMatch(/checklist\.hbs:14:1: unknown attribute "columns" on <checklist>/);
    expect(result.stderr[1]).toMatch(/handout\.hbs:7:26: unknown tag <banner>/);
    expect(result.stderr[2]).toMatch(/store-visit-form\.hbs:4:21: "form.titel" is not in the guide data/);
  });

  it('lists every guide character no font has, with its line, column and guide path', async () => {
    const guide = join(import.meta.dirname, '..', 'fixtures', 'guides', 'characters-no-font-has.yaml');
    const result = await run(['check', '--guide', guide]);
    expect(result.code).toBe(1);
    expect(result.stderr).toEqual([
      expect.stringContaining('characters-no-font-has.yaml:11:24: sections[0].heading.zh: character U+20000 𠀀 is in none of the fonts'),
      expect.stringContaining('characters-no-font-has.yaml:16:43: sections[0].steps[0].title.en: character U+1F389 🎉 is in none of the fonts'),
    ]);
  });

  it('lists a template character no font has, with the template line that prints it', async () => {
    const folder = join(await temporaryFolder(), 'templates');
    await cp(SHIPPED_TEMPLATES, folder, { recursive: true });
    const checklist = join(folder, 'checklist.hbs');
    await writeFile(checklist, (await readFile(checklist, 'utf8')).replace('<checklist>', '<p><primary>清单𠀀</primary></p>\n<checklist>'));
    const result = await run(['check', '--templates', folder]);
    expect(result.code).toBe(1);
    expect(result.stderr).toEqual([expect.stringMatching(/checklist\.hbs:14:1: character U\+20000 𠀀 is in none of the fonts/)]);
  });

  it('makes build report the same problems and keep the earlier PDFs', async () => {
    const out = await temporaryFolder();
    await run(['build', '--out', out]);
    const before = await readFile(join(out, 'handout.pdf'));
    const result = await run(['build', '--out', out, '--templates', await brokenTemplates()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toHaveLength(3);
    expect((await readFile(join(out, 'handout.pdf'))).equals(before)).toBe(true);
  });

  it("says which of the web page's words a language without a catalog lacks, and so says in English", async () => {
    const minimal = await readFile(join(import.meta.dirname, '..', 'fixtures', 'guides', 'minimal-valid.yaml'), 'utf8');
    const guide = join(await temporaryFolder(), 'vietnamese.yaml');
    const vietnamese = minimal.replace('primary: { key: zh, tag: zh-Hans, name: 中文 }', 'primary: { key: zh, tag: vi, name: Tiếng Việt }');
    await writeFile(guide, `${vietnamese}ui:\n  form.download: { zh: Tải PDF }\n`);
    const result = await run(['check', '--guide', guide]);
    expect(result.code).toBe(0);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(new RegExp(`^handouts: warning: ${guide.replace(/[.\\/]/g, '\\$&')}: ui: the web page has no words in vi for ${MESSAGE_IDS.length - 1} of its ${MESSAGE_IDS.length} messages, and says them in English: start\\.fillHeading, start\\.fillOne, `));
    expect(result.stderr[0]).not.toMatch(/form\.download/);
    expect(result.stderr[0]).toMatch(/\(hint: write them under ui: in the guide, as start\.fillHeading: \{ zh: \.\.\. \}\)$/);
    expect((await run(['check'])).stderr).toEqual([]);
  });
});
