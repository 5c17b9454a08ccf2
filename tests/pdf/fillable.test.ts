import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as mupdf from 'mupdf';
import { commonCharacters } from '../../src/fonts/common-characters.js';
import { FIELD_FONT } from '../../src/pdf/fields.js';
import { buildToMemory } from '../helpers/build.js';
import { checkStructure, readPdf } from '../helpers/pdf.js';

let bytes: Buffer;
let fields: Record<string, { type: string; editable: boolean; exportValues?: string }[]>;

beforeAll(async () => {
  bytes = (await buildToMemory())['store-visit-form-fillable']!;
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  fields = ((await pdf.getFieldObjects()) ?? {}) as typeof fields;
  await pdf.destroy();
});

describe('the fillable store-visit form', () => {
  it('is written by build beside the printed form, valid, one page, with the same text', async () => {
    expect(checkStructure(bytes)).toEqual([]);
    const { pages } = await readPdf(bytes);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain('姓名');
  });

  it('has a text field for every write-in line, named by field id', () => {
    for (const id of ['name', 'number', 'id-number', 'contact', 'reason', 'date', 'reference', 'processed', 'staff-name', 'staff-signature']) {
      expect(fields[id]?.[0]?.type, id).toBe('text');
    }
  });

  it('gives every text field the whole write-in space above its printed line, over 7 mm high to write in', async () => {
    const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
    const annotations = (await (await pdf.getPage(1)).getAnnotations()) as { fieldType?: string; rect: number[] }[];
    await pdf.destroy();
    const textFields = annotations.filter((annotation) => annotation.fieldType === 'Tx');
    expect(textFields).toHaveLength(10);
    for (const { rect } of textFields) expect(rect[3]! - rect[1]!).toBeGreaterThan((7 * 72) / 25.4);
  });

  it('makes the reason, written on two lines, a multi-line field, and every one-line answer a one-line field', async () => {
    const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
    const annotations = (await (await pdf.getPage(1)).getAnnotations()) as { fieldType?: string; fieldName?: string; multiLine?: boolean; rect: number[] }[];
    await pdf.destroy();
    const textFields = annotations.filter((annotation) => annotation.fieldType === 'Tx');
    expect(textFields.filter((annotation) => annotation.multiLine).map((annotation) => annotation.fieldName)).toEqual(['reason']);
    const height = (name: string) => textFields.find((annotation) => annotation.fieldName === name)!.rect.reduce((sum, value, index) => sum + (index === 3 ? value : index === 1 ? -value : 0), 0);
    expect(height('reason')).toBeGreaterThan(height('name') + 20);
  });

  it('has a radio group for the ID type and a checkbox per service', () => {
    const buttons = fields['id-type']!.filter((widget) => widget.type === 'radiobutton');
    expect(buttons.map((widget) => widget.exportValues)).toEqual(['id-card', 'passport', 'other']);
    for (const option of ['bank', 'alipay', 'wechat-pay', 'other-payment']) expect(fields[`unbound_${option}`]?.[0]?.type).toBe('checkbox');
  });

  it('gives every box an appearance for ticked and for unticked, so no viewer shows it blank', () => {
    const text = bytes.toString('latin1');
    const widgets = text.split('endobj').filter((object) => object.includes('/Subtype /Widget') && !object.includes('/FT /Tx'));
    expect(widgets).toHaveLength(7);
    for (const widget of widgets) {
      expect(widget).toMatch(/\/AS \/Off/);
      expect(widget).toMatch(/\/AP <<\s*\/N <<\s*\/[\w-]+ \d+ 0 R\s*\/Off \d+ 0 R/);
    }
    expect(text).toMatch(/\/NeedAppearances true/);
  });

  it('draws a dot in a chosen ID type’s round mark, and a tick in a ticked service’s box, as the printed form does', () => {
    const text = bytes.toString('latin1');
    const widgets = text.split('endobj').filter((object) => object.includes('/Subtype /Widget') && !object.includes('/FT /Tx'));
    const onState = (widget: string) => {
      const number = /\/N <<\s*\/(?!Off)[\w-]+ (\d+) 0 R/.exec(widget)![1];
      const object = text.slice(text.indexOf(`\n${number} 0 obj`));
      const start = object.indexOf('stream\n') + 'stream\n'.length;
      return inflateSync(Buffer.from(object.slice(start, object.indexOf('\nendstream')), 'latin1')).toString('latin1');
    };
    const radios = widgets.filter((widget) => widget.includes('/Parent'));
    expect(radios).toHaveLength(3);
    for (const widget of radios) expect(onState(widget)).toMatch(/ c f Q\s*$/);
    for (const widget of widgets.filter((widget) => !widget.includes('/Parent'))) expect(onState(widget)).toMatch(/ l S Q\s*$/);
  });

  it('types with the CJK face cut to the 8,105 characters of the Table of General Standard Chinese Characters, 镕 and 堃 too', async () => {
    const document = new mupdf.PDFDocument(new Uint8Array(bytes));
    const acroForm = document.getTrailer().get('Root', 'AcroForm');
    expect(acroForm.get('DA').asString()).toBe(`/${FIELD_FONT} 11 Tf 0 g`);
    const font = acroForm.get('DR', 'Font', FIELD_FONT);
    const descendant = font.get('DescendantFonts').get(0);
    expect(descendant.get('FontDescriptor', 'FontFile3', 'Subtype').asName()).toBe('CIDFontType0C');
    const mapped = new Set(mappedTexts(font.get('ToUnicode').readStream().asString()));
    const common = [...commonCharacters('zh-Hans')!].map((codePoint) => String.fromCodePoint(codePoint));
    expect(common).toHaveLength(8105);
    expect(common.filter((character) => !mapped.has(character))).toEqual([]);
    for (const character of '陈大文王镕堃0917-+@，。AZaz') expect(mapped.has(character), character).toBe(true);
    expect(bytes.length).toBeLessThan(2.5 * 2 ** 20);
    document.destroy();
  });
});

/** The texts a ToUnicode CMap maps codes to, from its bfchar and bfrange entries. */
function mappedTexts(cmap: string): string[] {
  const text = (hex: string) => String.fromCharCode(...hex.match(/.{4}/g)!.map((unit) => parseInt(unit, 16)));
  const singles = [...cmap.matchAll(/^<[0-9a-f]{4}> <([0-9a-f]{4,8})>$/gm)].map(([, hex]) => text(hex!));
  const ranges = [...cmap.matchAll(/^<[0-9a-f]{4}> <[0-9a-f]{4}> \[([^\]]*)\]$/gm)].flatMap(([, list]) => [...list!.matchAll(/<([0-9a-f]+)>/g)].map(([, hex]) => text(hex!)));
  return [...singles, ...ranges];
}
