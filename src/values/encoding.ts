import iconv from 'iconv-lite';
import { createRequire } from 'node:module';
import { commonCharacters, frequentCharacters } from '../fonts/common-characters.js';

/**
 * The encodings a CSV file is read in: what Excel saves as "CSV UTF-8", as "Unicode text"
 * (UTF-16 with a byte-order mark, tab-separated), and as plain "CSV" on Chinese, Taiwanese,
 * Japanese and Korean Windows (their system code pages, by iconv-lite's names: GB18030 reads
 * GBK too, Shift_JIS is Windows' CP932, EUC-KR is Windows' CP949).
 */
export const CSV_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'gb18030', 'big5', 'shift_jis', 'euc-kr'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

type LegacyEncoding = Exclude<CsvEncoding, 'utf-8' | 'utf-16le' | 'utf-16be'>;

/** What a file that cannot be read may be instead: an encoding not read here, or no text at all. */
export type Lookalike = CsvEncoding | 'windows-1252' | 'utf-16-unmarked' | 'xlsx';

/** The encoding a file is in, or, when that cannot be told for sure, what it most looks like. */
export type DetectedEncoding = { encoding: CsvEncoding } | { likely: Lookalike | undefined };

/** What a legacy encoding's text is written in: the language whose standard it encodes, and that language's scripts. */
const LEGACY: Record<LegacyEncoding, { language: string; letters: RegExp }> = {
  gb18030: { language: 'zh-Hans', letters: /^\p{Script=Han}$/u },
  big5: { language: 'zh-Hant', letters: /^\p{Script=Han}$/u },
  // The prolonged sound mark ー belongs to no one script.
  shift_jis: { language: 'ja', letters: /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]$/u },
  'euc-kr': { language: 'ko', letters: /^\p{Script=Hangul}$/u },
};

const BYTE_ORDER_MARKS: [CsvEncoding, number[]][] = [
  ['utf-8', [0xef, 0xbb, 0xbf]],
  ['utf-16le', [0xff, 0xfe]],
  ['utf-16be', [0xfe, 0xff]],
];

// A reading whose letters score below this is not the file's language at all.
const LEAST_LIKENESS = 0.5;
// Two readings nearer than this are told apart by the detector's confidence alone, which must then be this many times the other's.
const CLOSE_LIKENESS = 0.15;
const CONFIDENCE_RATIO = 1.5;
// The detector's statistics need some text: one person's two- or three-letter name in two
// readings that are both likely is too little to tell them apart.
const FEWEST_LETTERS = 6;

/**
 * Tells a CSV file's encoding from its first bytes. A byte-order mark or valid UTF-8 settles it.
 * Otherwise each legacy code page that decodes the bytes cleanly is scored by how alike its
 * reading is to its own language (letters of that language's scripts, in its standard, most of
 * them in the standard's first level), and jschardet's confidence tells close readings apart:
 * two byte sequences read as Chinese or as Korean are often both valid, rarely both likely.
 */
export function detectEncoding(sample: Uint8Array): DetectedEncoding {
  const marked = BYTE_ORDER_MARKS.find(([, mark]) => mark.every((byte, index) => sample[index] === byte));
  if (marked) return { encoding: marked[0] };
  // No text file of these encodings holds a NUL; a zip file (a workbook saved as .xlsx and chosen in place of its CSV export) begins "PK".
  if (sample.includes(0)) return { likely: sample[0] === 0x50 && sample[1] === 0x4b ? 'xlsx' : 'utf-16-unmarked' };
  if (isUtf8(sample)) return { encoding: 'utf-8' };
  // Read as Chinese, a Western "Muñoz" would be "Mu" and a hanzi: none is printed so.
  if (looksWestern(sample)) return { likely: 'windows-1252' };
  const readings = legacyReadings(sample).filter((reading) => reading.likeness >= LEAST_LIKENESS);
  const best = Math.max(...readings.map((reading) => reading.likeness));
  const close = readings.filter((reading) => best - reading.likeness < CLOSE_LIKENESS);
  if (close.length === 0) return { likely: undefined };
  if (close.length === 1) return { encoding: close[0]!.encoding };
  const confidence = detectorConfidence(sample);
  const [surest, next] = close.map(({ encoding }) => ({ encoding, confidence: confidence(encoding) })).sort((a, b) => b.confidence - a.confidence) as [Ranked, Ranked];
  const enough = Math.min(...close.map((reading) => reading.letters)) >= FEWEST_LETTERS;
  return enough && surest.confidence >= CONFIDENCE_RATIO * next.confidence ? { encoding: surest.encoding } : { likely: surest.encoding };
}

interface Ranked {
  encoding: LegacyEncoding;
  confidence: number;
}

/**
 * The encoding to read a file in: the one asked for, when the bytes read as its text and no
 * other encoding is sure to read them otherwise; else the one detected.
 */
export function chooseEncoding(sample: Uint8Array, asked: CsvEncoding | undefined): DetectedEncoding {
  const detected = detectEncoding(sample);
  if (!asked) return detected;
  const otherwise = 'encoding' in detected && iconv.decode(sample, detected.encoding) !== iconv.decode(sample, asked);
  if (readsAs(sample, asked) && !otherwise) return { encoding: asked };
  return { likely: 'encoding' in detected ? detected.encoding : detected.likely };
}

