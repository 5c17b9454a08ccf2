import { basename, extname, join } from 'node:path';
import { FontError } from '../diagnostics.js';
import { cjkFamilyOf, FAMILIES, FAMILY_NAMES, type CjkFamily, type FamilyName } from './families.js';
import { cidsOf, tableRecords, type TableRecord } from './tables.js';
import { readingFile } from './font-file.js';
import { packageFolder } from './packages.js';
import { openShapingFace, type ShapedGlyph, type ShapingFace } from './shaper.js';

export { cjkFamilyOf, FAMILY_NAMES, writtenWithoutSpaces, type FamilyName } from './families.js';
export { cidsOf, tableOf, type TableRecord } from './tables.js';
export { BESIDE_CFF_OUTLINES, subsetFont, type SubsetRequest } from './subset.js';
export { cutFieldFont, fieldCharacters, uncommonCharacters, type FieldFont } from './field-font.js';
export type { ShapedGlyph } from './shaper.js';

export type FontRole = 'regular' | 'bold';

/** A font face, read and opened in HarfBuzz at its first use, for the layout to shape with and the PDF writer to embed. */
export interface LoadedFont {
  /** Unique within a font set; the name the PDF writer knows the face by. */
  name: string;
  file: string;
  /** Whether the outlines are CFF (CID-keyed in every CJK face here) rather than TrueType. */
  readonly cff: boolean;
  readonly unitsPerEm: number;
  /** The hhea table's ascender and descender, in font units (the descender negative). */
  readonly ascent: number;
  readonly descent: number;
  /** Whether the face has been read and opened. */
  readonly opened: boolean;
  /** The file's table directory, read without the rest of the file: tells this face from any other. */
  readonly tables: readonly TableRecord[];
  has(codePoint: number): boolean;
  /** Glyph id → CID, for a CID-keyed CFF face, whose glyphs a PDF addresses by CID; read once. */
  readonly cids: readonly number[] | undefined;
  /** A copy of one of the face's tables but its CFF outlines, by tag, if it has it. */
  table(tag: string): Uint8Array | undefined;
  /** The glyph the face's cmap gives a character, if any. */
  glyph(codePoint: number): number | undefined;
  /** The text shaped by HarfBuzz in the language given, with OpenType features such as `halt`. */
  shape(text: string, options: { lang: string; features?: readonly string[] | undefined }): ShapedGlyph[];
  /** A glyph's nominal advance, in font units: what the PDF's width array says of it. */
  advance(glyph: number): number;
}

/** Every face the tool ships, each read only once a document uses it, and the faces a guide asks for first. */
export interface FontSet {
  families: Readonly<Record<FamilyName, Readonly<Record<FontRole, LoadedFont>>>>;
  /** Families a guide names first for its texts in a language, by language tag (a house style). */
  preferred: Readonly<Record<string, readonly FamilyName[]>>;
}

/** For each weight, the faces to draw with in order of preference: each character takes the first face that has it. */
export interface FontChain {
  regular: readonly LoadedFont[];
  bold: readonly LoadedFont[];
  /** The families in order, which tells this chain from any other. */
  key: string;
}

/** A font package's fonts/ folder. */
function fontsFolder(packageName: string): string {
  const folder = packageFolder(packageName, 'fonts');
  if (!folder) throw new FontError(`cannot find the font package ${packageName}`, { hint: 'run npm ci to reinstall the font packages' });
  return folder;
}

let found: FontSet | undefined;

/**
 * The faces every document may use, from the npm registry's packages (never system fonts), each
 * read at its first use: enough to tell them apart (fontsKey) before anything is shaped.
 */
export function findFonts(): FontSet {
  found ??= {
    families: Object.fromEntries(
      FAMILY_NAMES.map((family) => {
        const { package: packageName, regular, bold } = FAMILIES[family];
        const folder = fontsFolder(packageName);
        return [family, { regular: lazyFace(join(folder, regular)), bold: lazyFace(join(folder, bold)) }];
      }),
    ) as FontSet['families'],
    preferred: {},
  };
  return found;
}

/** The same faces, for a caller that awaits them: HarfBuzz starts as the first face is opened. */
export async function loadFonts(): Promise<FontSet> {
  return findFonts();
}

/** The same faces, with the families a guide names first for its languages. */
export function withPreferredFaces(fonts: FontSet, preferred: Readonly<Record<string, readonly FamilyName[]>>): FontSet {
  return Object.keys(preferred).length === 0 ? fonts : { families: fonts.families, preferred };
}

/** Every face of the set, in a fixed order. */
export function facesOfSet(fonts: Pick<FontSet, 'families'>): LoadedFont[] {
  return Object.values(fonts.families).flatMap(({ regular, bold }) => [regular, bold]);
}

/** What tells a font set from another: each face's name and table directory (whose checksums change with any byte), and the guide's preferences. */
export function fontsKey(fonts: FontSet): unknown {
  return { faces: facesOfSet(fonts).map(({ name, tables }) => [name, tables]), preferred: fonts.preferred };
}

/**
 * Behind a language's own CJK face, the others, nearest forms first: Traditional and Simplified
 * Chinese stand in for each other, and Japanese and Korean Han are closer to Traditional.
 */
const CJK_FALLBACKS: Record<CjkFamily | 'none', readonly CjkFamily[]> = {
  'Noto Sans SC': ['Noto Sans TC', 'Noto Sans JP', 'Noto Sans KR'],
  'Noto Sans TC': ['Noto Sans SC', 'Noto Sans JP', 'Noto Sans KR'],
  'Noto Sans JP': ['Noto Sans TC', 'Noto Sans SC', 'Noto Sans KR'],
  'Noto Sans KR': ['Noto Sans TC', 'Noto Sans SC', 'Noto Sans JP'],
  none: ['Noto Sans SC', 'Noto Sans TC', 'Noto Sans JP', 'Noto Sans KR'],
};

