import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { HandoutsError, ProblemList } from '../../src/diagnostics.js';
import { loadGuide, parseGuide, type Bilingual } from '../../src/guide/index.js';
import { SHIPPED_GUIDE } from '../helpers/build.js';
import { caught } from '../helpers/capture.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'guides');
const ARTICLE_TITLES = [
  '登录运营商官网或APP', '找到注销选项', '填写相关信息', '提交申请并确认',
  '准备所需材料', '前往营业厅', '填写注销申请表', '等待审核与确认', '领取注销证明',
  '提前解绑服务', '保存重要信息', '注意时间节点', '保留通话记录和账单',
];

describe('the shipped guide', () => {
  it('holds the article: 4 online steps, 5 in-store steps, 4 precautions, in its order', async () => {
    const guide = await loadGuide(SHIPPED_GUIDE);
    const counts = Object.fromEntries(guide.sections.map((section) => [section.id, section.steps.length]));
    expect(counts).toEqual({ why: 0, online: 4, 'in-store': 5, precautions: 4, summary: 0 });
    expect(guide.sections.flatMap((section) => section.steps.map((step) => step.title.primary))).toEqual(ARTICLE_TITLES);
  });

  it('lists the materials to bring under the first in-store step', async () => {
    const guide = await loadGuide(SHIPPED_GUIDE);
    const materials = guide.sections.find((section) => section.id === 'in-store')!.steps[0]!.list;
    expect(materials.map((item) => item.primary).join('')).toMatch(/身份证件.*电话卡.*银行卡/);
  });

  it('declares the form fields scripts rely on', async () => {
    const guide = await loadGuide(SHIPPED_GUIDE);
    expect(guide.form.fields.map((field) => field.id)).toEqual(['name', 'number', 'id-type', 'id-number', 'contact', 'reason', 'date', 'unbound']);
    expect(guide.form.fields.find((field) => field.id === 'id-type')!.options.map((option) => option.id)).toContain('passport');
  });

  it('says link and unlink for 绑定 and 解绑, and none of the words a store clerk stumbled on', async () => {
    const english = allTexts(await loadGuide(SHIPPED_GUIDE)).map((text) => text.secondary).join('\n');
    expect(english).toMatch(/\bunlink/);
    for (const stumble of [/\bunbind/i, /\bunbound/i, /becomes a question/, /entry point/, /necessary materials/, /leak to anyone/, /security of your personal privacy/, /find out clearly/]) {
      expect(english).not.toMatch(stumble);
    }
  });

  it('cannot confuse a section with a step: section headings carry no number, steps are numbered', async () => {
    const guide = await loadGuide(SHIPPED_GUIDE);
    for (const { heading } of guide.sections) {
      expect(heading.primary).not.toMatch(/^[一二三四五六七八九十\d]+[、.]/);
      expect(heading.secondary).not.toMatch(/^\d+\./);
    }
  });

  it('has a checklist grouped by when, each item something to do, ending as a sentence ends', async () => {
    const { checklist } = await loadGuide(SHIPPED_GUIDE);
    expect(checklist.groups.map((group) => group.heading.secondary)).toEqual(['Before you go', 'Requirements to bring', 'At the counter', 'Afterwards']);
    for (const item of checklist.groups.flatMap((group) => group.items)) {
      expect(item.primary).toMatch(/。$/);
      expect(item.secondary).toMatch(/\.$/);
      // An instruction starts with a verb, or with the condition it depends on.
      expect(item.secondary).toMatch(/^(Call|Check|Before you|If|Bring|Keep|When|Follow up)\b/);
    }
  });

  it('keeps the article’s 建议: bringing linked cards is a suggestion, in both languages', async () => {
    const items = (await loadGuide(SHIPPED_GUIDE)).checklist.groups.flatMap((group) => group.items);
    const linkedCards = items.find((item) => item.primary.includes('绑定的银行卡'))!;
    expect(linkedCards.primary).toContain('建议');
    expect(linkedCards.secondary).toContain("it's a good idea");
  });

  it('carries no promotional links from the source article', () => {
    const text = readFileSync(SHIPPED_GUIDE, 'utf8');
    for (const spam of ['esim1088', 't.me', 'postimg', 'http', 'TG💪']) expect(text).not.toContain(spam);
  });
});

