import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import { digest } from '../checked-files.js';
import { FontError } from '../diagnostics.js';
import { cjkFamilyOf, FAMILIES, FAMILY_NAMES, type CjkFamily, type FamilyName } from './families.js';

export { cjkFamilyOf, FAMILY_NAMES, writtenWithoutSpaces, type FamilyName } from './families.js';

export type FontRole = 'regular' | 'bold';

/** A font face, shared by the layout (to measure) and the PDF writer (to embed), parsed at its first use. */
export interface LoadedFont {
  /** Unique within a font set; the name the PDF writer registers the face under. */
  name: string;
  file: string;
  /** The parsed face: the first use reads the file, once a process. */
  readonly font: fontkit.Font;
  /** Whether the face has been read and parsed. */
  readonly parsed: boolean;
  /** The file's table directory (each table's tag, checksum, place and length), read without the rest of the file. */
  readonly tables: readonly TableRecord[];
}

/** Every face the tool ships, each parsed only once a document uses it, and the faces a guide asks for first. */
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

/**
 * A font package's fonts/ folder, where Node would find the package: up from here, in each
 * node_modules. Each package exports only its JavaScript entry, and Node's resolver, to find
 * that, took ~6 ms of every start.
 */
function fontsFolder(packageName: string): string {
  for (let folder = dirname(fileURLToPath(import.meta.url)); ; folder = dirname(folder)) {
    const fonts = join(folder, 'node_modules', packageName, 'fonts');
    if (existsSync(fonts)) return fonts;
    if (dirname(folder) === folder) throw new FontError(`cannot find the font package ${packageName}`, { hint: 'run npm ci to reinstall the font packages' });
  }
}

let cached: Promise<FontSet> | undefined;

/** The faces every document may use, from the npm registry's packages; never system fonts. */
export function loadFonts(): Promise<FontSet> {
  cached ??= findFonts();
  return cached;
}

// Async only so that a missing font package rejects the promise every caller awaits.
async function findFonts(): Promise<FontSet> {
  const families = Object.fromEntries(
    FAMILY_NAMES.map((family) => {
      const { package: packageName, regular, bold } = FAMILIES[family];
      const folder = fontsFolder(packageName);
      return [family, { regular: lazyFace(join(folder, regular)), bold: lazyFace(join(folder, bold)) }];
    }),
  ) as FontSet['families'];
  return { families, preferred: {} };
}

const withPreferences = new WeakMap<FontSet, Map<string, FontSet>>();

/** The same faces, with the families a guide names first for its languages; the same object for the same names. */
export function withPreferredFaces(fonts: FontSet, preferred: Readonly<Record<string, readonly FamilyName[]>>): FontSet {
  if (Object.keys(preferred).length === 0) return fonts;
  const known = withPreferences.get(fonts) ?? new Map<string, FontSet>();
  withPreferences.set(fonts, known);
  const key = JSON.stringify(preferred);
  const set = known.get(key) ?? { families: fonts.families, preferred };
  known.set(key, set);
  return set;
}

/** Every face of the set, in a fixed order. */
export function facesOfSet(fonts: Pick<FontSet, 'families'>): LoadedFont[] {
  return Object.values(fonts.families).flatMap(({ regular, bold }) => [regular, bold]);
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

const chains = new WeakMap<FontSet, Map<string, FontChain>>();

/**
 * The faces a text in a language is set in: the families the guide names for it, then the CJK
 * face of its language, or for another language that of the document's other language (so that
 * Latin letters look alike across the page), then Noto Sans, then the other CJK faces. Every
 * chain has every family, so a name in any of these scripts prints in any text.
 */
export function chainFor(fonts: FontSet, lang: string, documentLangs: readonly string[]): FontChain {
  const known = chains.get(fonts) ?? new Map<string, FontChain>();
  chains.set(fonts, known);
  const key = `${lang} ${documentLangs.join(' ')}`;
  let chain = known.get(key);
  if (!chain) {
    const own = cjkFamilyOf(lang) ?? documentLangs.map(cjkFamilyOf).find((family) => family !== undefined);
    const order = [...new Set<FamilyName>([...(fonts.preferred[lang] ?? []), ...(own ? [own] : []), 'Noto Sans', ...CJK_FALLBACKS[own ?? 'none']])];
    chain = { regular: order.map((family) => fonts.families[family].regular), bold: order.map((family) => fonts.families[family].bold), key: order.join(', ') };
    known.set(key, chain);
  }
  return chain;
}

/** Named for its file, which here is its PostScript name: reading that from the font's name table took ~1.5 ms a face. */
function lazyFace(file: string): LoadedFont {
  let font: fontkit.Font | undefined;
  let tables: TableRecord[] | undefined;
  return {
    name: basename(file, extname(file)),
    file,
    get font() {
      return (font ??= readFont(file));
    },
    get tables() {
      return (tables ??= withFontError(file, () => readTableDirectory(file)));
    },
    get parsed() {
      return font !== undefined;
    },
  };
}

function readFont(file: string): fontkit.Font {
  return withFontError(file, () => {
    const { bytes, outlines } = readFontFile(file);
    const font = fontkit.create(bytes);
    if (outlines) readOutlinesOnFirstUse(font, { file, bytes, outlines });
    return font;
  });
}

function withFontError<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (cause) {
    throw new FontError('cannot load a font', { file, cause, hint: 'run npm ci to reinstall the font packages' });
  }
}

/** Where a table's bytes are in the font file. */
interface TableRange {
  offset: number;
  length: number;
}

/** A table's entry in the file's table directory. */
export interface TableRecord extends TableRange {
  tag: string;
  checkSum: number;
}

