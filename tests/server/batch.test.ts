import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../helpers/build.js';
import { run } from '../helpers/cli.js';
import { spreadsheetBytes } from '../helpers/encoded-csv.js';
import { readPdf } from '../helpers/pdf.js';
import { AS_BROWSER, ask, formBody, startServing, type Answer, type Serving } from '../helpers/server.js';

const CSV = join(import.meta.dirname, '..', 'fixtures', 'csv');
const PEOPLE = `\uFEFFname,number,id-type,id-number,reason,date,unbound\r\n王小明,0917 123 4567,passport,E12345678,"Moving abroad, closing accounts",2026-01-05,"bank,alipay"\r\n"Santos, Maria",+63 918 765 4321,ID card,P7654321,,2026-01-06,\r\n李四,09190001111,身份证,X1234,,2026-02-01,wechat-pay\r\n`;

let server: Serving;
beforeAll(async () => {
  server = await startServing();
});
afterAll(async () => {
  await server.stop();
});

function upload(csv: string | Buffer, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('csv', new Blob([typeof csv === 'string' ? csv : new Uint8Array(csv)]), 'people.csv');
  return form;
}

interface Status {
  state: string;
  done: number;
  total: number;
  skipped: number;
  file: string | null;
  problems: { row: number; field: string | null; label: string | null; messages: { lang: string; message: string; hint: string | null }[] }[];
}

