import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PAIR_LAYOUTS, PAPER_NAMES } from '../../src/layout/index.js';
import { readPdfFolder, SHIPPED_GUIDE, temporaryFolder } from '../helpers/build.js';
import { run } from '../helpers/cli.js';
import { checkStructure, listFonts, readPdf } from '../helpers/pdf.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'guides');
const TRADITIONAL = join(FIXTURES, 'traditional-chinese-with-english.yaml');
const FILIPINO = join(FIXTURES, 'english-with-filipino.yaml');
const flat = (value: string) => value.replace(/\s+/g, '');
/** The base names of the faces a PDF embeds, without their subset tags. */
const faces = (bytes: Uint8Array) => [...new Set(listFonts(bytes).map((font) => font.baseFont.replace(/^[A-Z]{6}\+/, '')))].sort();

/** Runs the command line, which must succeed, and returns the PDFs it wrote by name. */
async function written(args: string[]): Promise<Record<string, Buffer>> {
  const out = await temporaryFolder();
  const result = await run([...args, '--out', out]);
  expect(result.stderr).toEqual([]);
  expect(result.code).toBe(0);
  return readPdfFolder(out);
}

describe('a guide in Traditional Chinese with English', () => {
  let pdfs: Record<string, Buffer>;
  beforeAll(async () => {
    pdfs = await written(['build', '--guide', TRADITIONAL]);
  });

  it('is checked and built with no code of its own, and its PDFs are valid', async () => {
    expect((await run(['check', '--guide', TRADITIONAL])).code).toBe(0);
    expect(Object.keys(pdfs).sort()).toEqual(['checklist', 'handout', 'store-visit-form', 'store-visit-form-fillable']);
    for (const [name, bytes] of Object.entries(pdfs)) expect(checkStructure(bytes), name).toEqual([]);
  });

  it.each(['handout', 'checklist', 'store-visit-form', 'store-visit-form-fillable'])('%s embeds the Traditional Chinese face, and no other', (name) => {
    expect(faces(pdfs[name]!)).toEqual(['NotoSansHant-Bold', 'NotoSansHant-Regular']);
  });

  it('prints its Traditional texts and their English, marked zh-Hant', async () => {
    const handout = await readPdf(pdfs.handout!);
    const text = flat(handout.pages.join(''));
    for (const words of ['為什麼要正確註銷', '領取註銷證明', flat('Collect the cancellation certificate')]) expect(text).toContain(words);
    expect(handout.info.Language).toBe('zh-Hant');
    // The folded line between two Chinese characters of the YAML leaves no space.
    expect(handout.pages.join('')).toContain('財產損失。因此');
  });

  it('fills its form; a Simplified character in an answer prints from the Simplified face', async () => {
    const { 'store-visit-form-filled': form } = await written(['form', '--guide', TRADITIONAL, '--name', '陳为民', '--number', '0917 123 4567']);
    expect(flat((await readPdf(form!)).pages[0]!)).toContain('陳为民');
    expect(faces(form!)).toEqual(['NotoSansHans-Bold', 'NotoSansHant-Bold', 'NotoSansHant-Regular']);
  });

  it('makes single-language editions: Traditional Chinese in its own face, English alone in Noto Sans', async () => {
    const chinese = await written(['build', '--guide', TRADITIONAL, '--lang', 'zh-Hant', '--layout', 'parallel']);
    const english = await written(['build', '--guide', TRADITIONAL, '--lang', 'en']);
    expect(faces(chinese['handout-zh-Hant']!)).toEqual(['NotoSansHant-Bold', 'NotoSansHant-Regular']);
    expect(faces(english['handout-en']!)).toEqual(['NotoSans-Bold', 'NotoSans-Regular']);
    const text = flat((await readPdf(chinese['handout-zh-Hant']!)).pages.join(''));
    expect(text).toContain('領取註銷證明');
    expect(text).not.toContain(flat('Collect the cancellation certificate'));
  });

  it('may set its English in Noto Sans as a house style, named in the guide', async () => {
    const guide = join(await temporaryFolder(), 'house-style.yaml');
    const source = await readFile(TRADITIONAL, 'utf8');
    await writeFile(guide, source.replace('content_date:', 'fonts: { en: Noto Sans }\ncontent_date:'));
    const { handout } = await written(['build', '--guide', guide]);
    expect(faces(handout!)).toEqual(['NotoSans-Bold', 'NotoSans-Regular', 'NotoSansHant-Bold', 'NotoSansHant-Regular']);
  });
});

describe('a guide in the shipped Simplified Chinese', () => {
  it('prints a character only the Traditional face has from that face', async () => {
    const { 'store-visit-form-filled': form } = await written(['form', '--guide', SHIPPED_GUIDE, '--name', '陈𠀡', '--number', '0917 123 4567']);
    expect(flat((await readPdf(form!)).pages[0]!)).toContain('陈𠀡');
    expect(faces(form!)).toEqual(['NotoSansHans-Bold', 'NotoSansHans-Regular', 'NotoSansHant-Bold']);
  });
});