// A CJK OpenType font's outlines, its CFF table, are 95% of the file: 8 MB a face that only
// encoding a subset not yet cached reads. A rebuild, or a batch of forms, never needs them.
const OUTLINES = 'CFF ';
const LARGE_TABLE = 1 << 20;
const TABLE_RECORDS_AT = 12;
const TABLE_RECORD_BYTES = 16;

/**
 * The font file, without its outlines when they are large: their place is left zeroed, which
 * costs no memory until written. Read at once: each asynchronous read waited its turn on
 * libuv's threads.
 */
function readFontFile(file: string): { bytes: Buffer; outlines?: TableRange } {
  const descriptor = openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(fstatSync(descriptor).size);
    const readRange = (offset: number, end: number) => readInto(descriptor, bytes, { offset, length: end - offset }, file);
    readDirectoryInto(descriptor, bytes, file);
    const outlines = tableRecords(bytes).find((record) => record.tag === OUTLINES);
    if (!outlines || outlines.length < LARGE_TABLE || outlines.offset + outlines.length > bytes.length) {
      readRange(0, bytes.length);
      return { bytes };
    }
    readRange(0, outlines.offset);
    readRange(outlines.offset + outlines.length, bytes.length);
    return { bytes, outlines };
  } finally {
    closeSync(descriptor);
  }
}

/** The table directory alone: a few hundred bytes at the start of the file. */
function readTableDirectory(file: string): TableRecord[] {
  const descriptor = openSync(file, 'r');
  try {
    const header = Buffer.alloc(TABLE_RECORDS_AT);
    readInto(descriptor, header, { offset: 0, length: TABLE_RECORDS_AT }, file);
    const bytes = Buffer.alloc(TABLE_RECORDS_AT + header.readUInt16BE(4) * TABLE_RECORD_BYTES);
    header.copy(bytes);
    readInto(descriptor, bytes, { offset: TABLE_RECORDS_AT, length: bytes.length - TABLE_RECORDS_AT }, file);
    return tableRecords(bytes);
  } finally {
    closeSync(descriptor);
  }
}

function readDirectoryInto(descriptor: number, bytes: Buffer, file: string): void {
  readInto(descriptor, bytes, { offset: 0, length: TABLE_RECORDS_AT }, file);
  readInto(descriptor, bytes, { offset: TABLE_RECORDS_AT, length: bytes.readUInt16BE(4) * TABLE_RECORD_BYTES }, file);
}

function readInto(descriptor: number, bytes: Buffer, { offset, length }: TableRange, file: string): void {
  for (let done = offset; done < offset + length; ) done += nonEmpty(readSync(descriptor, bytes, done, offset + length - done, done), file);
}

function nonEmpty(count: number, file: string): number {
  if (count === 0) throw new FontError('the font file is shorter than its table directory says', { file, hint: 'run npm ci to reinstall the font packages' });
  return count;
}

/** The records of the table directory at the start of the bytes. */
function tableRecords(bytes: Buffer): TableRecord[] {
  return Array.from({ length: bytes.readUInt16BE(4) }, (_, index) => {
    const record = TABLE_RECORDS_AT + index * TABLE_RECORD_BYTES;
    return { tag: bytes.toString('latin1', record, record + 4), checkSum: bytes.readUInt32BE(record + 4), offset: bytes.readUInt32BE(record + 8), length: bytes.readUInt32BE(record + 12) };
  });
}

/** fontkit's font, as far as finding a table's bytes goes: every table it decodes is found through this. */
interface TableFinder {
  _getTableStream?(tag: string): unknown;
}

/** The outlines are read into their place just before fontkit first decodes them. */
function readOutlinesOnFirstUse(font: fontkit.Font, { file, bytes, outlines }: { file: string; bytes: Buffer; outlines: TableRange }): void {
  const finder = font as unknown as TableFinder;
  const readOutlines = () => readRangeSync(file, bytes, outlines);
  const findTable = finder._getTableStream?.bind(finder);
  if (!findTable) return readOutlines();
  let read = false;
  finder._getTableStream = (tag) => {
    if (tag === OUTLINES && !read) {
      readOutlines();
      read = true;
    }
    return findTable(tag);
  };
}

function readRangeSync(file: string, bytes: Buffer, range: TableRange): void {
  const descriptor = openSync(file, 'r');
  try {
    readInto(descriptor, bytes, range, file);
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Which faces a font set has, each by its name and its table directory, whose checksums change
 * with any byte of the font: for keys of what follows from them. Reads no face's tables.
 */
export function facesOf(fonts: Pick<FontSet, 'families'>): string[] {
  return facesOfSet(fonts).map(({ name, tables }) => `${name} ${digest(JSON.stringify(tables))}`);
}

// A guide asks about the same few thousand characters again and again.
const drawable = new WeakMap<FontChain, Map<string, boolean>>();

/**
 * Whether both weights have a face that can draw the character; whitespace is never drawn, so
 * always can. The faces are asked in the chain's order, so a face is parsed only for a character
 * the faces before it lack.
 */
export function canDraw(chain: FontChain, character: string): boolean {
  const known = drawable.get(chain) ?? new Map<string, boolean>();
  drawable.set(chain, known);
  let answer = known.get(character);
  if (answer === undefined) {
    const codePoint = character.codePointAt(0)!;
    answer = /^\s$/u.test(character) || (chain.regular.some(({ font }) => font.hasGlyphForCodePoint(codePoint)) && chain.bold.some(({ font }) => font.hasGlyphForCodePoint(codePoint)));
    known.set(character, answer);
  }
  return answer;
}
