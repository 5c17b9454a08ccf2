import { deflateSync } from 'node:zlib';
import { BESIDE_CFF_OUTLINES, facesOfSet, subsetFont, tableOf, type FontSet, type LoadedFont, type SubsetRequest } from '../fonts/index.js';

type Pdf = PDFKit.PDFDocument;
type Ref = PDFKit.PDFKitReference;

/** The faces a document draws with, each embedded once it is done as a subset of the glyphs drawn. */
export interface FontWriter {
  /**
   * The face's font on the current page: its resource name, each glyph's code and width (per
   * 1000 em). A person's answers are drawn with a subset of their own, so that the document's
   * subsets are the same for every person and may be kept.
   */
  use(faceName: string, personal: boolean): PageFont;
  /** The colour, font and size the current page's text last set, which stay set until changed. */
  readonly state: TextState;
  /** Starts a page, where nothing is set yet. */
  newPage(): void;
  /** Writes each face used: its subset, widths and ToUnicode map. */
  end(): Promise<void>;
}

/**
 * Gives the font file `make` makes from `inputs`, or the one it made from the same inputs before:
 * a face cut to a document's glyphs, deflated. Never given a person's glyphs.
 */
export type KeepFontFiles = (inputs: unknown, make: () => Uint8Array) => Uint8Array | Promise<Uint8Array>;

export interface TextState {
  color?: string | undefined;
  font?: string | undefined;
  size?: number | undefined;
}

export interface PageFont {
  resource: string;
  code(glyph: number): number;
  width(glyph: number): number;
  /**
   * Notes the text a glyph stands for, for the ToUnicode map; false when the glyph stood for other
   * text before (a shared glyph), which the caller then says with ActualText.
   */
  stands(glyph: number, text: string): boolean;
}

/** One face's font objects, and what the document drew with it. */
interface EmbeddedFace {
  face: LoadedFont;
  personal: boolean;
  resource: string;
  font: Ref;
  /** Glyph id → CID, for a CID-keyed CFF face; TrueType glyphs are drawn by their ids. */
  cids: readonly number[] | undefined;
  texts: Map<number, string>;
  widths: Map<number, number>;
  objects: FaceObjects;
}

interface FaceObjects {
  fontFile: Ref;
  toUnicode: Ref;
  descriptor: Ref;
  cidFont: Ref;
  widthArray: (number | number[])[];
}

// Layout tables a PDF never reads: the glyphs are shaped already.
const DROPPED_TABLES = ['GSUB', 'GPOS', 'GDEF', 'BASE', 'JSTF', 'VORG', 'vhea', 'vmtx', 'STAT', 'name'];

export function createFontWriter(pdf: Pdf, fonts: FontSet, { compress, keep = (_, make) => make() }: { compress: boolean; keep?: KeepFontFiles | undefined }): FontWriter {
  const faces = new Map(facesOfSet(fonts).map((face) => [face.name, face]));
  const embedded = new Map<string, EmbeddedFace>();
  const embed = (name: string, personal: boolean): EmbeddedFace => {
    const key = `${name}${personal ? ' personal' : ''}`;
    let known = embedded.get(key);
    if (!known) {
      const face = faces.get(name);
      if (!face) throw new Error(`the face ${name} is not among the document's fonts`);
      known = startFace(pdf, face, { resource: `H${embedded.size + 1}`, personal, compress });
      embedded.set(key, known);
    }
    return known;
  };
  const state: TextState = {};
  return {
    state,
    newPage() {
      Object.assign(state, { color: undefined, font: undefined, size: undefined });
    },
    use(faceName, personal) {
      const face = embed(faceName, personal);
      pdf.page.fonts[face.resource] = face.font;
      return {
        resource: face.resource,
        code: (glyph) => (face.cids ? face.cids[glyph]! : glyph),
        width: (glyph) => widthOf(face, glyph),
        stands: (glyph, text) => {
          const known = face.texts.get(glyph);
          if (known === undefined) face.texts.set(glyph, text);
          return known === undefined || known === text;
        },
      };
    },
    async end() {
      for (const face of embedded.values()) {
        const used = [...face.widths.keys()];
        const request = (glyphs: readonly number[]) => ({ glyphs: [...glyphs].sort((a, b) => a - b), ...subsetOptions(face.face) });
        const make = (glyphs: readonly number[]) => () => fontFile(face.face, request(glyphs), compress);
        const kept = (glyphs: readonly number[]) => keep({ face: [face.face.name, face.face.tables], request: request(glyphs), compress }, make(glyphs));
        // Answers in ASCII (a number, a date, a name as on a passport) take a subset of every
        // printable ASCII character, the same for everyone and so kept; any other, one of their own.
        const everyone = face.personal ? asciiGlyphs(face.face) : undefined;
        const file = !everyone ? kept(used) : used.every((glyph) => everyone.has(glyph)) ? kept([...everyone]) : make(used)();
        endFace(face, await file);
      }
    },
  };
}

