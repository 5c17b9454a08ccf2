import { SaxesParser } from 'saxes';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMarkup } from '../../src/document/index.js';
import { loadFonts, type FontSet } from '../../src/fonts/index.js';
import { layoutDocument, type TextItem } from '../../src/layout/index.js';
import { renderPdf } from '../../src/pdf/index.js';
import { buildToMemory } from '../helpers/build.js';
import { listFonts, readPdf } from '../helpers/pdf.js';
import { runText } from '../helpers/layout.js';

let fonts: FontSet;
beforeAll(async () => {
  fonts = await loadFonts();
});

function documentOf(body: string) {
  const markup = `<document lang="zh-Hans" secondary-lang="en" title="测试 / Test" subject="" footer="测试">${body}</document>`;
  return parseMarkup({ name: 'test', file: 'test.hbs', markup });
}

async function render(body: string, options: { pdfa?: boolean } = {}): Promise<Buffer> {
  const document = documentOf(body);
  const layout = layoutDocument({ document, fonts, paper: 'a4' });
  return renderPdf({ layout, metadata: document.metadata, fonts, date: new Date(Date.UTC(2026, 0, 2)), compress: false, ...options });
}

function firstText(body: string): TextItem {
  const layout = layoutDocument({ document: documentOf(body), fonts, paper: 'a4' });
  return layout.pages[0]!.items.find((item): item is TextItem => item.kind === 'text')!;
}

describe('font fallback', () => {
  it('draws what the CJK font lacks with the Latin font, and the text reads back whole', async () => {
    const bytes = await render('<p><primary>Niño pays ₱500 到 营业厅, Şişli</primary></p>');
    const text = (await readPdf(bytes)).pages[0]!;
    expect(text.replace(/\s+/g, ' ')).toContain('Niño pays ₱500 到 营业厅, Şişli');
    const faces = listFonts(bytes).map((font) => font.baseFont.replace(/^[A-Z]{6}\+/, ''));
    expect(faces).toEqual(expect.arrayContaining(['NotoSansHans-Regular', 'NotoSans-Regular']));
  });

  it('keeps a text in the CJK font when that font has every character', () => {
    expect(firstText('<p><primary>注销 Smart 卡</primary></p>').runs.map((run) => run.face)).toEqual(['NotoSansHans-Regular']);
  });

  it('sets a word the CJK font cannot draw whole in the Latin font, so its letters match', () => {
    const { runs } = firstText('<p><primary>pays ₱500 in Şişli 到</primary></p>');
    expect(runs.map((run) => [runText(run), run.face])).toEqual([
      ['pays ', 'NotoSansHans-Regular'], ['₱', 'NotoSans-Regular'], ['500 in ', 'NotoSansHans-Regular'], ['Şişli ', 'NotoSans-Regular'], ['到', 'NotoSansHans-Regular'],
    ]);
  });
});

describe('CJK–Latin spacing', () => {
  it('adds a quarter em between Han and Latin letters or digits written without a space', () => {
    const { runs, size } = firstText('<p><primary>注销Smart卡需要3天</primary></p>');
    expect(runs.map((run) => runText(run))).toEqual(['注销', 'Smart', '卡需要', '3', '天']);
    const plain = firstText('<p><primary>注销</primary></p>').width;
    expect(runs[1]!.x - plain).toBeCloseTo(size * 0.25, 5);
  });

  it('adds nothing where the source already has a space, or beside full-width letters', () => {
    expect(firstText('<p><primary>注销 Smart 卡</primary></p>').runs).toHaveLength(1);
    expect(firstText('<p><primary>注销ＡＰＰ</primary></p>').runs).toHaveLength(1);
  });
});

describe('punctuation', () => {
  it('closes up where full-width marks meet: all but the last of them set at half width', () => {
    const { runs, width, size } = firstText('<p><primary>有“我的账户”、“服务管理”之类</primary></p>');
    const halved = runs.find((run) => runText(run) === '”、')!;
    expect(halved.glyphs.map((glyph) => glyph.advance)).toEqual([size / 2, size / 2]);
    expect(width).toBeCloseTo(16 * size - size, 5);
  });

  it('reads back unchanged from the PDF', async () => {
    const text = (await readPdf(await render('<p><primary>有“我的账户”、“服务管理”之类</primary></p>'))).pages[0]!;
    expect(text.replace(/\s+/g, '')).toContain('有“我的账户”、“服务管理”之类');
  });
});

