import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import * as library from 'handouts';
import { buildDocuments, checkGuide, GuideError, previewForm, ProblemList, renderForm, renderFormBatch, SHIPPED, ValueError } from '../src/index.js';
import { readPdfFolder, temporaryFolder } from './helpers/build.js';
import { run } from './helpers/cli.js';
import { readPdf } from './helpers/pdf.js';

const PERSON = { name: '王小明', number: '0917 123 4567', 'id-type': 'passport', 'id-number': 'E12345678', date: '2026-01-31' };

describe('the package entry', () => {
  it('is the library the command line and the web page call', () => {
    for (const name of ['buildDocuments', 'renderForm', 'checkGuide', 'renderFormBatch', 'previewForm'] as const) expect(typeof library[name]).toBe('function');
    expect(library.ValueError.name).toBe('ValueError');
  });
});

describe('buildDocuments', () => {
  it('gives, in memory, the very PDFs `handouts build` writes', async () => {
    const out = await temporaryFolder();
    expect((await run(['build', '--out', out])).code).toBe(0);
    const written = await readPdfFolder(out);
    const built = await buildDocuments();
    expect(built.map((document) => document.fileName).sort()).toEqual(Object.keys(written).map((name) => `${name}.pdf`).sort());
    for (const document of built) expect(Buffer.compare(Buffer.from(document.bytes), written[document.name]!)).toBe(0);
    expect(built.find((document) => document.name === 'store-visit-form-fillable')?.fillable).toBe(true);
  });

  it('takes a guide as data, as a program holds it, and gives what the YAML file gives', async () => {
    const data = parse(await readFile(SHIPPED.guide, 'utf8')) as object;
    const [fromData] = await buildDocuments({ guide: { data, name: 'in memory' }, only: ['checklist'] });
    const [fromFile] = await buildDocuments({ only: ['checklist'] });
    expect(fromData!.name).toBe('checklist');
    expect(Buffer.compare(Buffer.from(fromData!.bytes), Buffer.from(fromFile!.bytes))).toBe(0);
  });

  it('throws the stage error the command line prints, naming the path in data given without a file', async () => {
    const data = parse(await readFile(SHIPPED.guide, 'utf8')) as { sections: { heading: Record<string, string> }[] };
    delete data.sections[0]!.heading.en;
    const failure = await buildDocuments({ guide: { data, name: 'my guide' } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GuideError);
    expect((failure as GuideError).format()).toBe('my guide: sections[0].heading.en: is missing (expected string) (hint: see docs/writing-a-guide.md)');
  });
});

describe('checkGuide', () => {
  it('lays out every document and says how many pages each takes, drawing nothing', async () => {
    const checked = await checkGuide({ paper: 'folio', layout: 'parallel' });
    expect(checked.map((document) => document.name)).toEqual(['checklist', 'handout', 'store-visit-form']);
    expect(checked.find((document) => document.name === 'store-visit-form')?.pages).toBe(1);
  });
});

describe('renderForm', () => {
  it('prints the answers into the form; a checkboxes field takes a list', async () => {
    const form = await renderForm({ values: { ...PERSON, unbound: ['bank', '支付宝'] } });
    const text = (await readPdf(form.bytes)).pages[0]!.replace(/\s+/g, '');
    expect(text).toContain('王小明');
    expect(text).toContain('*****5678');
    expect(form.fileName).toBe('store-visit-form-filled.pdf');
  });

  it("throws every bad answer at once, each naming its field, in English and told in the guide's languages", async () => {
    const failure = await renderForm({ values: { ...PERSON, number: '12', 'id-type': 'licence', name: '' } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProblemList);
    const problems = (failure as ProblemList).problems;
    expect(problems.every((problem) => problem instanceof ValueError)).toBe(true);
    expect(problems.map((problem) => [problem.position.path, problem.message, problem.messages['zh-Hans']?.message, problem.messages.en?.message])).toEqual([
      ['name', 'is required', '必须填写', 'is required'],
      ['number', 'must have 11 digits', '应为 11 位数字', 'must have 11 digits'],
      ['id-type', 'is not one of the options', '不是可选的一项', 'is not one of the options'],
    ]);
    expect(problems[1]!.messages['zh-Hans']?.hint).toBe('格式如 0917 123 4567');
  });
});

describe('previewForm', () => {
  it('draws what is valid so far and returns the problems with the rest', async () => {
    const preview = await previewForm({ values: { number: '12', reason: '搬家' }, dpi: 48 });
    expect(Buffer.from(preview.png).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(Buffer.from(preview.png).readUInt32BE(16)).toBe(397);
    expect(preview.problems.map((problem) => problem.position.path)).toEqual(['name', 'number']);
  });
});

describe('renderFormBatch', () => {
  it('draws a zip of forms from CSV bytes and reports the bad rows by row and field', async () => {
    const csv = Buffer.from('name,number,id-type,id-number,date\nA,0917 123 4567,passport,E1,2026-01-05\nB,12,passport,E2,2026-01-05\n');
    const checked: unknown[] = [];
    const result = await renderFormBatch({ csv: { bytes: csv, name: 'people.csv' }, skipInvalid: true, onChecked: (report) => checked.push(report) });
    expect(checked).toEqual([{ valid: 1, skipped: 1 }]);
    expect(result.fileName).toBe('store-visit-form-forms.zip');
    expect(result.problems.map((problem) => problem.format())).toEqual(['people.csv: row 3: number (要注销的手机号码 / Mobile number to cancel): must have 11 digits (hint: write it like 0917 123 4567)']);
    await expect(renderFormBatch({ csv: { bytes: csv, name: 'people.csv' } })).rejects.toBeInstanceOf(ProblemList);
  });
});

it('needs no folder of its own: the guide and templates it ships are found beside it', () => {
  expect(SHIPPED.guide).toBe(join(import.meta.dirname, '..', 'guides', 'smart-sim-cancellation.yaml'));
});
