import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import { digest } from '../checked-files.js';
import { FontError } from '../diagnostics.js';

export type FontRole = 'regular' | 'bold';

/** A parsed font face, shared by the layout (to measure) and the PDF writer (to embed), parsed once per process. */
export interface LoadedFont {
  /** Unique within a font set; the name the PDF writer registers the face under. */
  name: string;
  file: string;
  font: fontkit.Font;
}

/** For each weight, the faces to draw with in order of preference: each character takes the first face that has it. */
export type FontSet = Record<FontRole, readonly LoadedFont[]>;

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

/** The CJK face first: its Latin letters are designed to sit with its Han characters. NotoSans supplies what it lacks, such as ₱ and Ş. */
function fontFiles(): Record<FontRole, readonly string[]> {
  const [notoSansHans, notoSans] = [fontsFolder('@embedpdf/fonts-sc'), fontsFolder('@embedpdf/fonts-latin')];
  return {
    regular: [join(notoSansHans, 'NotoSansHans-Regular.otf'), join(notoSans, 'NotoSans-Regular.ttf')],
    bold: [join(notoSansHans, 'NotoSansHans-Bold.otf'), join(notoSans, 'NotoSans-Bold.ttf')],
  };
}

let cached: Promise<FontSet> | undefined;

/** The fonts every document uses, from the npm registry's packages; never system fonts. */
export function loadFonts(): Promise<FontSet> {
  cached ??= readFonts();
  return cached;
}

// Async only so that a font that cannot be read rejects the promise every caller awaits.
async function readFonts(): Promise<FontSet> {
  const files = fontFiles();
  return { regular: files.regular.map(readFont), bold: files.bold.map(readFont) };
}

function readFont(file: string): LoadedFont {
  try {
    const { bytes, outlines } = readFontFile(file);
    const font = fontkit.create(bytes);
    if (outlines) readOutlinesOnFirstUse(font, { file, bytes, outlines });
    // Named for its file, which here is its PostScript name: reading that from the font's name
    // table took ~1.5 ms a face of every start, and only embedding a subset needs it.
    return { name: basename(file, extname(file)), file, font };
  } catch (cause) {
    throw new FontError('cannot load a font', { file, cause, hint: 'run npm ci to reinstall the font packages' });
  }
}

/** Where a table's bytes are in the font file. */
interface TableRange {
  offset: number;
  length: number;
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
    readRange(0, TABLE_RECORDS_AT);
    readRange(TABLE_RECORDS_AT, TABLE_RECORDS_AT + bytes.readUInt16BE(4) * TABLE_RECORD_BYTES);
    const outlines = tableRange(bytes, OUTLINES);
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

function readInto(descriptor: number, bytes: Buffer, { offset, length }: TableRange, file: string): void {
  for (let done = offset; done < offset + length; ) done += nonEmpty(readSync(descriptor, bytes, done, offset + length - done, done), file);
}

function nonEmpty(count: number, file: string): number {
  if (count === 0) throw new FontError('the font file is shorter than its table directory says', { file, hint: 'run npm ci to reinstall the font packages' });
  return count;
}

/** A table's place, from the file's table directory. */
function tableRange(bytes: Buffer, tag: string): TableRange | undefined {
  for (let index = 0; index < bytes.readUInt16BE(4); index++) {
    const record = TABLE_RECORDS_AT + index * TABLE_RECORD_BYTES;
    if (bytes.toString('latin1', record, record + 4) === tag) return { offset: bytes.readUInt32BE(record + 8), length: bytes.readUInt32BE(record + 12) };
  }
  return undefined;
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
 * Which faces a font set has, each by its name and the checksums of its font's tables, which
 * change with any byte of the font: for keys of what follows from them.
 */
export function facesOf(fonts: FontSet): string[] {
  return [...fonts.regular, ...fonts.bold].map(({ name, font }) => `${name} ${digest(JSON.stringify(font.directory.tables))}`);
}

// A guide asks about the same few thousand characters again and again.
const drawable = new WeakMap<FontSet, Map<string, boolean>>();

/** Whether both weights have a face that can draw the character; whitespace is never drawn, so always can. */
export function canDraw(fonts: FontSet, character: string): boolean {
  const known = drawable.get(fonts) ?? new Map<string, boolean>();
  drawable.set(fonts, known);
  let answer = known.get(character);
  if (answer === undefined) {
    const codePoint = character.codePointAt(0)!;
    answer = /^\s$/u.test(character) || (fonts.regular.some(({ font }) => font.hasGlyphForCodePoint(codePoint)) && fonts.bold.some(({ font }) => font.hasGlyphForCodePoint(codePoint)));
    known.set(character, answer);
  }
  return answer;
}
