import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { jaModel, Parser, zhHansModel, zhHantModel } from 'budoux';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMarkup } from '../../src/document/index.js';
import { loadFonts } from '../../src/fonts/index.js';
import { loadGuide } from '../../src/guide/index.js';
import { layoutDocument, PAIR_LAYOUTS, PAPER_NAMES, planLayout, type CheckboxItem, type LayoutOptions, type LaidOutDocument, type PairLayout, type PaperName, type TextItem, type WriteInItem } from '../../src/layout/index.js';
import { MM } from '../../src/layout/paper.js';
import { fillTemplates } from '../../src/templates/index.js';
import { SHIPPED_GUIDE, SHIPPED_TEMPLATES } from '../helpers/build.js';
import { boxOf, layoutFilled, layoutShipped, overlaps, runText } from '../helpers/layout.js';

const CLOSING_PUNCTUATION = /^[，。、；：？！）」』》〉】,.;:?!)]/u;
const OPENING_PUNCTUATION = /[（「『《〈【(]$/u;
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'guides');
/** The shipped guide, and guides in other language pairs: each is laid out with no code of its own. */
const GUIDES = {
  'the shipped guide': { file: SHIPPED_GUIDE, primary: 'zh-Hans' },
  'the zh-Hant + en guide': { file: join(FIXTURES, 'traditional-chinese-with-english.yaml'), primary: 'zh-Hant' },
  'the en + fil guide': { file: join(FIXTURES, 'english-with-filipino.yaml'), primary: 'en' },
  'the ja + en guide': { file: join(FIXTURES, 'japanese-typesetting-with-english.yaml'), primary: 'ja' },
  'the ko + en guide': { file: join(FIXTURES, 'korean-typesetting-with-english.yaml'), primary: 'ko' },
};
type GuideName = keyof typeof GUIDES;
// The shipped guide's layouts are also keyed without the guide, and its stacked ones by paper alone, for the tests below that care about neither.
const layouts: Record<string, Record<string, LaidOutDocument>> = {};
/** Every text of each guide, as written, to find where a laid-out line stands in its text. */
const guideTexts: Record<string, string[]> = {};
/** What each guide's footers say when there is room: both titles and the content date. */
const footers: Record<string, string> = {};

beforeAll(async () => {
  for (const [guide, { file }] of Object.entries(GUIDES)) {
    const loaded = await loadGuide(file);
    guideTexts[guide] = textsOf(loaded);
    footers[guide] = `${loaded.title.primary} · ${loaded.title.secondary} · ${loaded.contentDate}`;
    for (const paper of PAPER_NAMES) for (const pairs of PAIR_LAYOUTS) layouts[`${guide} ${paper} ${pairs}`] = await layoutShipped(paper, { pairs, guideFile: file });
  }
  for (const paper of PAPER_NAMES) {
    for (const pairs of PAIR_LAYOUTS) layouts[`${paper} ${pairs}`] = layouts[`the shipped guide ${paper} ${pairs}`]!;
    layouts[paper] = layouts[`${paper} stacked`]!;
  }
});

const cases = (Object.keys(GUIDES) as GuideName[]).flatMap((guide) => PAPER_NAMES.flatMap((paper) => PAIR_LAYOUTS.flatMap((pairs) => ['handout', 'checklist', 'store-visit-form'].map((name) => [name, guide, paper, pairs] as const))));

