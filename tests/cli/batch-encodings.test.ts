import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CsvEncoding } from '../../src/values/index.js';
import { temporaryFolder } from '../helpers/build.js';
import { run } from '../helpers/cli.js';
import { spreadsheetBytes, type People, type SpreadsheetOptions } from '../helpers/encoded-csv.js';
import { readPdf } from '../helpers/pdf.js';

const flat = (value: string) => value.replace(/\s+/g, '');

/** A spreadsheet's bytes in a fresh folder, through `handouts form --batch … --combine`: the exit code, what it printed, and each page's text. */
async function batch(people: People, encoding: CsvEncoding | 'gbk' | 'windows-1252', options: SpreadsheetOptions, args: string[] = []) {
  const folder = await temporaryFolder();
  const { bytes, names } = spreadsheetBytes(people, encoding, options);
  await writeFile(join(folder, 'people.csv'), bytes);
  const out = join(folder, 'out');
  const result = await run(['form', '--batch', join(folder, 'people.csv'), '--out', out, '--combine', ...args]);
  const written = await readdir(out).catch(() => []);
  const pages = written.length ? (await readPdf(await readFile(join(out, written[0]!)))).pages.map(flat) : [];
  return { ...result, stderr: result.stderr.filter((line) => !line.startsWith('progress:')), names, pages, written };
}

describe('handouts form --batch, with a spreadsheet as Excel saves it', () => {
  it.each([
    // CSV on Chinese, Taiwanese, Japanese and Korean Windows: the system code page.
    ['gbk', 'gbk', {}],
    ['gb18030', 'gb18030', {}],
    ['big5', 'big5', {}],
    ['shift_jis', 'shift_jis', {}],
    ['euc-kr', 'euc-kr', {}],
    // CSV UTF-8, with and without its byte-order mark; with semicolons where a comma is the decimal mark.
    ['everyone', 'utf-8', { byteOrderMark: true }],
    ['everyone', 'utf-8', {}],
    ['everyone', 'utf-8', { byteOrderMark: true, delimiter: ';' }],
    ['everyone', 'utf-8', { delimiter: '\t' }],
    // Unicode text: UTF-16 with its byte-order mark, tab-separated.
    ['everyone', 'utf-16le', { byteOrderMark: true, delimiter: '\t' }],
    ['everyone', 'utf-16be', { byteOrderMark: true, delimiter: '\t' }],
  ] as const)('%s people in %s %o print their names exactly', async (people, encoding, options) => {
    const result = await batch(people, encoding, { rows: 4, ...options });
    expect(result.stderr).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.pages).toHaveLength(4);
    result.names.forEach((name, index) => expect(result.pages[index]).toContain(flat(name)));
  });

  it('refuses a GBK file read as another encoding, naming the one it looks like and how to save it as UTF-8, and writes nothing', async () => {
    for (const wrong of ['big5', 'shift_jis', 'euc-kr', 'utf-8']) {
      const result = await batch('gbk', 'gbk', { rows: 4 }, ['--encoding', wrong]);
      expect(result.code).toBe(1);
      expect(result.stderr).toHaveLength(1);
      expect(result.stderr[0]).toMatch(/people\.csv: cannot be read as .+, the encoding asked for \(hint: it looks like GB18030\/GBK \(Simplified Chinese\); open it in Excel, choose File > Save As, save it as "CSV UTF-8 \(Comma delimited\) \(\*\.csv\)"/);
      expect(result.written).toEqual([]);
    }
  });

  it('refuses a file whose encoding it cannot be sure of, and reads it in the encoding asked for', async () => {
    // One Korean name is too little to tell EUC-KR from the Chinese code pages, which read its bytes too.
    const unsure = await batch('euc-kr', 'euc-kr', { rows: 1 });
    expect(unsure.code).toBe(1);
    expect(unsure.stderr).toEqual([expect.stringMatching(/people\.csv: is not saved as UTF-8, and its encoding cannot be told for sure \(hint: it looks like EUC-KR \(Korean\); open it in Excel, choose File > Save As/)]);
    expect(unsure.written).toEqual([]);
    const asked = await batch('euc-kr', 'euc-kr', { rows: 1 }, ['--encoding', 'euc-kr']);
    expect(asked.code).toBe(0);
    expect(asked.pages[0]).toContain('김민준');
  });

  it('refuses a Western "Niño" saved as plain CSV, naming Windows-1252, rather than print it as Chinese', async () => {
    const result = await batch('western', 'windows-1252', { rows: 2 });
    expect(result.code).toBe(1);
    expect(result.stderr[0]).toMatch(/is not saved as UTF-8, and its encoding cannot be told for sure \(hint: it looks like Windows-1252 \(Western European\); open it in Excel/);
    expect(result.written).toEqual([]);
  });

  it('refuses a file that holds U+FFFD, text garbled before it came, even when bad rows are to be skipped', async () => {
    const folder = await temporaryFolder();
    await writeFile(join(folder, 'people.csv'), 'name,number,id-type,id-number,date\r\n陈大文,0917 123 4567,护照,E1,2026-01-05\r\n\uFFFD´\uFFFD\uFFFD,0917 123 4568,护照,E2,2026-01-05\r\n');
    const result = await run(['form', '--batch', join(folder, 'people.csv'), '--out', join(folder, 'out'), '--skip-invalid']);
    expect(result.code).toBe(1);
    expect(result.stderr).toEqual([expect.stringMatching(/people\.csv: row 3: holds U\+FFFD, the mark of characters that are not UTF-8 text/)]);
    expect(await readdir(join(folder, 'out')).catch(() => [])).toEqual([]);
  });
});
