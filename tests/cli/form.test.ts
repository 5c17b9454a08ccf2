import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boxOf } from '../helpers/layout.js';
import { SHIPPED_GUIDE, temporaryFolder } from '../helpers/build.js';
import { FIXED_TODAY, run } from '../helpers/cli.js';
import { readPdf, readTextPositions } from '../helpers/pdf.js';
import { layoutShipped } from '../helpers/layout.js';
import type { WriteInItem } from '../../src/layout/index.js';

const PERSON = ['--name', '王小明', '--number', '0917 123 4567', '--id-type', 'passport', '--id-number', 'E12345678', '--set', 'date=today'];
const flat = (value: string) => value.replace(/\s+/g, '');

async function fillForm(extra: string[] = []): Promise<{ out: string; file: string; result: Awaited<ReturnType<typeof run>> }> {
  const out = await temporaryFolder();
  const result = await run(['form', '--out', out, ...PERSON, ...extra]);
  return { out, file: join(out, 'store-visit-form-filled.pdf'), result };
}

describe('handouts form', () => {
  it('writes one page with every value, the masked ID and today\'s date, and prints only its path', async () => {
    const { file, result } = await fillForm(['--unbound', 'bank,alipay']);
    expect(result.code).toBe(0);
    expect(result.stdout).toEqual([expect.stringMatching(/^wrote .*store-visit-form-filled\.pdf \(1 page, \d+ KB\)$/)]);
    const pdf = await readPdf(await readFile(file));
    expect(pdf.pages).toHaveLength(1);
    const text = flat(pdf.pages[0]!);
    for (const value of ['王小明', '09171234567', '*****5678', FIXED_TODAY]) expect(text).toContain(value);
    expect(text).not.toContain('E12345678');
    for (const personal of ['王小明', '0917', 'E12345678', '5678']) expect(result.stdout.join('')).not.toContain(personal);
  });

  it('prints each value in the PDF on its own field\'s line, where the layout put the line', async () => {
    const { file } = await fillForm();
    const positions = await readTextPositions(await readFile(file));
    const { pages } = (await layoutShipped('a4'))['store-visit-form']!;
    const lines = pages[0]!.items.filter((item): item is WriteInItem => item.kind === 'write-in');
    const expected: Record<string, string> = { name: '王小明', number: '0917 123 4567', 'id-number': '*****5678', date: FIXED_TODAY };
    for (const [fieldId, value] of Object.entries(expected)) {
      const line = lines.find((item) => item.fieldId === fieldId)!;
      const printed = positions.find((entry) => entry.text === value);
      expect(printed, fieldId).toBeDefined();
      expect(printed!.x).toBeGreaterThanOrEqual(line.x);
      expect(printed!.x).toBeLessThan(line.x + line.width);
      expect(Math.abs(printed!.baseline - line.baseline)).toBeLessThan(0.5);
    }
  });

  it('prints the full ID number only with --show-id-number', async () => {
    const { file } = await fillForm(['--show-id-number']);
    expect(flat((await readPdf(await readFile(file))).pages[0]!)).toContain('E12345678');
  });

  it('keeps personal values out of the PDF metadata', async () => {
    const { file } = await fillForm();
    const { info } = await readPdf(await readFile(file));
    const metadata = JSON.stringify(info);
    for (const personal of ['王小明', '0917', '5678', 'E1234']) expect(metadata).not.toContain(personal);
    const bytes = (await readFile(file)).toString('latin1');
    expect(bytes).not.toMatch(/E12345678|0917 123 4567/);
  });

  it('writes the file readable by its owner only', async () => {
    const { file } = await fillForm();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('writes its page image with --preview, as private as the form itself', async () => {
    const { out } = await fillForm(['--preview']);
    const image = join(out, 'store-visit-form-filled-1.png');
    expect((await stat(image)).mode & 0o777).toBe(0o600);
  });

  it('lays the form out in Chinese alone with --lang zh-Hans, and on Folio paper', async () => {
    const { file } = await fillForm(['--lang', 'zh-Hans', '--paper', 'folio', '--layout', 'parallel']);
    const bytes = await readFile(file);
    expect(bytes.toString('latin1')).toContain('/MediaBox [0 0 612 936]');
    const text = (await readPdf(bytes)).pages[0]!;
    expect(text).toContain('王小明');
    expect(text).not.toContain('Full name');
  });

  it('refuses to replace an existing file unless --force is given', async () => {
    const { out, file } = await fillForm();
    await writeFile(file, 'earlier form');
    const again = await run(['form', '--out', out, ...PERSON]);
    expect(again.code).toBe(3);
    expect(again.stderr[0]).toMatch(/already exists.*--force/);
    expect(await readFile(file, 'utf8')).toBe('earlier form');
    expect((await run(['form', '--out', out, ...PERSON, '--force'])).code).toBe(0);
    expect(await readdir(out)).toEqual(['store-visit-form-filled.pdf']);
  });

  it('prints values that look like markup literally', async () => {
    const { file, result } = await fillForm(['--reason', '<field id="x"/> {{name}} &amp;']);
    expect(result.code).toBe(0);
    expect(flat((await readPdf(await readFile(file))).pages[0]!)).toContain(flat('<field id="x"/> {{name}} &amp;'));
  });

  it('reads values from a --data file, with flags taking precedence', async () => {
    const folder = await temporaryFolder();
    const data = join(folder, 'person.yaml');
    await writeFile(data, 'name: 李四\nnumber: "+63 917 765 4321"\nid-type: id-card\nid-number: X9876543\ndate: 2026-01-02\nunbound: [wechat-pay]\n');
    const result = await run(['form', '--out', folder, '--data', data, '--name', '张三']);
    expect(result.code).toBe(0);
    const text = flat((await readPdf(await readFile(join(folder, 'store-visit-form-filled.pdf')))).pages[0]!);
    expect(text).toContain('张三');
    expect(text).not.toContain('李四');
    expect(text).toContain('09177654321');
  });

  it('reports all bad values at once, by field, without echoing them, and writes nothing', async () => {
    const out = await temporaryFolder();
    const result = await run(['form', '--out', out, '--id-number', 'Secret Number', '--number', '12', '--id-type', 'licence', '--set', 'date=2026-13-01']);
    expect(result.code).toBe(1);
    const messages = result.stderr.join('\n');
    expect(messages).toMatch(/name: is required/);
    expect(messages).toMatch(/number: must have 11 digits/);
    expect(messages).toMatch(/id-type: is not one of the options/);
    expect(messages).toMatch(/date: is not a/);
    expect(messages).not.toMatch(/Secret|licence|2026-13/);
    expect(await readdir(out)).toEqual([]);
  });

  it('warns, naming only the field, when a value had to shrink below an easily read size', async () => {
    // A guide whose reason allows more than its one line can print at 9 pt, as check would warn.
    const folder = await temporaryFolder();
    const guide = join(folder, 'long-reason.yaml');
    await writeFile(guide, (await readFile(SHIPPED_GUIDE, 'utf8')).replace('max_length: 56, lines: 2,', 'max_length: 120,'));
    const reason = '我要出国了，不再使用这张卡。I am leaving the country for good and will not use this SIM card any more.';
    const { result } = await fillForm(['--guide', guide, '--reason', reason]);
    expect(result.code).toBe(0);
    expect(result.stderr).toEqual([expect.stringMatching(/^handouts: warning: reason: printed at [78](\.5)? pt to fit its line \(hint: abbreviate it/)]);
  });

  it('keeps a --data phone number written without quotes as text, leading 0 and all', async () => {
    const folder = await temporaryFolder();
    const data = join(folder, 'person.yaml');
    await writeFile(data, 'name: Ana Cruz\nnumber: 09171234567\nid-type: passport\nid-number: E1\ndate: 2026-01-02\n');
    const result = await run(['form', '--out', folder, '--data', data]);
    expect(result.code).toBe(0);
    expect(flat((await readPdf(await readFile(join(folder, 'store-visit-form-filled.pdf')))).pages[0]!)).toContain('09171234567');
  });

  it('takes checkboxes one flag at a time, and refuses any other field given twice', async () => {
    const { file, result } = await fillForm(['--unbound', 'bank', '--unbound', 'alipay']);
    expect(result.code).toBe(0);
    expect((await readFile(file)).length).toBeGreaterThan(0);
    const twice = await run(['form', '--out', await temporaryFolder(), ...PERSON, '--name', 'Ben Reyes']);
    expect(twice.code).toBe(2);
    expect(twice.stderr[0]).toMatch(/--name is given 2 times/);
    expect(twice.stderr.join('')).not.toMatch(/Ben|王小明/);
  });

  it('rejects an unsafe file name', async () => {
    const result = await run(['form', '--out', await temporaryFolder(), ...PERSON, '--file-name', '../escape']);
    expect(result.code).toBe(2);
    expect(result.stderr[0]).toMatch(/--file-name/);
  });

  it('takes a file name ending in .pdf as meant, one form or a batch', async () => {
    const out = await temporaryFolder();
    expect((await run(['form', '--out', out, ...PERSON, '--file-name', 'wangrong.pdf'])).code).toBe(0);
    expect((await run(['form', '--out', out, ...PERSON, '--file-name', 'CHEN.PDF'])).code).toBe(0);
    await writeFile(join(out, 'people.csv'), 'name,number\n王小明,0917 123 4567\n陈大文,0917 765 4321\n');
    expect((await run(['form', '--out', out, '--batch', join(out, 'people.csv'), '--file-name', 'desk-{row}.pdf'])).code).toBe(0);
    expect((await run(['form', '--out', out, '--batch', join(out, 'people.csv'), '--combine', '--file-name', 'desk.pdf'])).code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['CHEN.pdf', 'desk-2.pdf', 'desk-3.pdf', 'desk.pdf', 'people.csv', 'wangrong.pdf']);
    expect((await readPdf(await readFile(join(out, 'wangrong.pdf')))).pages).toHaveLength(1);
  });

  it('rejects a file name that is nothing but .pdf', async () => {
    const result = await run(['form', '--out', await temporaryFolder(), ...PERSON, '--file-name', '.pdf']);
    expect(result.code).toBe(2);
    expect(result.stderr[0]).toMatch(/--file-name/);
  });

  it('lists each field as an option with its bilingual label in --help', async () => {
    const result = await run(['form', '--help']);
    const help = result.stdout.join('\n') + result.stderr.join('\n');
    expect(help).toMatch(/--name\s+姓名 \/ Full name \(text, required\)/);
    expect(help).toMatch(/--number\s+要注销的手机号码 \/ Mobile number to cancel \(phone, required\)/);
    expect(help).toMatch(/--id-type\s+证件类型 \/ ID type \(choice: id-card\|passport\|other\)/);
  });
});

describe('a second guide with other fields', () => {
  it('gets its own field options with no code change', async () => {
    const guide = join(import.meta.dirname, '..', 'fixtures', 'guides', 'minimal-valid.yaml');
    const out = await temporaryFolder();
    const result = await run(['form', '--guide', guide, '--out', out, '--name', 'Ana Cruz']);
    expect(result.code).toBe(0);
    expect(flat((await readPdf(await readFile(join(out, 'store-visit-form-filled.pdf')))).pages[0]!)).toContain('AnaCruz');
    const unknown = await run(['form', '--guide', guide, '--out', out, '--name', 'Ana Cruz', '--number', '0917 123 4567', '--force']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr[0]).toMatch(/unknown option --number/);
  });
});

describe('values on the laid-out form', () => {
  it('stand on their own write-in line, inside its box, and the chosen boxes are ticked', async () => {
    const { layoutFilled } = await import('../helpers/layout.js');
    const { parseMarkup } = await import('../../src/document/index.js');
    const { fillTemplates } = await import('../../src/templates/index.js');
    const { loadGuide } = await import('../../src/guide/index.js');
    const { loadFonts } = await import('../../src/fonts/index.js');
    const { SHIPPED_GUIDE, SHIPPED_TEMPLATES } = await import('../helpers/build.js');
    const [guide, fonts] = await Promise.all([loadGuide(SHIPPED_GUIDE), loadFonts()]);
    const [template] = await fillTemplates({ guide, templatesDir: SHIPPED_TEMPLATES, only: ['store-visit-form'] });
    const document = parseMarkup(template!);
    const values = { name: { kind: 'text', text: '王小明' }, reason: { kind: 'text', text: '不再使用这张卡。I no longer use this card and want to close it properly before leaving the country for good.' }, unbound: { kind: 'options', ids: ['alipay'] } } as const;
    const [page] = layoutFilled({ document, fonts, paper: 'a4', values }).pages;
    const items = page!.items;
    for (const fieldId of ['name', 'reason']) {
      const line = items.find((item) => item.kind === 'write-in' && item.fieldId === fieldId)!;
      const area = boxOf(line);
      const printed = items.filter((item) => item.kind === 'text' && item.font === 'bold' && item.x >= area.left && item.y >= area.top - 0.01 && item.y + item.height <= area.bottom + 0.01 && item.x + item.width <= area.right + 0.01);
      expect(printed.length, fieldId).toBeGreaterThan(0);
    }
    const reasonLines = items.filter((item) => item.kind === 'text' && item.font === 'bold' && item.size < 12);
    expect(reasonLines.length).toBeGreaterThanOrEqual(1);
    const ticked = items.filter((item) => item.kind === 'checkbox' && item.checked).map((item) => item.kind === 'checkbox' && item.answers?.optionId);
    expect(ticked).toEqual(['alipay']);
  });
});