describe.each(cases)('%s of %s on %s paper, %s', (name, guide, paper, pairs) => {
  const layout = () => layouts[`${guide} ${paper} ${pairs}`]![name]!;
  const texts = (items: LaidOutDocument['pages'][number]['items']) => items.filter((item): item is TextItem => item.kind === 'text');

  it('keeps every item inside the printable area, and body content inside the margins', () => {
    const { geometry, pages } = layout();
    const { margin } = geometry;
    for (const side of Object.values(margin)) expect(side).toBeGreaterThanOrEqual(12 * MM);
    for (const page of pages) {
      for (const item of page.items) {
        const box = boxOf(item);
        expect(box.left).toBeGreaterThanOrEqual(10 * MM);
        expect(box.top).toBeGreaterThanOrEqual(10 * MM);
        expect(box.right).toBeLessThanOrEqual(geometry.width - 10 * MM);
        expect(box.bottom).toBeLessThanOrEqual(geometry.height - 10 * MM);
        const inFooter = box.top >= geometry.height - margin.bottom;
        if (!inFooter) {
          expect(box.left).toBeGreaterThanOrEqual(margin.left - 0.01);
          expect(box.right).toBeLessThanOrEqual(geometry.width - margin.right + 0.01);
          expect(box.bottom).toBeLessThanOrEqual(geometry.height - margin.bottom + 0.01);
        }
      }
    }
  });

  it('never overlaps two text boxes', () => {
    for (const page of layout().pages) {
      const boxes = texts(page.items).map(boxOf);
      boxes.forEach((box, index) => boxes.slice(index + 1).forEach((other) => expect(overlaps(box, other), JSON.stringify([box, other])).toBe(false)));
    }
  });

  it('never starts a line with closing punctuation, nor ends one with opening punctuation', () => {
    const lines = layout().pages.flatMap((page) => texts(page.items).map((item) => item.text));
    expect(lines.filter((text) => CLOSING_PUNCTUATION.test(text))).toEqual([]);
    expect(lines.filter((text) => OPENING_PUNCTUATION.test(text))).toEqual([]);
  });

  it('sets labels and footers at 9 pt or more, and the reader’s body text at 10 pt or more', () => {
    const items = layout().pages.flatMap((page) => texts(page.items));
    expect(Math.min(...items.map((item) => item.size))).toBeGreaterThanOrEqual(9);
    const paragraphs = items.filter((item) => item.structure.at(-1)?.role === 'P' && item.lang === GUIDES[guide].primary);
    expect(Math.min(...paragraphs.map((item) => item.size))).toBeGreaterThanOrEqual(10);
  });

  it('leaves no paragraph with a single line on either side of a page break', () => {
    const linesByPage = new Map<string, number[]>();
    layout().pages.forEach((page, pageIndex) => {
      for (const item of texts(page.items).filter((each) => each.structure.length > 0)) {
        const key = JSON.stringify(item.structure) + item.lang;
        const counts = linesByPage.get(key) ?? [];
        counts[pageIndex] = (counts[pageIndex] ?? 0) + 1;
        linesByPage.set(key, counts);
      }
    });
    const split = [...linesByPage.values()].map((counts) => counts.filter((count) => count !== undefined)).filter((counts) => counts.length > 1);
    for (const counts of split) expect(Math.min(...counts)).toBeGreaterThanOrEqual(2);
  });

  it('prints in black and greys only, so nothing depends on colour', () => {
    const colours = layout().pages.flatMap((page) => page.items.flatMap((item) => [item.kind === 'rule' || item.kind === 'text' || item.kind === 'frame' ? item.color : undefined, item.kind === 'frame' ? item.fill : undefined]));
    for (const colour of colours.filter((each) => each !== undefined)) expect(colour).toMatch(/^#([0-9a-f]{2})\1\1$/i);
  });

  it('places every text in the document structure, except the footers', () => {
    const { pages, geometry } = layout();
    for (const item of pages.flatMap((page) => texts(page.items))) {
      const inFooter = item.y >= geometry.height - geometry.margin.bottom;
      expect(item.structure.length === 0, item.text).toBe(inFooter);
    }
  });

  it('draws every character of every text with a face of the font chain, runs in order', () => {
    for (const item of layout().pages.flatMap((page) => texts(page.items))) {
      expect(item.runs.map(runText).join('')).toBe(item.text);
      item.runs.slice(1).forEach((run, index) => expect(run.x).toBeGreaterThan(item.runs[index]!.x));
    }
  });

  it('numbers every page "n / total" in the footer', () => {
    const { pages } = layout();
    pages.forEach((page, index) => expect(texts(page.items).map((item) => item.text)).toContain(`${index + 1} / ${pages.length}`));
  });

  it('never leaves a heading last on a page', () => {
    const { pages, geometry } = layout();
    for (const page of pages.slice(0, -1)) {
      const body = texts(page.items).filter((item) => item.y < geometry.height - geometry.margin.bottom);
      const last = body.reduce((lowest, item) => (item.y > lowest.y ? item : lowest));
      expect(last.font === 'bold' && last.size >= 12).toBe(false);
    }
  });
});

function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(textsOf);
}