/** Whether bytes are text in this encoding: they decode without a replacement character, and, for a legacy code page, into letters of its own language. */
function readsAs(sample: Uint8Array, encoding: CsvEncoding): boolean {
  if (!(encoding in LEGACY)) return !iconv.decode(sample, encoding).includes('\uFFFD');
  return legacyReadings(sample).some((reading) => reading.encoding === encoding && reading.likeness >= LEAST_LIKENESS);
}

/**
 * The start of a longer file up to its last whole line, so that no character is cut in two: a
 * line feed is the byte 0x0A, which no double-byte character of these code pages holds, and in
 * UTF-16 (known by its byte-order mark) a code unit on an even byte.
 */
export function wholeLines(start: Uint8Array): Uint8Array {
  const lineFeed = start[0] === 0xff && start[1] === 0xfe ? [0x0a, 0x00] : start[0] === 0xfe && start[1] === 0xff ? [0x00, 0x0a] : [0x0a];
  // A code unit of UTF-16 starts on an even byte.
  const last = start.length - lineFeed.length;
  for (let at = last - (last % lineFeed.length); at >= 0; at -= lineFeed.length) {
    if (lineFeed.every((byte, index) => start[at + index] === byte)) return start.subarray(0, at + lineFeed.length);
  }
  return start;
}

function isUtf8(sample: Uint8Array): boolean {
  try {
    // stream: a character cut at the sample's end is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

interface Reading {
  encoding: LegacyEncoding;
  likeness: number;
  /** How many letters beyond ASCII it holds, which its likeness was measured on. */
  letters: number;
}

/** Each legacy code page that decodes the bytes into text (no replacement, private-use or C1 control character), and how alike that text is to its language. */
function legacyReadings(sample: Uint8Array): Reading[] {
  return (Object.keys(LEGACY) as LegacyEncoding[]).flatMap((encoding) => {
    const text = iconv.decode(sample, encoding);
    return /[\uFFFD\uE000-\uF8FF\x80-\x9F]/u.test(text) ? [] : [{ encoding, ...likeness(text, encoding) }];
  });
}

/**
 * How alike a text is to its code page's language, from 0 to 1: each letter beyond ASCII and
 * its full-width forms counts 1 in the standard's first level, ½ elsewhere in the standard, and
 * 0 in another script or outside the standard. A text with no such letter is alike to every
 * language.
 */
function likeness(text: string, encoding: LegacyEncoding): { likeness: number; letters: number } {
  const { language, letters } = LEGACY[encoding];
  const frequent = frequentCharacters(language)!;
  const common = commonCharacters(language)!;
  let counted = 0;
  let score = 0;
  for (const character of text.match(/[^\x00-\x7f\uff01-\uff5e]/gu) ?? []) {
    if (!/\p{L}/u.test(character)) continue;
    counted += 1;
    const codePoint = character.codePointAt(0)!;
    if (letters.test(character)) score += frequent.has(codePoint) ? 1 : common.has(codePoint) ? 0.5 : 0;
  }
  return { likeness: counted ? score / counted : 1, letters: counted };
}

/** Whether the bytes read as a Western code page's text: each byte beyond ASCII a letter inside a word of ASCII letters. */
function looksWestern(sample: Uint8Array): boolean {
  const words = iconv.decode(sample, 'windows-1252').match(/[^\s,;"]*[^\x00-\x7f][^\s,;"]*/gu) ?? [];
  return words.length > 0 && words.every((word) => /^[\p{L}\p{M}'.-]+$/u.test(word) && /[a-z]/i.test(word));
}

/** jschardet's confidence in each legacy encoding, by the names it gives them and their Windows supersets. */
function detectorConfidence(sample: Uint8Array): (encoding: LegacyEncoding) => number {
  const names: Record<string, LegacyEncoding> = { GB2312: 'gb18030', GB18030: 'gb18030', Big5: 'big5', SHIFT_JIS: 'shift_jis', CP932: 'shift_jis', 'EUC-KR': 'euc-kr', CP949: 'euc-kr' };
  const confidences = new Map<LegacyEncoding, number>();
  for (const { encoding, confidence } of jschardet().detectAll(beyondAscii(sample))) {
    const ours = encoding ? names[encoding] : undefined;
    if (ours) confidences.set(ours, Math.max(confidences.get(ours) ?? 0, confidence));
  }
  return (encoding) => confidences.get(encoding) ?? 0;
}

/**
 * The values that hold bytes beyond ASCII, a space between each: the text the legacy code pages
 * differ in, undiluted by the file's ASCII. Values are split at delimiters, quotes and white
 * space, bytes below 0x40 that no double-byte character holds (a GB18030 four-byte one holds
 * digits, kept with it).
 */
function beyondAscii(sample: Uint8Array): Uint8Array {
  const bytes: number[] = [];
  let value: number[] = [];
  const endValue = () => {
    if (value.some((byte) => byte >= 0x80)) bytes.push(...value, 0x20);
    value = [];
  };
  for (const byte of sample) {
    if (VALUE_ENDS.has(byte)) endValue();
    else value.push(byte);
  }
  endValue();
  return new Uint8Array(bytes);
}

const VALUE_ENDS = new Set([0x09, 0x0a, 0x0d, 0x20, 0x22, 0x2c, 0x3b]);

/**
 * jschardet, loaded at the first file it is needed for: its language models are a megabyte of
 * script, which no UTF-8 file (nor the command line's start) should pay for.
 */
function jschardet(): typeof import('jschardet') {
  return createRequire(import.meta.url)('jschardet') as typeof import('jschardet');
}