describe('a tagged PDF', () => {
  let raw: string;
  beforeAll(async () => {
    raw = (await render('<h1><primary>标题</primary><secondary>Title</secondary></h1><p><primary>正文</primary><secondary>Body</secondary></p><list><item><primary>一项</primary><secondary>One item</secondary></item></list>')).toString('latin1');
  });

  it('has a structure tree, is marked, declares its language and shows its title', () => {
    expect(raw).toMatch(/\/StructTreeRoot \d+ 0 R/);
    expect(raw).toMatch(/\/MarkInfo \d+ 0 R/);
    expect(raw).toMatch(/\/Marked true/);
    expect(raw).toMatch(/\/Lang \(zh-Hans\)/);
    expect(raw).toMatch(/\/DisplayDocTitle true/);
  });

  it('tags headings, paragraphs, lists and list items, with English spans tagged en', () => {
    const roles = [...raw.matchAll(/\/S \/(\w+)/g)].map((match) => match[1]);
    expect(new Set(roles)).toEqual(new Set(['Document', 'H1', 'P', 'L', 'LI', 'Lbl', 'LBody', 'Span']));
    expect(raw).toMatch(/\/S \/Span\n?\/Lang \(en\)/);
  });

  it('marks footers and rules as artifacts, outside the structure', () => {
    expect(raw).toContain('/Artifact BMC');
  });
});

describe('text colour', () => {
  it('is set where it changes from one text to the next on a page, and nowhere else', async () => {
    const body = '<h1><primary>标题</primary></h1><p><primary>一</primary></p><p><primary>二</primary></p><p><primary>三</primary></p>';
    const layout = layoutDocument({ document: documentOf(body), fonts, paper: 'a4' });
    const colors = layout.pages[0]!.items.filter((item): item is TextItem => item.kind === 'text').map((item) => item.color);
    const changes = colors.filter((color, index) => color !== colors[index - 1]).length;
    expect(changes).toBeLessThan(colors.length);
    const content = (await render(body)).toString('latin1');
    // Text sets its fill colour with `r g b rg` before BT; none of this page's other drawings fills.
    expect(content.match(/(^| )[\d. ]+ rg BT/gm)).toHaveLength(changes);
  });
});

describe('PDF/A', () => {
  it('identifies itself as PDF/A-2b, with an sRGB output intent, the same bytes every time', async () => {
    const body = '<p><primary>正文</primary><secondary>Body</secondary></p>';
    const [first, second] = [await render(body, { pdfa: true }), await render(body, { pdfa: true })];
    const raw = first.toString('latin1');
    expect(raw).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(raw).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(raw).toMatch(/\/OutputIntents \[\d+ 0 R\]/);
    expect(raw).toMatch(/\/S \/GTS_PDFA1/);
    expect(first.equals(second)).toBe(true);
  });

  it('describes the document in well-formed XMP, dates included, whatever its title holds', async () => {
    const document = parseMarkup({ name: 'test', file: 'test.hbs', markup: '<document lang="en" title="Bills &amp; fees &lt;2026&gt;" subject="A &quot;test&quot;"><p><primary>Body</primary></p></document>' });
    const layout = layoutDocument({ document, fonts, paper: 'a4' });
    const bytes = await renderPdf({ layout, metadata: document.metadata, fonts, date: new Date(Date.UTC(2026, 0, 2)), compress: false, pdfa: true });
    const raw = bytes.toString('utf8');
    const xmp = raw.slice(raw.indexOf('<x:xmpmeta'), raw.indexOf('</x:xmpmeta>') + '</x:xmpmeta>'.length);
    const parser = new SaxesParser();
    expect(() => parser.write(xmp).close()).not.toThrow();
    expect(xmp).toContain('Bills &amp; fees &lt;2026&gt;');
    expect(xmp).toContain('<xmp:ModifyDate>2026-01-02T00:00:00Z</xmp:ModifyDate>');
    expect((await readPdf(bytes)).info.Title).toBe('Bills & fees <2026>');
  });

  it('is left out unless asked for', async () => {
    expect((await render('<p><primary>正文</primary></p>')).toString('latin1')).not.toContain('pdfaid');
  });
});

describe('the shipped documents', () => {
  it('are tagged, in Chinese with English spans, and PDF/A when asked, except the fillable form', async () => {
    const pdfs = await buildToMemory({ pdfa: true });
    for (const [name, bytes] of Object.entries(pdfs)) {
      const raw = bytes.toString('latin1');
      expect(raw).toMatch(/\/StructTreeRoot \d+ 0 R/);
      expect(raw).toMatch(/\/Lang \(zh-Hans\)/);
      expect(raw).toMatch(/\/Lang \(en\)/);
      expect(raw.includes('<pdfaid:part>2</pdfaid:part>'), name).toBe(!name.endsWith('-fillable'));
    }
  });
});
