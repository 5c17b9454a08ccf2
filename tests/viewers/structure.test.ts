import * as mupdf from 'mupdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGuide } from '../../src/guide/index.js';
import type { Guide } from '../../src/guide/types.js';
import { buildToMemory, SHIPPED_GUIDE } from '../helpers/build.js';
import { withoutSpaces } from '../helpers/viewers/index.js';
import { readStructure, type StructureElement } from '../helpers/viewers/pdfium.js';

/** Each element with the language it inherits, in reading order: an element, then its children. */
interface Read {
  type: string;
  lang: string;
  text: string;
  /** The element's own text and its descendants', in reading order. */
  all: string;
  path: string[];
}

function flatten(elements: StructureElement[], inherited = '', path: string[] = []): Read[] {
  return elements.flatMap((element) => {
    const lang = element.lang || inherited;
    const inner = flatten(element.children, lang, [...path, element.type]);
    const all = withoutSpaces(element.text + inner.filter((read) => read.path.length === path.length + 1).map((read) => read.all).join(''));
    return [{ type: element.type, lang, text: withoutSpaces(element.text), all, path }, ...inner];
  });
}

let guide: Guide;
let documents: Record<string, Buffer>;
const read = new Map<string, Read[]>();

async function readDocument(name: string): Promise<Read[]> {
  const pages = new mupdf.PDFDocument(new Uint8Array(documents[name]!)).countPages();
  const all: Read[] = [];
  for (let page = 0; page < pages; page++) all.push(...flatten(await readStructure(documents[name]!, page)));
  return all;
}

beforeAll(async () => {
  [guide, documents] = await Promise.all([loadGuide(SHIPPED_GUIDE), buildToMemory()]);
  for (const name of ['handout', 'checklist', 'store-visit-form']) read.set(name, await readDocument(name));
}, 60_000);

describe('the tagged structure, read through PDFium’s accessibility interface (Chrome’s)', () => {
  it('opens the handout with the title as its one first-level heading, the English title a span of it', () => {
    const [first, ...rest] = read.get('handout')!.filter((element) => element.type !== 'Document');
    expect(first).toMatchObject({ type: 'H1', text: withoutSpaces(guide.title.primary) });
    expect(rest[0]).toMatchObject({ type: 'Span', lang: 'en', text: withoutSpaces(guide.title.secondary), path: ['Document', 'H1'] });
    expect(rest.filter((element) => element.type === 'H1')).toEqual([]);
  });

  it('reads the handout’s section headings and numbered steps in the guide’s order', () => {
    const elements = read.get('handout')!;
    const expected = guide.sections.flatMap((section) => [
      { type: 'H2', text: section.heading.primary, within: undefined as string | undefined },
      ...section.steps.map((step) => ({ type: 'P', text: step.title.primary, within: 'LBody' })),
    ]);
    let at = -1;
    for (const { type, text, within } of expected) {
      const found = elements.findIndex((element, index) => index > at && element.type === type && element.text === withoutSpaces(text) && (!within || element.path.at(-1) === within));
      expect(found, `${type} ${text} after element ${at}`).toBeGreaterThan(at);
      at = found;
    }
    const labels = elements.filter((element) => element.type === 'Lbl' && /^\d+$/.test(element.text)).map((element) => Number(element.text));
    expect(labels).toEqual(expect.arrayContaining(guide.sections.flatMap((section) => section.steps.map((_, index) => index + 1))));
  });

  it('gives every checklist item as a list item, under its group’s heading', () => {
    const elements = read.get('checklist')!;
    for (const group of guide.checklist.groups) {
      const heading = elements.findIndex((element) => /^H\d$/.test(element.type) && element.text === withoutSpaces(group.heading.primary));
      expect(heading, group.id).toBeGreaterThan(-1);
      const items = elements.slice(heading).filter((element) => element.type === 'LI').slice(0, group.items.length);
      expect(items.map((item) => item.all)).toEqual(group.items.map((item) => withoutSpaces(item.primary + item.secondary)));
    }
  });

  it.each(['handout', 'checklist', 'store-visit-form'])('marks every English text of %s as English and no Chinese as English', (name) => {
    const elements = read.get(name)!;
    const english = elements.filter((element) => element.lang === 'en');
    expect(english.length).toBeGreaterThan(5);
    for (const element of english) expect(element.text, element.text).not.toMatch(/\p{Script=Han}/u);
    const chinese = elements.filter((element) => element.lang !== 'en' && element.text);
    for (const element of chinese) expect(element.text, element.text).toMatch(/\p{Script=Han}|^[\d.、•]+$/u);
  });

  it.each(['handout', 'checklist', 'store-visit-form', 'store-visit-form-fillable'])('names %s’s language, zh-Hans, for the whole document', (name) => {
    const document = new mupdf.PDFDocument(new Uint8Array(documents[name]!));
    expect(document.getLanguage()).toBe('zh-Hans');
    document.destroy();
  });
});
