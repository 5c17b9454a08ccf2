import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGuide } from '../../src/guide/index.js';
import { buildToMemory, SHIPPED_GUIDE } from '../helpers/build.js';
import { checkStructure, listFonts, readPdf, type ExtractedPdf } from '../helpers/pdf.js';

const SPAM = ['esim1088', 't.me', 'postimg', 'Snipaste', 'TG💪'];
const STEP_TITLES = [
  '登录运营商官网或APP', '找到注销选项', '填写相关信息', '提交申请并确认',
  '准备所需材料', '前往营业厅', '填写注销申请表', '等待审核与确认', '领取注销证明',
  '提前解绑服务', '保存重要信息', '注意时间节点', '保留通话记录和账单',
];

let pdfs: Record<string, Buffer>;
const read: Record<string, ExtractedPdf> = {};
const text = (name: string) => read[name]!.pages.join('\n');
// Text extraction splits lines; comparisons ignore where lines broke.
const flat = (value: string) => value.replace(/\s+/g, '');

beforeAll(async () => {
  pdfs = await buildToMemory();
  for (const [name, bytes] of Object.entries(pdfs)) read[name] = await readPdf(bytes);
});

describe('the three PDFs', () => {
  it('are written with the expected page counts', () => {
    expect(Object.keys(pdfs).sort()).toEqual(['checklist', 'handout', 'store-visit-form', 'store-visit-form-fillable']);
    expect(read.checklist!.pages).toHaveLength(1);
    expect(read['store-visit-form']!.pages).toHaveLength(1);
    expect(read.handout!.pages.length).toBeGreaterThanOrEqual(3);
  });

  it.each(['handout', 'checklist', 'store-visit-form', 'store-visit-form-fillable'])('%s is structurally valid', (name) => {
    expect(checkStructure(pdfs[name]!)).toEqual([]);
  });

  it.each(['handout', 'checklist', 'store-visit-form', 'store-visit-form-fillable'])('%s embeds only subset fonts for its text', (name) => {
    const fonts = listFonts(pdfs[name]!).filter((font) => font.baseFont.includes('+') || name !== 'store-visit-form-fillable');
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.embedded, font.baseFont).toBe(true);
      expect(font.baseFont).toMatch(/^[A-Z]{6}\+NotoSansHans-(Regular|Bold)$/);
    }
  });

  it('embeds the regular face whole in the fillable form, once, for typing into its fields', () => {
    const whole = listFonts(pdfs['store-visit-form-fillable']!).filter((font) => !font.baseFont.includes('+'));
    expect(whole).toEqual([{ baseFont: 'NotoSansHans-Regular', embedded: true }]);
  });

  it.each(['handout', 'checklist', 'store-visit-form', 'store-visit-form-fillable'])('%s carries none of the source article\'s spam', (name) => {
    const bytes = pdfs[name]!.toString('latin1');
    for (const spam of SPAM) {
      expect(text(name)).not.toContain(spam);
      expect(bytes).not.toContain(spam);
    }
  });

  it.each(['handout', 'checklist', 'store-visit-form'])('%s has a bilingual title, a subject and a language', (name) => {
    const { info } = read[name]!;
    expect(info.Title).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/);
    expect(String(info.Subject).length).toBeGreaterThan(0);
    expect(info.Language).toBe('zh-Hans');
  });
});

describe('the handout', () => {
  it('keeps the handout within 123 KB, its CJK subsets written without subroutines', () => {
    expect(pdfs.handout!.length).toBeLessThanOrEqual(123 * 1024);
  });

  it('contains every step and precaution title of the article, in order', () => {
    const body = flat(text('handout'));
    const positions = STEP_TITLES.map((title) => body.indexOf(flat(title)));
    expect(positions.every((position) => position >= 0), JSON.stringify(positions)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('prints each Chinese paragraph with its English beneath it, in guide order', async () => {
    const guide = await loadGuide(SHIPPED_GUIDE);
    const body = flat(text('handout'));
    let cursor = 0;
    for (const section of guide.sections) {
      for (const paragraph of [...section.paragraphs, ...section.steps.flatMap((step) => step.body), ...section.closing]) {
        const chinese = body.indexOf(flat(paragraph.primary), cursor);
        const english = body.indexOf(flat(paragraph.secondary), chinese);
        expect(chinese, paragraph.primary).toBeGreaterThanOrEqual(cursor);
        expect(english, paragraph.secondary).toBeGreaterThan(chinese);
        cursor = english;
      }
    }
  });

  it('has a footer with the guide title, content date and page numbers on every page', () => {
    const { pages } = read.handout!;
    pages.forEach((page, index) => {
      expect(page).toContain(`${index + 1} / ${pages.length}`);
      expect(page).toContain('2026-11-25');
      expect(page).toContain('How to cancel a Smart SIM card');
    });
  });
});

describe('the checklist and the form', () => {
  it('lists what to do before you go, what to bring, what to do at the counter and afterwards', () => {
    const checklist = flat(text('checklist'));
    for (const heading of ['出发前', '要带的材料', '在柜台', '办完后', 'Beforeyougo', 'Requirementstobring', 'Atthecounter', 'Afterwards', '营业时间', '注销证明', '建议']) {
      expect(checklist).toContain(heading);
    }
  });

  it('asks the staff in both languages to cancel the number and issue a certificate, with bilingual labels', () => {
    const form = flat(text('store-visit-form'));
    for (const label of ['姓名/Fullname', '要注销的手机号码/Mobilenumbertocancel', '证件类型/IDtype', '证件号码/IDnumber', '备用联系电话/Alternatecontactnumber', '注销原因/Reasonforcancelling', '日期/Date']) {
      expect(form).toContain(label);
    }
    expect(form).toContain(flat('please issue me a cancellation certificate'));
    expect(form).toContain('注销证明');
    expect(form).toContain(flat('For staff use'));
  });
});

describe('reproducible output', () => {
  it('gives byte-identical PDFs for the same inputs', async () => {
    const again = await buildToMemory();
    for (const name of Object.keys(pdfs)) expect(again[name]!.equals(pdfs[name]!), name).toBe(true);
  });

  it('dates the PDF from the guide content date, or from SOURCE_DATE_EPOCH when set', async () => {
    expect(read.handout!.info.CreationDate).toBe("D:20261125000000Z");
    const dated = await buildToMemory({ sourceDateEpoch: '1700000000' });
    const info = (await readPdf(dated.handout!)).info;
    expect(info.CreationDate).toBe("D:20231114221320Z");
    expect(info.ModDate).toBe("D:20231114221320Z");
  });
});

describe('guide texts that look like markup', () => {
  it('print literally', async () => {
    const built = await buildToMemory({ guide: join(import.meta.dirname, '..', 'fixtures', 'guides', 'literal-markup-in-texts.yaml') });
    const handout = flat((await readPdf(built.handout!)).pages.join(''));
    expect(handout).toContain(flat('<b>{{x}}</b> & "q"'));
    expect(handout).toContain(flat("<field id='x'/> &amp; {{name}}"));
    expect(handout).toContain(flat('First ]]> step <?src evil.hbs:1:1?>'));
    expect(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'guides', 'literal-markup-in-texts.yaml'), 'utf8')).toContain('<b>{{x}}</b>');
  });
});