/**
 * A CFF face is cut to its outlines, written without subroutines (smaller, deflated, for a
 * document's few hundred glyphs); a TrueType face keeps each glyph at its id.
 */
function subsetOptions(face: LoadedFont): Omit<SubsetRequest, 'glyphs'> {
  return face.cff ? { dropTables: BESIDE_CFF_OUTLINES, desubroutinize: true } : { retainGids: true, dropTables: DROPPED_TABLES };
}

/** The face's glyphs of the printable ASCII characters, and .notdef. */
function asciiGlyphs(face: LoadedFont): Set<number> {
  const glyphs = new Set([0]);
  for (let codePoint = 0x20; codePoint <= 0x7e; codePoint++) {
    const glyph = face.glyph(codePoint);
    if (glyph !== undefined) glyphs.add(glyph);
  }
  return glyphs;
}

function widthOf(face: EmbeddedFace, glyph: number): number {
  let width = face.widths.get(glyph);
  if (width === undefined) {
    width = Math.round((face.face.advance(glyph) * 1000) / face.face.unitsPerEm);
    face.widths.set(glyph, width);
  }
  return width;
}

/**
 * The face's objects, made when it is first drawn with, so that every page can name its font;
 * their contents are written by endFace, once every glyph is known.
 */
function startFace(pdf: Pdf, face: LoadedFont, { resource, personal, compress }: { resource: string; personal: boolean; compress: boolean }): EmbeddedFace {
  const scale = 1000 / face.unitsPerEm;
  // A subset's name starts with a tag of six capitals; one subset of each face per document.
  const baseFont = `${subsetTag(resource)}+${face.name}`;
  // Deflated as it is made, and kept so: pdfkit leaves a stream that names its filter as it is.
  const fontFile = pdf.ref({ ...(face.cff ? { Subtype: 'CIDFontType0C' } : {}), ...(compress ? { Filter: 'FlateDecode' } : {}) });
  const descriptor = pdf.ref({
    Type: 'FontDescriptor',
    FontName: baseFont,
    Flags: 4,
    FontBBox: boundingBox(face).map((value) => Math.round(value * scale)),
    ItalicAngle: 0,
    Ascent: Math.round(face.ascent * scale),
    Descent: Math.round(face.descent * scale),
    CapHeight: Math.round(capHeight(face) * scale),
    StemV: 80,
    [face.cff ? 'FontFile3' : 'FontFile2']: fontFile,
  });
  const widthArray: (number | number[])[] = [];
  const cidFont = pdf.ref({
    Type: 'Font',
    Subtype: face.cff ? 'CIDFontType0' : 'CIDFontType2',
    BaseFont: baseFont,
    CIDSystemInfo: { Registry: new String('Adobe'), Ordering: new String('Identity'), Supplement: 0 },
    FontDescriptor: descriptor,
    DW: DEFAULT_WIDTH,
    W: widthArray,
    ...(face.cff ? {} : { CIDToGIDMap: 'Identity' }),
  });
  const toUnicode = pdf.ref({});
  const font = pdf.ref({ Type: 'Font', Subtype: 'Type0', BaseFont: baseFont, Encoding: 'Identity-H', DescendantFonts: [cidFont], ToUnicode: toUnicode });
  return { face, personal, resource, font, cids: face.cids, texts: new Map(), widths: new Map(), objects: { fontFile, toUnicode, descriptor, cidFont, widthArray } };
}

/** The head table's box around every glyph. */
function boundingBox(face: LoadedFont): number[] {
  const head = face.table('head')!;
  const data = new DataView(head.buffer, head.byteOffset, head.byteLength);
  return [36, 38, 40, 42].map((at) => data.getInt16(at));
}