const PHRASE_MODELS: Record<string, ConstructorParameters<typeof Parser>[0]> = { 'zh-Hans': zhHansModel, 'zh-Hant': zhHantModel, ja: jaModel };
const LETTER = /[\p{L}\p{N}]/u;
const WRITTEN_WITHOUT_SPACES = /^(zh|ja|ko)\b/u;

/** The lines of each element of the document in one language, in reading order, keyed by element and language. */
function linesByElement(layout: LaidOutDocument): { lang: string; element: StructureKey; lines: TextItem[]; pages: number[] }[] {
  const elements = new Map<string, { lang: string; element: StructureKey; lines: TextItem[]; pages: number[] }>();
  layout.pages.forEach((page, pageIndex) => {
    for (const item of page.items) {
      if (item.kind !== 'text' || item.structure.length === 0 || item.personal) continue;
      const element = item.structure.at(-1)!.role === 'Span' ? item.structure.slice(0, -1) : item.structure;
      const key = `${JSON.stringify(element)} ${item.lang}`;
      const entry = elements.get(key) ?? { lang: item.lang, element, lines: [], pages: [] };
      entry.lines.push(item);
      entry.pages.push(pageIndex);
      elements.set(key, entry);
    }
  });
  return [...elements.values()];
}
type StructureKey = TextItem['structure'];

/**
 * Where each line but the last ends in the guide text the lines come from, by walking the text's
 * characters along the lines' (a space a line lost at its end is skipped); undefined when the lines
 * are not one of the texts, such as a label set beside its translation.
 */
function lineEnds(lines: readonly TextItem[], texts: readonly string[]): { text: string; ends: number[] } | undefined {
  const squeezed = (value: string) => value.replace(/\s+/gu, '');
  const joined = squeezed(lines.map((line) => line.text).join(''));
  const text = texts.find((candidate) => squeezed(candidate) === joined);
  if (!text) return undefined;
  const ends: number[] = [];
  let at = 0;
  for (const line of lines.slice(0, -1)) {
    for (const character of line.text.trim()) {
      while (/\s/u.test(text[at]!) && character !== text[at]) at++;
      at += character.length;
    }
    ends.push(at);
  }
  return { text, ends };
}

function phraseEnds(text: string, lang: string): Set<number> {
  const ends = new Set<number>();
  let at = 0;
  for (const phrase of new Parser(PHRASE_MODELS[lang]!).parse(text)) ends.add((at += phrase.length));
  return ends;
}

const HEADINGS = new Set(['H1', 'H2', 'H3']);
const isHeading = (element: StructureKey) => HEADINGS.has(element.at(-1)!.role) || (element.at(-1)!.role === 'P' && element.at(-1)!.key === 'title');

