import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryFolder } from '../helpers/build.js';
import { FIXED_TODAY, run } from '../helpers/cli.js';
import { checkStructure, readPdf } from '../helpers/pdf.js';
import { readStructure, type StructureElement } from '../helpers/viewers/pdfium.js';

const CSV = join(import.meta.dirname, '..', 'fixtures', 'csv');

/** A CSV of that many valid people in a fresh folder, and an output folder beside it. */
async function peopleCsv(count: number): Promise<{ csv: string; out: string }> {
  const folder = await temporaryFolder();
  const rows = Array.from({ length: count }, (_, index) => `Person ${index},0917 123 ${String(4000 + index)},passport,E${1000 + index},2026-01-05`);
  await writeFile(join(folder, 'people.csv'), `name,number,id-type,id-number,date\n${rows.join('\n')}\n`);
  return { csv: join(folder, 'people.csv'), out: join(folder, 'out') };
}
const flat = (value: string) => value.replace(/\s+/g, '');
/** What a batch told on standard error besides its progress. */
const problemLines = (stderr: string[]) => stderr.filter((line) => !line.startsWith('progress: '));
/** An element's type and text, then its children's, in reading order. */
const textsOf = (element: StructureElement): string[] => [element.type, flat(element.text), ...element.children.flatMap(textsOf)];

