import type { FieldFont } from '../fonts/index.js';
import { DEFAULT_WIDTH, toUnicodeCmap, widthRuns } from './fonts.js';

type Pdf = PDFKit.PDFDocument;
type Ref = PDFKit.PDFKitReference;

/**
 * The font a form's text fields type with, written whole as it was cut: CIDs as codes, and a
 * ToUnicode map for every character it has, from which a viewer finds the code for a typed
 * character. Returns the font's dictionary.
 */
export function embedFieldFont(pdf: Pdf, font: FieldFont): Ref {
  const byCid = new Map<number, [number, number]>();
  for (const [codePoint, cid, width] of font.characters) if (!byCid.has(cid)) byCid.set(cid, [codePoint, width]);
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
    W: widthRuns([...byCid].map(([cid, [, width]]) => [cid, width])),
  });
  const toUnicode = ended(pdf, {}, toUnicodeCmap([...byCid].map(([cid, [codePoint]]) => [cid, String.fromCodePoint(codePoint)])));
  return ended(pdf, { Type: 'Font', Subtype: 'Type0', BaseFont: font.name, Encoding: 'Identity-H', DescendantFonts: [cidFont], ToUnicode: toUnicode });
}

/** An object written at once, a stream when given bytes. */
function ended(pdf: Pdf, data: object, bytes?: Uint8Array | string): Ref {
  const created = pdf.ref(data);
  created.end(bytes);
  return created;
}