/**
 * The faces a text in a language is set in: the families the guide names for it, then the CJK
 * face of its language, or for another language that of the document's other language (so that
 * Latin letters look alike across the page), then Noto Sans, then the other CJK faces. Every
 * chain has every family, so a name in any of these scripts prints in any text.
 */
export function chainFor(fonts: FontSet, lang: string, documentLangs: readonly string[]): FontChain {
  const own = cjkFamilyOf(lang) ?? documentLangs.map(cjkFamilyOf).find((family) => family !== undefined);
  const order = [...new Set<FamilyName>([...(fonts.preferred[lang] ?? []), ...(own ? [own] : []), 'Noto Sans', ...CJK_FALLBACKS[own ?? 'none']])];
  return { regular: order.map((family) => fonts.families[family].regular), bold: order.map((family) => fonts.families[family].bold), key: order.join(', ') };
}

/** Whether both weights have a face that can draw the character; whitespace is never drawn, so always can. */
export function canDraw(chain: FontChain, character: string): boolean {
  const codePoint = character.codePointAt(0)!;
  const inChain = (faces: readonly LoadedFont[]) => faces.some((face) => face.has(codePoint));
  return /^\s$/u.test(character) || (inChain(chain.regular) && inChain(chain.bold));
}

/** Named for its file, which here is its PostScript name. */
function lazyFace(file: string): LoadedFont {
  let opened: OpenedFace | undefined;
  let tables: TableRecord[] | undefined;
  let cids: number[] | undefined;
  const open = () => (opened ??= withFontError(file, () => openFace(file, face.tables)));
  const face: LoadedFont = {
    name: basename(file, extname(file)),
    file,
    get cff() {
      return this.tables.some((table) => table.tag === OUTLINES);
    },
    get unitsPerEm() {
      return open().face.unitsPerEm;
    },
    get ascent() {
      return open().ascent;
    },
    get descent() {
      return open().descent;
    },
    get cids() {
      const outlines = this.tables.find((table) => table.tag === OUTLINES);
      return outlines && (cids ??= withFontError(file, () => readCids(file, outlines)));
    },
    get opened() {
      return opened !== undefined;
    },
    get tables() {
      return (tables ??= withFontError(file, () => readTableDirectory(file)));
    },
    table: (tag) => open().face.table(tag),
    has: (codePoint) => open().face.glyph(codePoint) !== undefined,
    glyph: (codePoint) => open().face.glyph(codePoint),
    shape: (text, options) => open().face.shape(text, options),
    advance: (glyph) => open().face.advance(glyph),
  };
  return face;
}

interface OpenedFace {
  face: ShapingFace;
  ascent: number;
  descent: number;
}

/**
 * Shaping never reads a face's outlines, and a CJK face's CFF table is nine tenths of its file
 * (8 MB): HarfBuzz opens the face from every other table, and of the CFF table only what tells
 * the CIDs is read, as a document is drawn. A build read and copied each CJK face whole in
 * 20–30 ms; the subsetter reads the whole file itself.
 */
const OUTLINES = 'CFF ';

/** The face opened in HarfBuzz, which copies the bytes it is given. */
function openFace(file: string, tables: readonly TableRecord[]): OpenedFace {
  const face = openShapingFace(readFaceFile(file, tables.filter((table) => table.tag !== OUTLINES)));
  const hhea = face.table('hhea');
  if (!hhea) throw new Error('the font has no hhea table');
  const view = new DataView(hhea.buffer, hhea.byteOffset, hhea.byteLength);
  return { face, ascent: view.getInt16(4), descent: view.getInt16(6) };
}

function withFontError<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (cause) {
    throw new FontError('cannot load a font', { file, cause, hint: 'run npm ci to reinstall the font packages' });
  }
}

/** The table directory alone: a few hundred bytes at the start of the file. */
function readTableDirectory(file: string): TableRecord[] {
  return readingFile(file, (read) => {
    const header = read(new Uint8Array(12), 0);
    return tableRecords(read(new Uint8Array(12 + 16 * ((header[4]! << 8) | header[5]!)), 0));
  });
}

/** A CFF face's CIDs, read from the charset its table points to: some kilobytes of its 8 MB. */
function readCids(file: string, outlines: TableRecord): number[] {
  return readingFile(file, (read) => cidsOf((at, length) => read(new Uint8Array(Math.min(length, outlines.length - at)), outlines.offset + at)));
}

/** An OpenType file of the face's tables given, in their order, each read straight from its place in the face's file. */
function readFaceFile(file: string, tables: readonly TableRecord[]): Uint8Array {
  const starts: number[] = [];
  let end = 12 + 16 * tables.length;
  for (const { length } of tables) {
    starts.push(end);
    // Each table starts on a 4-byte boundary.
    end += (length + 3) & ~3;
  }
  const bytes = new Uint8Array(end);
  const data = new DataView(bytes.buffer);
  return readingFile(file, (read) => {
    read(bytes.subarray(0, 4), 0);
    data.setUint16(4, tables.length);
    tables.forEach(({ tag, checkSum, offset, length }, index) => {
      const record = 12 + 16 * index;
      for (let letter = 0; letter < 4; letter++) bytes[record + letter] = tag.charCodeAt(letter);
      data.setUint32(record + 4, checkSum);
      data.setUint32(record + 8, starts[index]!);
      data.setUint32(record + 12, length);
      read(bytes.subarray(starts[index]!, starts[index]! + length), offset);
    });
    return bytes;
  });
}