describe('handouts form --batch', () => {
  it('reads a spreadsheet export (BOM, CRLF, quoted commas and line breaks): one form per row', async () => {
    const out = await temporaryFolder();
    const result = await run(['form', '--batch', join(CSV, 'spreadsheet-export.csv'), '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toEqual([`3 forms written to ${out}, 0 skipped`]);
    expect((await readdir(out)).sort()).toEqual(['store-visit-form-2.pdf', 'store-visit-form-3.pdf', 'store-visit-form-4.pdf']);
    const santos = flat((await readPdf(await readFile(join(out, 'store-visit-form-3.pdf')))).pages[0]!);
    for (const value of ['Santos,Maria', '09187654321', '****4321', 'Lineonelinetwo', FIXED_TODAY]) expect(santos).toContain(value);
    const wang = flat((await readPdf(await readFile(join(out, 'store-visit-form-2.pdf')))).pages[0]!);
    expect(wang).toContain('Movingabroad,closingaccounts');
    for (const file of await readdir(out)) expect((await stat(join(out, file))).mode & 0o777).toBe(0o600);
  });

  it('reports every bad row with its row number and field, never the value, and writes nothing', async () => {
    const out = await temporaryFolder();
    const result = await run(['form', '--batch', join(CSV, 'bad-rows.csv'), '--out', out]);
    expect(result.code).toBe(1);
    const expected = (await readFile(join(CSV, 'bad-rows.expected'), 'utf8')).trim().split('\n');
    const told = problemLines(result.stderr);
    expect(told).toHaveLength(expected.length);
    expected.forEach((line, index) => expect(told[index]).toContain(line));
    expect(result.stderr.join('\n')).not.toMatch(/Short Number|12345|surprise|Bad Date/);
    expect(await readdir(out)).toEqual([]);
  });

  it('writes no combined PDF, nor any part of it, when a row after good ones is bad', async () => {
    const out = await temporaryFolder();
    const result = await run(['form', '--batch', join(CSV, 'bad-rows.csv'), '--out', out, '--combine']);
    expect(result.code).toBe(1);
    expect(await readdir(out)).toEqual([]);
  });

  it('writes the good rows with --skip-invalid and says how many were skipped', async () => {
    const out = await temporaryFolder();
    const result = await run(['form', '--batch', join(CSV, 'bad-rows.csv'), '--out', out, '--skip-invalid']);
    expect(result.code).toBe(0);
    expect(result.stdout).toEqual([`1 form written to ${out}, 4 skipped`]);
    expect(await readdir(out)).toEqual(['store-visit-form-2.pdf']);
  });

  it('writes no combined PDF when no row is good', async () => {
    const out = await temporaryFolder();
    const onlyBad = join(await temporaryFolder(), 'only-bad.csv');
    await writeFile(onlyBad, 'name,number,id-type,id-number,date\nNo Number,,passport,E1,2026-01-05\n');
    const result = await run(['form', '--batch', onlyBad, '--out', out, '--combine', '--skip-invalid']);
    expect(result.code).toBe(0);
    expect(result.stdout).toEqual([`0 forms written to ${out}, 1 skipped`]);
    expect(await readdir(out)).toEqual([]);
  });

  it('writes no form when a file is in the way of one', async () => {
    const out = await temporaryFolder();
    await writeFile(join(out, 'store-visit-form-3.pdf'), 'an earlier form');
    const result = await run(['form', '--batch', join(CSV, 'spreadsheet-export.csv'), '--out', out]);
    expect(result.code).toBe(3);
    expect(problemLines(result.stderr)).toEqual([expect.stringMatching(/store-visit-form-3\.pdf: the file already exists/)]);
    expect(await readdir(out)).toEqual(['store-visit-form-3.pdf']);
    expect(await readFile(join(out, 'store-visit-form-3.pdf'), 'utf8')).toBe('an earlier form');
  });

  it('names the first 100 files in the way of a run again into the same folder, and counts the others', async () => {
    const { csv, out } = await peopleCsv(130);
    expect((await run(['form', '--batch', csv, '--out', out])).code).toBe(0);
    const again = await run(['form', '--batch', csv, '--out', out]);
    expect(again.code).toBe(3);
    const told = problemLines(again.stderr);
    expect(told.filter((line) => /: the file already exists/.test(line))).toHaveLength(100);
    expect(told.at(-1)).toMatch(/: 30 more files are in the way \(hint: pass --force to replace them/);
    expect(told).toHaveLength(101);
  });

  it('names a misspelt header column and suggests the field', async () => {
    const result = await run(['form', '--batch', join(CSV, 'misspelt-header.csv'), '--out', await temporaryFolder()]);
    expect(result.code).toBe(1);
    expect(result.stderr[0]).toContain((await readFile(join(CSV, 'misspelt-header.expected'), 'utf8')).trim());
  });

  it('combines every form into one printable PDF with --combine', async () => {
    const out = await temporaryFolder();
    const result = await run(['form', '--batch', join(CSV, 'spreadsheet-export.csv'), '--out', out, '--combine']);
    expect(result.code).toBe(0);
    expect(await readdir(out)).toEqual(['store-visit-form-all.pdf']);
    const bytes = await readFile(join(out, 'store-visit-form-all.pdf'));
    expect(checkStructure(bytes)).toEqual([]);
    const pdf = await readPdf(bytes);
    expect(pdf.pages).toHaveLength(3);
    expect(flat(pdf.pages[1]!)).toContain('Santos,Maria');
    // Each form is a part of the tagged structure, its answers among its elements, on every page.
    const parts = await Promise.all([0, 1, 2].map(async (page) => (await readStructure(bytes, page)).flatMap(textsOf)));
    expect(parts.map((texts) => texts[0])).toEqual(['Document', 'Document', 'Document']);
    expect(parts.map((texts) => texts.includes('Part'))).toEqual([true, true, true]);
    expect(parts[1]!.join('')).toContain('Santos,Maria');
    expect(parts[2]!.join('')).toContain('李四');
  });

  it('applies --set values to every row that leaves the field empty', async () => {
    const out = await temporaryFolder();
    const result = await run(['form', '--batch', join(CSV, 'spreadsheet-export.csv'), '--out', out, '--set', 'reason=Leaving', '--set', 'unbound=bank']);
    expect(result.code).toBe(0);
    const li = flat((await readPdf(await readFile(join(out, 'store-visit-form-4.pdf')))).pages[0]!);
    expect(li).toContain('Leaving');
  });

  it('stops at Ctrl-C, writing no form: the ones drawn so far are let go', async () => {
    const { csv, out } = await peopleCsv(30);
    const result = await run(['form', '--batch', csv, '--out', out], { interruptAfter: 1 });
    expect(result.code).toBe(130);
    expect(result.stderr.at(-1)).toMatch(/interrupted: no form was written/);
    expect(await readdir(out)).toEqual([]);
  });

  it('writes no form when a folder is where one goes, naming it, and leaves no temporary file', async () => {
    const { csv, out } = await peopleCsv(12);
    // A folder where the sixth form's file should go.
    await mkdir(join(out, 'store-visit-form-07.pdf'), { recursive: true });
    const result = await run(['form', '--batch', csv, '--out', out, '--force']);
    expect(result.code).toBe(3);
    expect(problemLines(result.stderr)).toEqual([expect.stringMatching(/store-visit-form-07\.pdf: a folder is in the way of the file/)]);
    expect(await readdir(out)).toEqual(['store-visit-form-07.pdf']);
  });

  it('writes no combined PDF at all when interrupted', async () => {
    const out = await temporaryFolder();
    const result = await run(['form', '--batch', join(CSV, 'spreadsheet-export.csv'), '--out', out, '--combine'], { interruptAfter: 1 });
    expect(result.code).toBe(130);
    expect(await readdir(out)).toEqual([]);
  });

  it('shows progress as plain lines when standard error is not a terminal', async () => {
    const result = await run(['form', '--batch', join(CSV, 'spreadsheet-export.csv'), '--out', await temporaryFolder()]);
    expect(result.stderr).toEqual(['progress: 1/3 rows', 'progress: 2/3 rows', 'progress: 3/3 rows']);
  });
});