describe.each(cases)('typesetting of the %s of %s on %s paper, %s', (name, guide, paper, pairs) => {
  const layout = () => layouts[`${guide} ${paper} ${pairs}`]![name]!;
  const elements = () => linesByElement(layout());

  it('never ends a Chinese or Japanese heading line inside a BudouX phrase', () => {
    const headings = elements().filter(({ element, lang }) => isHeading(element) && PHRASE_MODELS[lang]);
    for (const { lines, lang } of headings) {
      if (lines.length < 2) continue;
      const found = lineEnds(lines, guideTexts[guide]!);
      expect(found, lines.map((line) => line.text).join('|')).toBeDefined();
      const phrases = phraseEnds(found!.text, lang);
      for (const end of found!.ends) expect(phrases.has(end) || /\s/u.test(found!.text[end] ?? ' '), `${found!.text.slice(0, end)}|${found!.text.slice(end)}`).toBe(true);
    }
  });

  it('prints the footer whole, or shortened with an ellipsis at a word or phrase boundary', () => {
    const { pages, geometry } = layout();
    const footer = footers[guide]!;
    const lang = GUIDES[guide].primary;
    for (const page of pages) {
      const [shown] = page.items.filter((item): item is TextItem => item.kind === 'text' && item.structure.length === 0 && item.x < geometry.width / 2);
      if (shown!.text === footer) continue;
      expect(shown!.text.endsWith('…'), shown!.text).toBe(true);
      const kept = shown!.text.slice(0, -1);
      expect(footer.startsWith(kept), kept).toBe(true);
      const [before, after] = [footer[kept.length - 1]!, footer[kept.length]!];
      const betweenPhrases = PHRASE_MODELS[lang] ? phraseEnds(footer, lang).has(kept.length) : false;
      const insideLatinWord = /[\p{Script=Latin}\d]/u.test(before) && /[\p{Script=Latin}\d]/u.test(after);
      expect(!insideLatinWord && (/[\s·:;,]/u.test(after) || betweenPhrases), `${kept}|${footer.slice(kept.length)}`).toBe(true);
    }
  });

  it('never ends a Korean line inside a word, nor a CJK line after the hyphen of a Latin word', () => {
    const cjk = elements().filter(({ lang, lines }) => WRITTEN_WITHOUT_SPACES.test(lang) && lines.length > 1 && lines.every((line) => line.x === lines[0]!.x));
    const latin = /[\p{Script=Latin}\d]/u;
    for (const { lines, lang } of cjk) {
      const found = lineEnds(lines, guideTexts[guide]!);
      expect(found, lines.map((line) => line.text).join('|')).toBeDefined();
      for (const end of found!.ends) {
        const [before, after, hyphenated] = [found!.text[end - 1]!, found!.text[end]!, found!.text[end - 2] ?? ''];
        const where = `${found!.text.slice(0, end)}|${found!.text.slice(end)}`;
        if (lang === 'ko') expect(LETTER.test(before) && LETTER.test(after), where).toBe(false);
        expect(before === '-' && latin.test(hyphenated) && latin.test(after), where).toBe(false);
      }
    }
  });

  it('leaves at least three letters on the last line of a CJK text of several lines', () => {
    // Lines one under another, all at one x: the options of a field share its element but stand side by side.
    const cjk = elements().filter(({ lang, lines }) => WRITTEN_WITHOUT_SPACES.test(lang) && lines.length > 1 && lines.every((line) => line.x === lines[0]!.x));
    for (const { lines } of cjk) expect(lines.at(-1)!.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0, lines.map((line) => line.text).join('|')).toBeGreaterThanOrEqual(3);
  });

  it('never parts a text from its translation across pages, unless the pair is over half a page and parted inside its longer text, two lines each side', () => {
    if (pairs !== 'stacked') return;
    const { geometry } = layout();
    const halfPage = (geometry.height - geometry.margin.top - geometry.margin.bottom) / 2;
    const byElement = new Map<string, ReturnType<typeof elements>>();
    for (const entry of elements()) byElement.set(JSON.stringify(entry.element), [...(byElement.get(JSON.stringify(entry.element)) ?? []), entry]);
    for (const pair of [...byElement.values()].filter((entries) => entries.length === 2)) {
      const pages = new Set(pair.flatMap((entry) => entry.pages));
      if (pages.size === 1) continue;
      const parts = [...pages].map((page) => pair.flatMap((entry) => entry.lines.filter((_, index) => entry.pages[index] === page)));
      const height = parts.reduce((sum, lines) => sum + Math.max(...lines.map((line) => line.y + line.height)) - Math.min(...lines.map((line) => line.y)), 0);
      const [shorter, longer] = [...pair].sort((a, b) => a.lines.length * a.lines[0]!.size - b.lines.length * b.lines[0]!.size);
      const label = pair.map((entry) => entry.lines[0]!.text).join(' / ');
      expect(height, label).toBeGreaterThan(halfPage - 20);
      expect(new Set(shorter!.pages).size, label).toBe(1);
      const counts = [...new Set(longer!.pages)].map((page) => longer!.pages.filter((each) => each === page).length);
      expect(Math.min(...counts), label).toBeGreaterThanOrEqual(2);
    }
  });

  it('never splits a list of up to four items across pages', () => {
    const lists = new Map<string, { items: Set<string>; pages: Set<number>; steps: boolean }>();
    layout().pages.forEach((page, pageIndex) => {
      for (const item of page.items) {
        const at = item.kind === 'text' ? item.structure.findLastIndex((step) => step.role === 'LI') : -1;
        if (item.kind !== 'text' || at < 0) continue;
        const key = JSON.stringify(item.structure.slice(0, at));
        const entry = lists.get(key) ?? { items: new Set(), pages: new Set(), steps: false };
        entry.items.add(item.structure[at]!.key);
        entry.pages.add(pageIndex);
        // Numbered steps, each with paragraphs of its own, are a list only in the structure tree.
        entry.steps ||= item.structure.slice(at).some((step) => step.role === 'P');
        lists.set(key, entry);
      }
    });
    const short = [...lists.entries()].filter(([, { items, steps }]) => items.size <= 4 && !steps);
    expect(short.length > 0).toBe(name !== 'store-visit-form');
    for (const [list, { pages }] of short) expect(pages.size, list).toBe(1);
  });
});

