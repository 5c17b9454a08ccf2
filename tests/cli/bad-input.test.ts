import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../helpers/build.js';
import { run } from '../helpers/cli.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const guide = (name: string) => ['--guide', join(FIXTURES, 'guides', `${name}.yaml`)];
const templates = (name: string) => ['--templates', join(FIXTURES, 'templates', name), '--guide', join(FIXTURES, 'guides', 'minimal-valid.yaml')];
const csv = (name: string) => ['--batch', join(FIXTURES, 'csv', `${name}.csv`)];
const PERSON = ['--name', 'Ana Cruz', '--number', '0917 123 4567', '--id-type', 'passport', '--id-number', 'E1234', '--set', 'date=2026-01-05'];

interface BadInput {
  behaviour: string;
  args: string[];
  message: string | RegExp;
  exit: number;
}

/** Every mistake a guide author, template author or form filler can make, with the answer each gets. */
const CASES: BadInput[] = [
  { behaviour: 'YAML indented with a tab', args: ['build', ...guide('tab-indent')], message: 'tab-indent.yaml:5:1: YAML syntax: Tabs are not allowed as indentation', exit: 1 },
  { behaviour: 'YAML with an unclosed quote', args: ['build', ...guide('unclosed-quote')], message: 'unclosed-quote.yaml:8:14: YAML syntax: this quoted text is never closed', exit: 1 },
  { behaviour: 'a value of the wrong type', args: ['build', ...guide('wrong-type')], message: 'wrong-type.yaml:7:15: content_date: must be a string, not an array', exit: 1 },
  { behaviour: 'a missing English text', args: ['build', ...guide('missing-english-text')], message: 'sections[0].steps[0].body[0].en: is missing', exit: 1 },
  { behaviour: 'a duplicate id', args: ['build', ...guide('duplicate-id')], message: 'form.fields[1].id: duplicate id "name"', exit: 1 },
  { behaviour: 'an unknown template tag', args: ['build', ...templates('unknown-tag')], message: 'doc.hbs:3:1: unknown tag <banner>', exit: 1 },
  { behaviour: 'an unclosed tag', args: ['build', ...templates('unclosed-tag')], message: 'doc.hbs:4:3: <step> is never closed', exit: 1 },
  { behaviour: 'a Handlebars syntax error', args: ['build', ...templates('handlebars-syntax-error')], message: 'doc.hbs:2: Handlebars syntax error', exit: 1 },
  { behaviour: 'a reference to data the guide lacks', args: ['build', ...templates('missing-data')], message: 'doc.hbs:2:16: "tertiary" is not in the guide data', exit: 1 },
  { behaviour: 'an unknown --set field', args: ['form', ...PERSON, '--set', 'nmae=x'], message: 'unknown field "nmae" (hint: did you mean "name"?', exit: 1 },
  { behaviour: 'a CSV without its header row', args: ['form', ...csv('no-header')], message: 'no-header.csv: row 1: column 1: is not a field id (the cell is not shown', exit: 1 },
  { behaviour: 'a CSV row with an extra column', args: ['form', ...csv('bad-rows')], message: 'bad-rows.csv: row 5: has 6 columns but the header has 5', exit: 1 },
  { behaviour: 'a CSV row with a bad phone number', args: ['form', ...csv('bad-rows')], message: 'bad-rows.csv: row 3: number (要注销的手机号码 / Mobile number to cancel): must have 11 digits', exit: 1 },
  { behaviour: 'a CSV row with an impossible date', args: ['form', ...csv('bad-rows')], message: 'bad-rows.csv: row 4: date (日期 / Date): is not a real calendar date', exit: 1 },
  { behaviour: 'a value with a control character', args: ['form', ...PERSON, '--set', 'reason=Bell\u0007here'], message: 'reason: contains the invisible control character U+0007', exit: 1 },
  { behaviour: 'a value with a bidirectional override', args: ['form', ...PERSON, '--set', 'reason=abc\u202Edef'], message: 'reason: contains the invisible control character U+202E', exit: 1 },
  { behaviour: 'a 5,000-character value', args: ['form', ...PERSON, '--set', `reason=${'很'.repeat(5000)}`], message: 'reason: is 5000 characters long, more than the 56 allowed', exit: 1 },
  { behaviour: 'a guide character no font has', args: ['build', ...guide('characters-no-font-has')], message: 'characters-no-font-has.yaml:11:24: sections[0].heading.zh: character U+20000 𠀀 is in none of the fonts', exit: 1 },
  { behaviour: 'a form value character no font has', args: ['form', ...PERSON, '--set', 'reason=Bye 🎉'], message: 'reason: contains U+1F389, which none of the fonts can print', exit: 1 },
  { behaviour: 'an unquoted value with a space', args: ['form', '--name', 'Ana', 'Cruz'], message: 'an unexpected argument (not shown, as it may be personal data)', exit: 2 },
  { behaviour: 'an unknown option', args: ['build', '--ot', 'x'], message: 'unknown option --ot (hint: did you mean "out"?', exit: 2 },
  { behaviour: 'a bad option value', args: ['build', '--paper', 'a3'], message: /paper.*"a3"/, exit: 2 },
];

let earlierRun: string;
beforeAll(async () => {
  earlierRun = await temporaryFolder();
  expect((await run(['build', '--out', earlierRun])).code).toBe(0);
});

async function snapshot(folder: string): Promise<Record<string, string>> {
  const files = (await readdir(folder)).sort();
  return Object.fromEntries(await Promise.all(files.map(async (file) => [file, (await readFile(join(folder, file))).toString('base64')] as const)));
}

describe('bad input', () => {
  it.each(CASES)('$behaviour: exit $exit with the message, earlier output intact', async ({ args, message, exit }) => {
    const out = await temporaryFolder();
    await cp(earlierRun, out, { recursive: true });
    const before = await snapshot(out);
    const result = await run([...args, '--out', out]);
    expect(result.code).toBe(exit);
    const printed = result.stderr.join('\n');
    if (typeof message === 'string') expect(printed).toContain(message);
    else expect(printed).toMatch(message);
    expect(printed).not.toMatch(/\n\s+at /);
    expect(await snapshot(out)).toEqual(before);
  });

  it('an output path that is a file: exit 3, the file untouched', async () => {
    const file = join(await temporaryFolder(), 'output');
    await writeFile(file, 'not a folder');
    const result = await run(['build', '--out', file]);
    expect(result.code).toBe(3);
    expect(result.stderr[0]).toContain('output: the output path is a file, not a folder');
    expect(await readFile(file, 'utf8')).toBe('not a folder');
  });

  it('a folder that cannot be written: exit 3, nothing left behind', async () => {
    // root may write anywhere a mode allows; sysfs refuses even root a new folder.
    const out = process.getuid?.() === 0 ? '/sys/handouts-cannot-write' : join(await temporaryFolder(), 'locked');
    if (process.getuid?.() !== 0) await mkdir(out, { mode: 0o555 });
    const result = await run(['build', '--out', out]);
    expect(result.code).toBe(3);
    expect(result.stderr[0]).toMatch(/no permission to write here|read-only/);
  });
});