describe('a guide in English with Filipino', () => {
  let pdfs: Record<string, Buffer>;
  beforeAll(async () => {
    pdfs = await written(['build', '--guide', FILIPINO]);
  });

  it('is checked and built with no code of its own, in Noto Sans alone but for the text fields, which type Chinese too', async () => {
    expect((await run(['check', '--guide', FILIPINO])).code).toBe(0);
    for (const [name, bytes] of Object.entries(pdfs)) {
      expect(checkStructure(bytes), name).toEqual([]);
      expect(faces(bytes), name).toEqual(name.endsWith('-fillable') ? ['NotoSans-Bold', 'NotoSans-Regular', 'NotoSansHans-Regular'] : ['NotoSans-Bold', 'NotoSans-Regular']);
    }
  });

  it('prints both languages, marked en with fil spans, and an option the same in both once', async () => {
    const handout = await readPdf(pdfs.handout!);
    expect(handout.info.Language).toBe('en');
    expect(flat(handout.pages.join(''))).toContain(flat('Kunin ang sertipiko ng pagkakansela'));
    expect(pdfs.handout!.toString('latin1')).toMatch(/\/Lang \(fil\)/);
    const form = (await readPdf(pdfs['store-visit-form']!)).pages[0]!;
    expect(form).toContain('Pasaporte');
    expect(form.match(/ID card/g)).toHaveLength(1);
  });

  it.each(PAPER_NAMES.flatMap((paper) => PAIR_LAYOUTS.map((layout) => [paper, layout] as const)))('builds on %s paper, %s, the checklist and form one page each', async (paper, layout) => {
    const built = await written(['build', '--guide', FILIPINO, '--paper', paper, '--layout', layout]);
    for (const name of ['checklist', 'store-visit-form']) expect((await readPdf(built[name]!)).pages, name).toHaveLength(1);
  });

  it('makes a Filipino edition with --lang fil', async () => {
    const edition = await written(['build', '--guide', FILIPINO, '--lang', 'fil']);
    expect(Object.keys(edition).sort()).toEqual(['checklist-fil', 'handout-fil', 'store-visit-form-fil', 'store-visit-form-fil-fillable']);
    const handout = await readPdf(edition['handout-fil']!);
    expect(handout.info.Language).toBe('fil');
    expect(flat(handout.pages.join(''))).toContain(flat('Paano ipakansela ang Smart SIM card'));
    expect(flat(handout.pages.join(''))).not.toContain(flat('How to cancel'));
  });

  it('fills forms with only the required name and number, one by one and from a spreadsheet', async () => {
    const { 'store-visit-form-filled': form } = await written(['form', '--guide', FILIPINO, '--name', 'Maria Santos-Niño', '--number', '+63 918 765 4321']);
    const text = flat((await readPdf(form!)).pages[0]!);
    expect(text).toContain('MariaSantos-Niño');
    expect(text).toContain('09187654321');

    const folder = await temporaryFolder();
    await writeFile(join(folder, 'people.csv'), 'name,number,id-type,id-number,date\nAna Cruz,0917 123 4567,,,\nBo Reyes,0917 765 4321,passport,P123,2026-01-05\n');
    const out = join(folder, 'out');
    const result = await run(['form', '--guide', FILIPINO, '--batch', join(folder, 'people.csv'), '--out', out]);
    expect(result.stdout).toEqual([`2 forms written to ${out}, 0 skipped`]);
    expect((await readdir(out)).sort()).toEqual(['store-visit-form-2.pdf', 'store-visit-form-3.pdf']);
    const ana = flat((await readPdf(await readFile(join(out, 'store-visit-form-2.pdf')))).pages[0]!);
    expect(ana).toContain('AnaCruz');
    expect(ana).not.toContain('*');
  });
});

describe('the walk-through of docs/writing-a-guide.md, "A guide of your own"', () => {
  it('gives a guide that is checked, built in its Traditional face and filled with only the required fields', async () => {
    const page = await readFile(join(import.meta.dirname, '..', '..', 'docs', 'writing-a-guide.md'), 'utf8');
    const section = page.slice(page.indexOf('## A guide of your own'), page.indexOf('## Faces by language'));
    const yaml = /```yaml[^\n]*\n([\s\S]*?)```/.exec(section)![1]!.replace(/^ {3}/gm, '');
    const guide = join(await temporaryFolder(), 'guide.yaml');
    await writeFile(guide, yaml);
    expect((await run(['check', '--guide', guide])).stdout).toEqual(['ok: checklist (1 page), handout (1 page), store-visit-form (1 page)']);
    expect(faces((await written(['build', '--guide', guide])).handout!)).toEqual(['NotoSansHant-Bold', 'NotoSansHant-Regular']);
    const { 'store-visit-form-filled': form } = await written(['form', '--guide', guide, '--name', '陳大文', '--number', '0917 123 4567']);
    expect(flat((await readPdf(form!)).pages[0]!)).toContain('陳大文');
  });
});