const pageCases = (Object.keys(GUIDES) as GuideName[]).flatMap((guide) => PAPER_NAMES.flatMap((paper) => PAIR_LAYOUTS.map((pairs) => `${guide} ${paper} ${pairs}`)));

describe.each(pageCases)('page counts of %s', (key) => {
  it('fit the checklist and the store-visit form on one page each and the handout on a few', () => {
    expect(layouts[key]!.checklist!.pages).toHaveLength(1);
    expect(layouts[key]!['store-visit-form']!.pages).toHaveLength(1);
    const minimum = key.startsWith('the shipped guide') ? 3 : 1;
    expect(layouts[key]!.handout!.pages.length).toBeGreaterThanOrEqual(minimum);
    expect(layouts[key]!.handout!.pages.length).toBeLessThanOrEqual(5);
  });
});

/** The lines of each top-level paragraph of a handout (which run the whole measure), by paragraph and language. */
function paragraphLines(layout: LaidOutDocument): TextItem[][] {
  const body = layout.pages.flatMap((page) => page.items.filter((item): item is TextItem => item.kind === 'text' && item.structure[0]?.role === 'P'));
  const byParagraph = new Map<string, TextItem[]>();
  for (const item of body) {
    const key = `${item.structure[0]!.key} ${item.lang}`;
    byParagraph.set(key, [...(byParagraph.get(key) ?? []), item]);
  }
  return [...byParagraph.values()];
}

describe.each([
  ['the shipped guide', 'zh-Hans', 'en'],
  ['the zh-Hant + en guide', 'zh-Hant', 'en'],
] as const)('Chinese lines of %s', (guide, chinese, english) => {
  it('run the full measure, all but the last of each paragraph, while English stays ragged', () => {
    const handout = layouts[`${guide} a4 stacked`]!.handout!;
    const { geometry } = handout;
    const measure = geometry.width - geometry.margin.left - geometry.margin.right;
    const paragraphs = paragraphLines(handout);
    const chineseInner = paragraphs.filter((lines) => lines[0]!.lang === chinese).flatMap((lines) => lines.slice(0, -1));
    expect(chineseInner.length).toBeGreaterThan(1);
    for (const line of chineseInner) expect(line.x + line.width, line.text).toBeCloseTo(geometry.margin.left + measure, 1);
    const englishInner = paragraphs.filter((lines) => lines[0]!.lang === english).flatMap((lines) => lines.slice(0, -1));
    expect(englishInner.length).toBeGreaterThan(1);
    expect(englishInner.some((line) => line.x + line.width < geometry.margin.left + measure - 5)).toBe(true);
  });
});