describe('guide text normalisation', () => {
  it('joins folded lines without a space between Chinese characters but with one between words', () => {
    const source = readFileSync(join(FIXTURES, 'minimal-valid.yaml'), 'utf8').replace(
      '      - { zh: 第一段。, en: First paragraph. }',
      '      - zh: >-\n          第一\n          段。\n        en: >-\n          First\n          paragraph.',
    );
    const guide = parseGuide(source, 'folded.yaml');
    expect(guide.sections[0]!.paragraphs[0]).toEqual({ primary: '第一段。', secondary: 'First paragraph.' });
  });

  it('drops a folded line break between two CJK characters in any language, keeps a written space, and keeps Korean spaces', () => {
    const source = readFileSync(join(FIXTURES, 'minimal-valid.yaml'), 'utf8').replace(
      '      - { zh: 第一段。, en: First paragraph. }',
      '      - zh: >-\n          请找\n          王小明。“我的\n          账户”\n        en: >-\n          Ask for 王\n          小明 (Wang Xiaoming),\n          or 山田 太郎.',
    );
    expect(parseGuide(source, 'folded.yaml').sections[0]!.paragraphs[0]).toEqual({ primary: '请找王小明。“我的账户”', secondary: 'Ask for 王小明 (Wang Xiaoming), or 山田 太郎.' });
  });

  it.each([
    ['a folded block', '>-\n          落ち着いて\n          解約する。\n          SIM\n          カード'],
    ['a plain text', '落ち着いて\n          解約する。\n          SIM\n          カード'],
    ['a double-quoted text', '"落ち着いて\n          解約する。\n          SIM\n          カード"'],
    ['a single-quoted text', "'落ち着いて\n          解約する。\n          SIM\n          カード'"],
  ])('joins Japanese lines of %s after kana and full-width punctuation, with a space beside Latin', (_kind, yaml) => {
    const source = readFileSync(join(FIXTURES, 'minimal-valid.yaml'), 'utf8').replace('      - { zh: 第一段。, en: First paragraph. }', `      - zh: ${yaml}\n        en: Keep calm.`);
    expect(parseGuide(source, 'folded.yaml').sections[0]!.paragraphs[0]!.primary).toBe('落ち着いて解約する。SIM カード');
  });

  it('keeps a space for each folded line break in Korean', () => {
    const source = readFileSync(join(FIXTURES, 'minimal-valid.yaml'), 'utf8').replace('      - { zh: 第一段。, en: First paragraph. }', '      - zh: >-\n          유심 카드는\n          해지 전에\n          확인하세요.\n        en: Check.');
    expect(parseGuide(source, 'folded.yaml').sections[0]!.paragraphs[0]!.primary).toBe('유심 카드는 해지 전에 확인하세요.');
  });
});

describe('a guide’s house style', () => {
  it('names font families a language’s texts are set in first, one or a list, kept by the language’s tag', () => {
    const source = readFileSync(join(FIXTURES, 'minimal-valid.yaml'), 'utf8').replace('content_date:', 'fonts:\n  en: Noto Sans\n  zh: [Noto Sans TC, Noto Sans SC]\ncontent_date:');
    expect(parseGuide(source, 'house-style.yaml').fonts).toEqual({ 'zh-Hans': ['Noto Sans TC', 'Noto Sans SC'], en: ['Noto Sans'] });
    expect(parseGuide(readFileSync(join(FIXTURES, 'minimal-valid.yaml'), 'utf8'), 'minimal.yaml').fonts).toEqual({});
  });
});

describe('bad guides', () => {
  const cases = readdirSync(FIXTURES).filter((file) => file.endsWith('.expected'));

  it.each(cases)('%s: the message names the file, line, column and YAML path', async (expectedFile) => {
    const fixture = join(FIXTURES, expectedFile.replace(/\.expected$/, '.yaml'));
    const expected = readFileSync(join(FIXTURES, expectedFile), 'utf8').trim();
    const error = await caught(() => loadGuide(fixture));
    expect(error).toBeInstanceOf(HandoutsError);
    const message = (error as HandoutsError).format();
    expect(message).toContain(expected);
    expect(message).toContain(fixture);
  });

  it('reports every schema problem at once, one line each', async () => {
    const source = readFileSync(join(FIXTURES, 'minimal-valid.yaml'), 'utf8')
      .replace('content_date: 2026-01-31', 'content_date: yesterday')
      .replace('{ zh: 证件, en: ID }', '{ zh: 证件 }');
    const error = await caught(() => parseGuide(source, 'two-problems.yaml'));
    expect(error).toBeInstanceOf(ProblemList);
    const lines = (error as ProblemList).format().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^two-problems\.yaml:7:15: content_date: must be a date written YYYY-MM-DD/);
    expect(lines[1]).toMatch(/^two-problems\.yaml:25:11: checklist\.groups\[0\]\.items\[0\]\.en: is missing/);
  });

  it('names a guide file that does not exist', async () => {
    await expect(loadGuide('no/such/guide.yaml')).rejects.toThrow(/no such file/);
  });
});

describe('reading a guide without positions first', () => {
  const guides = [SHIPPED_GUIDE, ...readdirSync(FIXTURES).filter((name) => name.endsWith('.yaml')).map((name) => join(FIXTURES, name))];

  it.each(guides)('gives the data the yaml package gives, and reads nothing it rejects: %s', (file) => {
    const source = readFileSync(file, 'utf8');
    const withPositions = parseDocument(source, { uniqueKeys: true });
    const quick = (() => {
      try {
        return { data: load(source, { schema: CORE_SCHEMA }) };
      } catch {
        // Read again by the yaml package, which says where the problem is.
        return undefined;
      }
    })();
    if (withPositions.errors.length > 0) expect(quick).toBeUndefined();
    else if (quick) expect(quick.data).toEqual(withPositions.toJS());
  });
});

/** Every bilingual text anywhere in a guide: titles, paragraphs, steps, checklist, form labels. */
function allTexts(value: unknown): Bilingual[] {
  if (Array.isArray(value)) return value.flatMap(allTexts);
  if (typeof value !== 'object' || value === null) return [];
  if ('primary' in value && 'secondary' in value && typeof value.primary === 'string') return [value as Bilingual];
  return Object.values(value).flatMap(allTexts);
}
