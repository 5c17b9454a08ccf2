import { deflateSync } from 'node:zlib';
import type { FieldFont } from '../fonts/index.js';
import { DEFAULT_WIDTH, toUnicodeCmap, widthRuns } from './fonts.js';

type Pdf = PDFKit.PDFDocument;
type Ref = PDFKit.PDFKitReference;

/**
 * A field font as a PDF holds it, made once as the font is cut and kept with it: writing the
 * ToUnicode map and widths of its 8,000 characters took some 30 ms a fillable form.
 */
export interface PreparedFieldFont extends Pick<FieldFont, 'name' | 'deflatedOutlines' | 'metrics'> {
  /** The CIDFont's W array: the widths other than the default. */
  widths: (number | number[])[];
  /** The ToUnicode map, deflated: from it a viewer finds the code for a typed character. */
  deflatedToUnicode: Uint8Array;
}

/** CIDs as codes: each CID's first character gives its width and its text. */
export function prepareFieldFont({ name, deflatedOutlines, metrics, characters }: FieldFont): PreparedFieldFont {
  const byCid = new Map<number, [number, number]>();
  for (const [codePoint, cid, width] of characters) if (!byCid.has(cid)) byCid.set(cid, [codePoint, width]);
  return {
    name,
    deflatedOutlines,
    metrics,
    widths: widthRuns([...byCid].map(([cid, [, width]]) => [cid, width])),
    deflatedToUnicode: deflateSync(toUnicodeCmap([...byCid].map(([cid, [codePoint]]) => [cid, String.fromCodePoint(codePoint)]))),
  };
}

/** The font a form's text fields type with, written whole as it was cut. Returns the font's dictionary. */
export function embedFieldFont(pdf: Pdf, font: PreparedFieldFont): Ref {
  const fontFile = ended(pdf, { Subtype: 'CIDFontType0C', Filter: 'FlateDecode' }, font.deflatedOutlines);
  const { ascent, descent, bbox } = font.metrics;
  const descriptor = ended(pdf, { Type: 'FontDescriptor', FontName: font.name, Flags: 4, FontBBox: bbox, ItalicAngle: 0, Ascent: ascent, Descent: descent, CapHeight: ascent, StemV: 80, FontFile3: fontFile });
  const cidFont = ended(pdf, {
    Type: 'Font',
    Subtype: 'CIDFontType0',
    BaseFont: font.name,
    CIDSystemInfo: { Registry: new String('Adobe'), Ordering: new String('Identity'), Supplement: 0 },
    FontDescriptor: descriptor,
    DW: DEFAULT_WIDTH,
    W: font.widths,
  });
  const toUnicode = ended(pdf, { Filter: 'FlateDecode' }, font.deflatedToUnicode);
  return ended(pdf, { Type: 'Font', Subtype: 'Type0', BaseFont: font.name, Encoding: 'Identity-H', DescendantFonts: [cidFont], ToUnicode: toUnicode });
}

/** An object written at once, a stream when given bytes. */
function ended(pdf: Pdf, data: object, bytes?: Uint8Array): Ref {
  const created = pdf.ref(data);
  created.end(bytes);
  return created;
}