describe('English and Filipino lines', () => {
  it('are set ragged-right, with no CJK spacing, in Noto Sans', () => {
    const handout = layouts['the en + fil guide a4 stacked']!.handout!;
    const lines = paragraphLines(handout).flat();
    expect(new Set(lines.map((line) => line.lang))).toEqual(new Set(['en', 'fil']));
    expect(lines.every((line) => Math.abs(line.runs.flatMap((run) => run.glyphs).reduce((sum, glyph) => sum + glyph.advance, 0) - line.width) < 0.01)).toBe(true);
    expect(new Set(lines.flatMap((line) => line.runs.map((run) => run.face)))).toEqual(new Set(['NotoSans-Regular']));
  });
});

describe.each([
  ['the shipped guide', 'zh-Hans', 'en'],
  ['the zh-Hant + en guide', 'zh-Hant', 'en'],
  ['the en + fil guide', 'en', 'fil'],
] as const)('the parallel layout of %s', (guide, primary, secondary) => {
  it('sets each secondary paragraph in the right column, its first line level with its primary one', () => {
    const { pages, geometry } = layouts[`${guide} a4 parallel`]!.handout!;
    const elementOf = (item: TextItem) => item.structure.slice(0, item.lang === secondary ? -1 : undefined);
    const paragraphs = new Map<string, Partial<Record<string, TextItem>>>();
    for (const item of pages.flatMap((page) => page.items.filter((each): each is TextItem => each.kind === 'text'))) {
      if (!['P', 'H1', 'H2'].includes(elementOf(item).at(-1)?.role ?? '')) continue;
      const key = JSON.stringify(elementOf(item));
      const lines = paragraphs.get(key) ?? {};
      lines[item.lang] ??= item;
      paragraphs.set(key, lines);
    }
    const pairs = [...paragraphs.values()].filter((lines) => lines[primary] && lines[secondary]);
    expect(pairs.length).toBeGreaterThan(guide === 'the shipped guide' ? 20 : 5);
    for (const { [primary]: left, [secondary]: right } of pairs) {
      expect(right!.x).toBeGreaterThan(geometry.width / 2);
      expect(left!.x).toBeLessThan(geometry.width / 2);
      expect(right!.baseline, right!.text).toBeCloseTo(left!.baseline, 0);
    }
  });
});

describe('the store-visit form', () => {
  const items = () => layouts.a4!['store-visit-form']!.pages[0]!.items;

  it('draws each write-in line below the descenders of the value printed on it', () => {
    for (const line of items().filter((item): item is WriteInItem => item.kind === 'write-in')) {
      // Latin descenders reach about a quarter em below the baseline; values are 12 pt.
      expect(line.y + line.height - line.baseline).toBeGreaterThanOrEqual(0.25 * 12 + 1);
    }
  });

  it('has a write-in line for every text field and staff field, at least 8 mm apart', () => {
    const writeIns = items().filter((item): item is WriteInItem => item.kind === 'write-in');
    expect(writeIns.map((item) => item.fieldId)).toEqual(['name', 'number', 'id-number', 'contact', 'reason', 'date', 'reference', 'processed', 'staff-name', 'staff-signature']);
    const lines = writeIns.map((item) => item.y + item.height).sort((a, b) => a - b);
    lines.slice(1).forEach((line, index) => expect(line - lines[index]!).toBeGreaterThanOrEqual(8 * MM));
  });

  it('has a round mark for each ID type (one answer) and a square box for each service already unlinked (several)', () => {
    const boxes = items().filter((item): item is CheckboxItem => item.kind === 'checkbox');
    expect(boxes.map((box) => `${box.answers?.fieldId}:${box.answers?.optionId} ${box.shape}`)).toEqual([
      'id-type:id-card round', 'id-type:passport round', 'id-type:other round',
      'unbound:bank square', 'unbound:alipay square', 'unbound:wechat-pay square', 'unbound:other-payment square',
    ]);
  });

  it('prints the date once: as its field, the signature beside no date of its own', () => {
    const labels = items().filter((item): item is TextItem => item.kind === 'text').map((item) => item.text);
    expect(labels.filter((text) => text === '日期')).toHaveLength(1);
  });

  it('labels fields in both languages on one line, such as "姓名 / Full name"', () => {
    const labels = items().filter((item): item is TextItem => item.kind === 'text').map((item) => item.text);
    expect(labels).toContain('姓名');
    expect(labels).toContain(' / Full name');
  });
});