async function finished(accepted: Answer): Promise<Status> {
  expect(accepted.status).toBe(202);
  const { status } = JSON.parse(accepted.text) as { status: string };
  for (;;) {
    const now = JSON.parse((await ask(`${server.url}${status.slice(1)}`)).text) as Status;
    if (now.state === 'done') return now;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The same file through `handouts form --batch`, in a fresh folder: each PDF by file name. */
async function throughTheCli(csv: string, args: string[]): Promise<Record<string, Buffer>> {
  const folder = await temporaryFolder();
  await writeFile(join(folder, 'people.csv'), csv);
  const out = join(folder, 'out');
  expect((await run(['form', '--batch', join(folder, 'people.csv'), '--out', out, ...args])).code).toBe(0);
  const { readPdfFolder } = await import('../helpers/build.js');
  return readPdfFolder(out);
}

describe('filling many forms from a CSV file', () => {
  it('gives the one combined PDF the command line writes for the same file', async () => {
    const status = await finished(await ask(`${server.url}batch`, { method: 'POST', body: upload(PEOPLE) }));
    expect(status).toMatchObject({ done: 3, total: 3, skipped: 0, problems: [] });
    const combined = await ask(`${server.url}${status.file!.slice(1)}`);
    expect(combined.headers['content-disposition']).toBe('attachment; filename="store-visit-form-all.pdf"');
    const cli = await throughTheCli(PEOPLE, ['--combine']);
    expect(Buffer.compare(combined.body, cli['store-visit-form-all']!)).toBe(0);
    const pages = (await readPdf(combined.body)).pages.map((page) => page.replace(/\s+/g, ''));
    expect(pages).toHaveLength(3);
    expect(pages[1]).toContain('Santos,Maria');
  });

  it('reads a spreadsheet saved as CSV on Chinese Windows (GBK) and prints its names exactly', async () => {
    const { bytes, names } = spreadsheetBytes('gbk', 'gbk', { rows: 4 });
    const status = await finished(await ask(`${server.url}batch`, { method: 'POST', body: upload(Buffer.from(bytes)) }));
    expect(status).toMatchObject({ done: 4, problems: [] });
    const pages = (await readPdf((await ask(`${server.url}${status.file!.slice(1)}`)).body)).pages.map((page) => page.replace(/\s+/g, ''));
    names.forEach((name, index) => expect(pages[index]).toContain(name));
  });

  it('refuses a file whose encoding cannot be told, in both languages, and reads it in the encoding the page names', async () => {
    const { bytes } = spreadsheetBytes('euc-kr', 'euc-kr', { rows: 1 });
    const refused = await ask(`${server.url}batch`, { method: 'POST', body: upload(Buffer.from(bytes)) });
    expect(refused.status).toBe(422);
    const [problem] = (JSON.parse(refused.text) as Status).problems;
    expect(problem).toEqual({
      field: null,
      label: null,
      row: null,
      messages: [
        { lang: 'zh-Hans', message: '不是 UTF-8 编码，也无法确定是哪种编码', hint: '看来是 EUC-KR（韩文）。请用 Excel 打开，选择“文件 > 另存为”，保存类型选“CSV UTF-8(逗号分隔)(*.csv)”，再使用新保存的文件' },
        { lang: 'en', message: 'is not saved as UTF-8, and its encoding cannot be told for sure', hint: 'it looks like EUC-KR (Korean); open it in Excel, choose File > Save As, save it as "CSV UTF-8 (Comma delimited) (*.csv)" and use the new file' },
      ],
    });
    const page = await ask(`${server.url}batch`, { headers: AS_BROWSER });
    expect(page.text).toMatch(/<select id="encoding" name="_encoding">[^]*<option value="euc-kr">EUC-KR（韩文） \/ EUC-KR \(Korean\)<\/option>/);
    const status = await finished(await ask(`${server.url}batch`, { method: 'POST', body: upload(Buffer.from(bytes), { _encoding: 'euc-kr' }) }));
    expect((await readPdf((await ask(`${server.url}${status.file!.slice(1)}`)).body)).pages[0]).toContain('김민준');
  });

  it('gives a zip of the very PDFs the command line writes, one a row, named for their rows', async () => {
    const status = await finished(await ask(`${server.url}batch`, { method: 'POST', body: upload(PEOPLE, { _output: 'zip', _paper: 'folio' }) }));
    const zip = await ask(`${server.url}${status.file!.slice(1)}`);
    expect(zip.headers['content-type']).toBe('application/zip');
    const files = unzipSync(zip.body);
    const cli = await throughTheCli(PEOPLE, ['--paper', 'folio']);
    expect(Object.keys(files).sort()).toEqual(Object.keys(cli).map((name) => `${name}.pdf`).sort());
    for (const [name, bytes] of Object.entries(files)) expect(Buffer.compare(Buffer.from(bytes), cli[name.replace(/\.pdf$/, '')]!)).toBe(0);
  });

  it('answers a file with bad rows with the report the command line prints, in both languages, and makes nothing', async () => {
    const answer = await ask(`${server.url}batch`, { method: 'POST', body: upload(await readFile(join(CSV, 'bad-rows.csv'))) });
    expect(answer.status).toBe(422);
    const { problems } = JSON.parse(answer.text) as Status;
    const expected = (await readFile(join(CSV, 'bad-rows.expected'), 'utf8')).trim().split('\n').map((line) => line.replace(/^bad-rows\.csv: /, ''));
    expect(problems.map((problem) => `row ${problem.row}: ${problem.field ? `${problem.field} (${problem.label}): ` : ''}${problem.messages[1]!.message}`)).toEqual(expected);
    expect(problems.map((problem) => problem.messages.map(({ lang }) => lang))).toEqual(Array(problems.length).fill(['zh-Hans', 'en']));
    expect(problems.every((problem) => /\p{Script=Han}/u.test(problem.messages[0]!.message))).toBe(true);
    expect(answer.text).not.toMatch(/Short Number|12345|surprise/);
    const page = await ask(`${server.url}batch`, { method: 'POST', headers: AS_BROWSER, body: upload(await readFile(join(CSV, 'bad-rows.csv'))) });
    expect(page.status).toBe(422);
    expect(page.text).toContain('<span lang="zh-Hans">第 3 行</span> <span class="secondary" lang="en">row 3</span>: number (<span lang="zh-Hans">要注销的手机号码</span> <span class="secondary" lang="en">Mobile number to cancel</span>): <span lang="zh-Hans">应为 11 位数字</span>');
    // A page loaded anew has its file box empty (with JavaScript on, the page sends the file by script and keeps it).
    expect(page.text).toContain('choose the file again');
  });

  it('makes the good rows and lists the skipped ones when asked to skip bad rows', async () => {
    const status = await finished(await ask(`${server.url}batch`, { method: 'POST', body: upload(await readFile(join(CSV, 'bad-rows.csv')), { _skip_invalid: 'yes' }) }));
    expect(status).toMatchObject({ done: 1, total: 1, skipped: 4 });
    expect(status.problems.map((problem) => problem.row)).toEqual([3, 4, 5, 6]);
  });

  it('sends a browser to a page showing its progress, then the download and the report; the forms can be downloaded again until they expire', async () => {
    const accepted = await ask(`${server.url}batch`, { method: 'POST', headers: AS_BROWSER, body: upload(await readFile(join(CSV, 'bad-rows.csv')), { _skip_invalid: 'yes' }) });
    expect(accepted.status).toBe(303);
    const page = `${server.url}${accepted.headers.location!.slice(1)}`;
    let shown = await ask(page, { headers: AS_BROWSER });
    expect(shown.text).toMatch(/<progress max="\d+" value="\d+">/);
    while (!shown.text.includes('data-state="done"')) shown = await ask(page, { headers: AS_BROWSER });
    expect(shown.text).not.toContain('http-equiv="refresh"');
    expect(shown.text).toMatch(/row 3<\/span>: number \(<span lang="zh-Hans">要注销的手机号码<\/span> <span class="secondary" lang="en">Mobile number to cancel<\/span>\): <span lang="zh-Hans">/);
    const link = /href="(\/batch\/jobs\/[^"]+\/file)"/.exec(shown.text)![1]!;
    expect((await ask(`${server.url}${link.slice(1)}`)).status).toBe(200);
    expect((await ask(`${server.url}${link.slice(1)}`)).status).toBe(200);
    const again = await ask(page, { headers: AS_BROWSER });
    expect(again.text).toContain(`href="${link}"`);
    expect(again.text).toMatch(/<span lang="zh-Hans">\d\d:\d\d 之前可以多次下载，之后文件会被删除<\/span> <span class="secondary" lang="en">You can download it again until \d\d:\d\d; then it is deleted<\/span>/);
  });

  it('refuses a file of more people than it holds in memory, before drawing any', async () => {
    const rows = Array.from({ length: 1001 }, (_, index) => `Person ${index},0917 123 4567,passport,E${index},2026-01-05`);
    const answer = await ask(`${server.url}batch`, { method: 'POST', body: upload(`name,number,id-type,id-number,date\n${rows.join('\n')}\n`) });
    expect(answer.status).toBe(422);
    const messages = [
      { lang: 'zh-Hans', message: '超过了 1000 人', hint: '请分成每个不超过 1000 行的文件' },
      { lang: 'en', message: 'has more than 1000 people', hint: 'split it into files of at most 1000 rows' },
    ];
    expect(JSON.parse(answer.text)).toEqual({ problems: [{ field: null, label: null, row: null, messages }] });
  });

  it('refuses a file over 10 MB with 413, and an upload with no file with 400', async () => {
    const large = await ask(`${server.url}batch`, { method: 'POST', body: upload(Buffer.alloc(11 * 1024 * 1024, 'a')) });
    expect(large.status).toBe(413);
    const empty = new FormData();
    empty.append('_output', 'zip');
    expect((await ask(`${server.url}batch`, { method: 'POST', body: empty })).status).toBe(400);
    expect((await ask(`${server.url}batch`, { method: 'POST', body: formBody({ name: 'x' }) })).status).toBe(415);
  });

  it('keeps drawing single forms while a long file is being drawn', async () => {
    const rows = Array.from({ length: 600 }, (_, index) => `Person ${index},0917 123 ${String(4000 + index)},passport,E${index},2026-01-05`);
    const accepted = await ask(`${server.url}batch`, { method: 'POST', body: upload(`name,number,id-type,id-number,date\n${rows.join('\n')}\n`, { _output: 'zip' }) });
    const { status } = JSON.parse(accepted.text) as { status: string };
    const form = await ask(`${server.url}form`, { method: 'POST', body: formBody({ name: 'A', number: '0917 123 4567', 'id-type': 'passport', 'id-number': 'E1', date: '2026-01-05' }) });
    expect(form.status).toBe(200);
    const meanwhile = JSON.parse((await ask(`${server.url}${status.slice(1)}`)).text) as Status;
    expect(meanwhile.state).not.toBe('done');
    expect(meanwhile.done).toBeLessThan(600);
    expect((await finished(accepted)).done).toBe(600);
  });
});