/** The OS/2 table's cap height, which versions before 2 lack: then the ascent. */
function capHeight(face: LoadedFont): number {
  const os2 = face.table('OS/2');
  const data = os2 && new DataView(os2.buffer, os2.byteOffset, os2.byteLength);
  return data && data.getUint16(0) >= 2 ? data.getInt16(88) : face.ascent;
}

function subsetTag(resource: string): string {
  const number = Number(resource.slice(1));
  return `HND${String.fromCharCode(65 + Math.floor(number / 676) % 26, 65 + Math.floor(number / 26) % 26, 65 + (number % 26))}`;
}

/**
 * The face cut to the glyphs drawn. A CFF face's glyphs are renumbered in their order and keep
 * their CIDs, which the text was written with; a TrueType face keeps each glyph at its id.
 */
function endFace({ font, cids, texts, widths, objects }: EmbeddedFace, file: Uint8Array): void {
  const glyphs = [...widths.keys()].sort((a, b) => a - b);
  const code = (glyph: number) => (cids ? cids[glyph]! : glyph);
  objects.fontFile.end(file);
  objects.widthArray.push(...widthRuns(glyphs.map((glyph) => [code(glyph), widths.get(glyph)!])));
  objects.toUnicode.end(toUnicodeCmap([...texts].filter(([, text]) => text !== '').map(([glyph, text]) => [code(glyph), text])));
  for (const object of [objects.descriptor, objects.cidFont, font]) object.end(undefined);
}

/** Every CJK glyph is an em wide: only other widths are listed. */
export const DEFAULT_WIDTH = 1000;

/** The font program a PDF embeds: a CFF face's CFF table, a TrueType face whole, cut to the glyphs and deflated. */
function fontFile(face: LoadedFont, request: SubsetRequest, compress: boolean): Uint8Array {
  const subset = subsetFont(face.file, request);
  const program = face.cff ? tableOf(subset, 'CFF ')! : subset;
  return compress ? deflateSync(program) : program;
}

/** The PDF's W array: runs of consecutive codes with their widths, but for the default width. */
export function widthRuns(widths: readonly (readonly [code: number, width: number])[]): (number | number[])[] {
  const runs: (number | number[])[] = [];
  let previous = -2;
  for (const [code, width] of [...widths].filter(([, width]) => width !== DEFAULT_WIDTH).sort(([a], [b]) => a - b)) {
    if (code === previous + 1) (runs.at(-1) as number[]).push(width);
    else runs.push(code, [width]);
    previous = code;
  }
  return runs;
}

/** A ToUnicode CMap: each two-byte code to the UTF-16 text it stands for. */
export function toUnicodeCmap(entries: readonly (readonly [code: number, text: string])[]): string {
  const hex = (value: number) => value.toString(16).padStart(4, '0');
  // Written for every face of every form of a batch: a loop, without an array per text.
  const utf16 = (text: string) => {
    let units = '';
    for (let index = 0; index < text.length; index++) units += hex(text.charCodeAt(index));
    return units;
  };
  // Consecutive codes share a line, `<first> <last> [<text> <text> …]`; a code alone has its own.
  const ranges: { first: number; texts: string[] }[] = [];
  for (const [code, text] of [...entries].sort(([a], [b]) => a - b)) {
    const last = ranges.at(-1);
    if (last && last.first + last.texts.length === code && last.texts.length < 100) last.texts.push(utf16(text));
    else ranges.push({ first: code, texts: [utf16(text)] });
  }
  const singles = ranges.filter(({ texts }) => texts.length === 1).map(({ first, texts }) => `<${hex(first)}> <${texts[0]}>`);
  const runs = ranges.filter(({ texts }) => texts.length > 1).map(({ first, texts }) => `<${hex(first)}> <${hex(first + texts.length - 1)}> [${texts.map((text) => `<${text}>`).join(' ')}]`);
  const blocks: string[] = [];
  for (const [lines, kind] of [[singles, 'bfchar'], [runs, 'bfrange']] as const) {
    for (let start = 0; start < lines.length; start += 100) {
      const block = lines.slice(start, start + 100);
      blocks.push(`${block.length} begin${kind}\n${block.join('\n')}\nend${kind}`);
    }
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