describe.each(pageCases)('a store-visit form of %s with only the name and the number', (key) => {
  it('still fits one page, and prints every other field as the blank form’s empty write-in line, of full handwriting height', async () => {
    const [guide, paper, pairs] = key.match(/^(.*) (\S+) (\S+)$/)!.slice(1) as [GuideName, PaperName, PairLayout];
    const fonts = await loadFonts();
    const [template] = await fillTemplates({ guide: await loadGuide(GUIDES[guide].file), templatesDir: SHIPPED_TEMPLATES, only: ['store-visit-form'] });
    const values = { name: { kind: 'text', text: 'Ana Cruz' }, number: { kind: 'text', text: '0917 123 4567' } } as const;
    const filled = layoutFilled({ document: parseMarkup(template!), fonts, paper, pairs, values });
    const blank = layouts[key]!['store-visit-form']!;
    expect(filled.pages).toHaveLength(1);

    const lines = (layout: LaidOutDocument) => layout.pages[0]!.items.filter((item): item is WriteInItem => item.kind === 'write-in');
    expect(lines(filled)).toEqual(lines(blank));
    const printed = filled.pages[0]!.items.filter((item): item is TextItem => item.kind === 'text' && item.personal === true);
    for (const line of lines(filled)) {
      const on = printed.filter((item) => overlaps(boxOf(item), boxOf(line)));
      expect(on.map((item) => item.text).join(''), line.fieldId).toBe(line.fieldId === 'name' ? 'Ana Cruz' : line.fieldId === 'number' ? '0917 123 4567' : '');
      if (on.length > 0) continue;
      // Room to write by hand: nothing drawn over the line's width for 8 mm above it.
      const lineY = line.y + line.height;
      const above = filled.pages[0]!.items.map(boxOf).filter((box) => box.right > line.x && box.left < line.x + line.width && box.bottom < lineY - 0.01);
      expect(lineY - Math.max(...above.map((box) => box.bottom)), line.fieldId).toBeGreaterThanOrEqual(8 * MM);
    }
  });
});

describe('the checklist', () => {
  it('puts a checkbox square beside every item', async () => {
    const { items } = layouts.a4!.checklist!.pages[0]!;
    const boxes = items.filter((item) => item.kind === 'checkbox');
    const { checklist } = await loadGuide(SHIPPED_GUIDE);
    expect(boxes).toHaveLength(checklist.groups.flatMap((group) => group.items).length);
    for (const box of boxes) expect(box).toMatchObject({ shape: 'square', width: box.height });
  });
});

describe('a layout planned block by block', () => {
  /** The shipped handout with its English title as given. */
  async function handoutTitled(title: string, paper: PaperName): Promise<LayoutOptions> {
    const [guide, fonts] = await Promise.all([loadGuide(SHIPPED_GUIDE), loadFonts()]);
    const [template] = await fillTemplates({ guide: { ...guide, title: { ...guide.title, secondary: title } }, templatesDir: SHIPPED_TEMPLATES, only: ['handout'] });
    return { document: parseMarkup(template!), fonts, paper, pairs: 'stacked' };
  }

  it.each(PAPER_NAMES)('gives, on %s paper, the same slices for blocks of the same inputs, and paginates them as the whole layout', async (paper) => {
    const [before, after] = await Promise.all([handoutTitled('How to cancel a Smart SIM card', paper), handoutTitled('How to cancel a Smart SIM card (draft 2)', paper)]);
    const [plan, edited] = [planLayout(before), planLayout(after)];
    const unchanged = edited.blocks.map((block, index) => isDeepStrictEqual(block.inputs, plan.blocks[index]!.inputs));
    // The title's heading alone changed.
    expect(unchanged.filter((same) => !same)).toHaveLength(1);
    const slices = edited.blocks.map((block, index) => (unchanged[index] ? plan.blocks[index]!.layOut() : block.layOut()));
    expect(slices).toEqual(edited.blocks.map((block) => block.layOut()));
    expect(edited.paginate(slices)).toEqual(layoutDocument(after));
  });
});
