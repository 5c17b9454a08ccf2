import { closeSync, openSync, readSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { FontError } from '../diagnostics.js';
import type { LoadedFont } from '../fonts/index.js';
import { keptFieldFont, type FieldFontData } from './field-font-cache.js';
import type { ByteCache } from './subset-cache.js';

type Pdf = PDFKit.PDFDocument;
type Ref = PDFKit.PDFKitReference;

/** The parts of a fontkit font with CID-keyed CFF outlines that embedding it whole reads. */
interface CidKeyedFont {
  directory: { tables: Record<string, { offset: number; length: number } | undefined> };
  characterSet: number[];
  glyphForCodePoint(codePoint: number): { id: number };
  hmtx: { metrics: { length: number; get(index: number): { advance: number } } };
  numGlyphs: number;
  unitsPerEm: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  ascent: number;
  descent: number;
  capHeight: number;
  postscriptName: string;
  'CFF ': { topDict: { charset: { version: number; ranges?: { first: number; nLeft: number }[]; glyphs?: number[] } } };
}

const DEFAULT_WIDTH = 1000;

/**
 * Embeds a face whole, every glyph of it, as the font a form's text fields type with: its CFF
 * outlines as they are in the font file (no subsetting, which for 30,000 glyphs would take
 * seconds), CIDs as codes, and a ToUnicode map for every character the face has, from which a
 * viewer finds the code for a typed character. Returns the font's dictionary.
 */
export function embedFieldFont(pdf: Pdf, face: LoadedFont, cache: ByteCache | undefined): Ref {
  const compress = (pdf as unknown as { compress: boolean }).compress;
  const data = keptFieldFont(face, { compress, cache, make: () => prepare(face.file, face.font as unknown as CidKeyedFont, compress) });
  const stream = (extra: object, bytes: Uint8Array) => ended(pdf, { ...extra, ...(compress ? { Filter: 'FlateDecode' } : {}) }, bytes);
  const fontFile = stream({ Subtype: 'CIDFontType0C' }, data.outlines);
  const descriptor = ended(pdf, { ...data.descriptor, FontFile3: fontFile });
  const cidFont = ended(pdf, {
    Type: 'Font',
    Subtype: 'CIDFontType0',
    BaseFont: data.name,
    CIDSystemInfo: { Registry: new String('Adobe'), Ordering: new String('Identity'), Supplement: 0 },
    FontDescriptor: descriptor,
    DW: DEFAULT_WIDTH,
    W: data.widths,
  });
  return ended(pdf, { Type: 'Font', Subtype: 'Type0', BaseFont: data.name, Encoding: 'Identity-H', DescendantFonts: [cidFont], ToUnicode: stream({}, data.toUnicode) });
}

function prepare(file: string, font: CidKeyedFont, compress: boolean): FieldFontData {
  const table = font.directory.tables['CFF '];
  if (!table) throw new FontError('the form fields’ font has no CFF outlines to embed', { file, hint: 'run npm ci to reinstall the font packages' });
  const cids = glyphCids(font);
  const scale = 1000 / font.unitsPerEm;
  const deflate = (bytes: Uint8Array) => (compress ? deflateSync(bytes) : bytes);
  return {
    name: font.postscriptName,
    outlines: deflate(readRange(file, table)),
    toUnicode: deflate(Buffer.from(toUnicodeCmap(unicodeByCid(font, cids)), 'latin1')),
    widths: widthRuns(font, cids, scale),
    descriptor: {
      Type: 'FontDescriptor',
      FontName: font.postscriptName,
      Flags: 4,
      FontBBox: [font.bbox.minX, font.bbox.minY, font.bbox.maxX, font.bbox.maxY].map((value) => Math.round(value * scale)),
      ItalicAngle: 0,
      Ascent: Math.round(font.ascent * scale),
      Descent: Math.round(font.descent * scale),
      CapHeight: Math.round(font.capHeight * scale),
      StemV: 80,
    },
  };
}

function readRange(file: string, { offset, length }: { offset: number; length: number }): Buffer {
  const bytes = Buffer.alloc(length);
  const descriptor = openSync(file, 'r');
  try {
    for (let done = 0; done < length; ) {
      const count = readSync(descriptor, bytes, done, length - done, offset + done);
      if (count === 0) throw new FontError('the font file is shorter than its table directory says', { file, hint: 'run npm ci to reinstall the font packages' });
      done += count;
    }
    return bytes;
  } finally {
    closeSync(descriptor);
  }
}

/** Each glyph's CID, from the CFF charset: a CID-keyed font's glyphs are numbered apart from their CIDs. */
function glyphCids(font: CidKeyedFont): number[] {
  const { charset } = font['CFF '].topDict;
  if (charset.glyphs) return [0, ...charset.glyphs];
  const cids = [0];
  for (const { first, nLeft } of charset.ranges ?? []) for (let step = 0; step <= nLeft; step++) cids.push(first + step);
  return cids.slice(0, font.numGlyphs);
}

/**
 * The character each CID stands for, from which a viewer finds the code for a typed character.
 * Where several characters share a glyph, one a person types wins over a radical (U+2E80-U+2FDF)
 * or a compatibility form: 大 U+5927 over the Kangxi radical ⼤ U+2F24, 亻 U+4EBB over ⺅ U+2E85;
 * then the lowest. Control characters, which the font maps to its space, never do.
 */
function unicodeByCid(font: CidKeyedFont, cids: readonly number[]): Map<number, number> {
  const isRadicalOrCompatibility = (codePoint: number) => (codePoint >= 0x2e80 && codePoint <= 0x2fdf) || String.fromCodePoint(codePoint).normalize('NFKC') !== String.fromCodePoint(codePoint);
  const candidates = font.characterSet
    .filter((codePoint) => !/\p{Cc}/u.test(String.fromCodePoint(codePoint)))
    .sort((a, b) => Number(isRadicalOrCompatibility(a)) - Number(isRadicalOrCompatibility(b)) || a - b);
  const byCid = new Map<number, number>();
  for (const codePoint of candidates) {
    const cid = cids[font.glyphForCodePoint(codePoint).id];
    if (cid && !byCid.has(cid)) byCid.set(cid, codePoint);
  }
  return byCid;
}

function toUnicodeCmap(byCid: Map<number, number>): string {
  const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0');
  const utf16 = (codePoint: number) => {
    const character = String.fromCodePoint(codePoint);
    return Array.from({ length: character.length }, (_, index) => hex(character.charCodeAt(index), 4)).join('');
  };
  const entries = [...byCid].sort(([a], [b]) => a - b).map(([cid, codePoint]) => `<${hex(cid, 4)}> <${utf16(codePoint)}>`);
  const blocks: string[] = [];
  for (let start = 0; start < entries.length; start += 100) {
    const block = entries.slice(start, start + 100);
    blocks.push(`${block.length} beginbfchar\n${block.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <ffff>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

/**
 * The PDF's W array: each run of consecutive CIDs whose width is not the default, with their
 * widths. Read from the hmtx table itself: fontkit's glyph objects, 30,000 of them, took 0.4 s.
 */
function widthRuns(font: CidKeyedFont, cids: readonly number[], scale: number): (number | number[])[] {
  const { metrics } = font.hmtx;
  // Glyphs past the table's last entry take its width.
  const advance = (glyph: number) => metrics.get(Math.min(glyph, metrics.length - 1)).advance;
  const widths = cids
    .map((cid, glyph) => [cid, Math.round(advance(glyph) * scale)] as const)
    .filter(([, width]) => width !== DEFAULT_WIDTH)
    .sort(([a], [b]) => a - b);
  const runs: (number | number[])[] = [];
  let previous = -2;
  for (const [cid, width] of widths) {
    if (cid === previous + 1) (runs.at(-1) as number[]).push(width);
    else runs.push(cid, [width]);
    previous = cid;
  }
  return runs;
}

/** An object written at once, a stream when given bytes; a stream already deflated carries its filter, so pdfkit leaves it as it is. */
function ended(pdf: Pdf, data: object, bytes?: Uint8Array): Ref {
  const created = pdf.ref(data as never);
  created.end(bytes as never);
  return created;
}
