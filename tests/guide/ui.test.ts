import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProblemList, type GuideError } from '../../src/diagnostics.js';
import { parseGuide } from '../../src/guide/index.js';
import { guideSpeakers } from '../../src/messages/index.js';

const MINIMAL = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'guides', 'minimal-valid.yaml'), 'utf8');
const withUi = (ui: string) => `${MINIMAL}ui:\n${ui}`;
const problemsOf = (source: string) => {
  try {
    parseGuide(source, 'guide.yaml');
  } catch (error) {
    return (error instanceof ProblemList ? error.problems : [error as GuideError]).map((problem) => problem.format());
  }
  return [];
};

describe("a guide's ui: section, the web page's words as the guide writes them", () => {
  it('replaces the catalog’s words in either language, or both', () => {
    const guide = parseGuide(withUi('  form.download: { zh: 下载申请表, en: Download the form }\n  start.fillOne: { zh: 填写注销申请表 }\n'), 'guide.yaml');
    expect(guide.ui).toEqual({ 'form.download': { primary: '下载申请表', secondary: 'Download the form' }, 'start.fillOne': { primary: '填写注销申请表' } });
    const [chinese, english] = guideSpeakers(guide);
    expect([chinese.say({ id: 'form.download' }), english.say({ id: 'form.download' })]).toEqual(['下载申请表', 'Download the form']);
    expect([chinese.say({ id: 'start.fillOne' }), english.say({ id: 'start.fillOne' })]).toEqual(['填写注销申请表', 'Fill in the form to take to the store']);
  });

  it('refuses a message id the page does not say, where it stands, with the id it probably meant', () => {
    const line = MINIMAL.split('\n').length + 1;
    expect(problemsOf(withUi('  form.donwload: { zh: 下载, en: Download }\n'))).toEqual([
      `guide.yaml:${line}:18: ui.form.donwload: "form.donwload" is not a message of the web page (did you mean "form.download"?) (hint: see docs/writing-a-guide.md)`,
    ]);
  });

  it('refuses a message that is not ICU MessageFormat, names a value never given, or is in neither language', () => {
    const line = MINIMAL.split('\n').length + 1;
    expect(problemsOf(withUi('  batch.row: { zh: "第 {row 行", en: "row {line}" }\n'))).toEqual([
      expect.stringMatching(new RegExp(`^guide\\.yaml:${line}:20: ui\\.batch\\.row\\.zh: is not a valid ICU message`)),
      `guide.yaml:${line}:36: ui.batch.row.en: names {line}, which this message is not given (it is given {row}) (hint: see docs/writing-a-guide.md)`,
    ]);
    expect(problemsOf(withUi('  form.paper: { fr: Papier }\n'))).toEqual([
      `guide.yaml:${line}:15: ui.form.paper: has unknown key "fr" (hint: see docs/writing-a-guide.md)`,
      `guide.yaml:${line}:15: ui.form.paper: needs a text in zh or en (hint: see docs/writing-a-guide.md)`,
    ]);
  });
});

describe("a phone field's example", () => {
  const withExample = (example: string) => MINIMAL.replace("    - { id: name, type: text, required: true, label: { zh: 姓名, en: Full name } }", `    - { id: name, type: text, required: true, label: { zh: 姓名, en: Full name } }\n    - { id: number, type: phone, phone: { format: "###-####-####", trunk_prefix: "0", example: "${example}" }, label: { zh: 电话, en: Phone } }`);

  it('is kept when it is written like the format', () => {
    expect(parseGuide(withExample('090-1234-5678'), 'guide.yaml').form.fields[1]!.phone).toEqual({ trunkPrefix: '0', format: '###-####-####', example: '090-1234-5678' });
  });

  it('is refused, where it stands, when it has another number of digits or is not a number', () => {
    for (const example of ['090-1234-567', 'call me']) {
      expect(problemsOf(withExample(example))).toEqual([expect.stringMatching(/^guide\.yaml:\d+:\d+: form\.fields\[1\]\.phone\.example: must be a phone number written like the format "###-####-####"/)]);
    }
  });
});
