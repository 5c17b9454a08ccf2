import { jaModel, Parser, zhHansModel, zhHantModel } from 'budoux';
import LineBreaker from 'linebreak';
import { cjkFamilyOf, type CjkFamily } from '../fonts/families.js';

/** A piece of text between two places a line may end, the line break after it included. */
export interface Segment {
  text: string;
  /**
   * Whether the place after it is between two phrases (BudouX's, in Chinese and Japanese) or two
   * words, rather than between two characters of one phrase. Always true at the text's end.
   */
  phraseEnd: boolean;
}

/**
 * The text cut at every place a line may end in the language, as a reader of it expects:
 * UAX #14's opportunities (Latin words whole; kinsoku: no closing punctuation starting a line,
 * no opening one ending it); in Korean only between words, as CSS `word-break: keep-all`; and
 * in any CJK text never after the hyphen of a Latin word (`I-Card`).
 */
export function breakSegments(text: string, lang: string): Segment[] {
  const phrases = phraseBoundaries(text, lang);
  const family = cjkFamilyOf(lang);
  const segments: Segment[] = [];
  let start = 0;
  for (const position of lineBreakOpportunities(text)) {
    if (position < text.length && !allowedIn(family, text, position)) continue;
    segments.push({ text: text.slice(start, position), phraseEnd: position === text.length || phrases.has(position) });
    start = position;
  }
  return segments;
}

/** The same pieces joined so that a line ends only between phrases: for headings, titles and labels. */
export function phraseSegments(text: string, lang: string): Segment[] {
  const phrases: Segment[] = [];
  let pending = '';
  for (const segment of breakSegments(text, lang)) {
    pending += segment.text;
    if (!segment.phraseEnd) continue;
    phrases.push({ text: pending, phraseEnd: true });
    pending = '';
  }
  return phrases;
}

/**
 * Places between phrases: after a space anywhere, and in Chinese and Japanese where BudouX's
 * model (the one Chrome's `word-break: auto-phrase` uses) ends a phrase.
 */
export function phraseBoundaries(text: string, lang: string): Set<number> {
  const boundaries = new Set<number>();
  for (const space of text.matchAll(/\s+/gu)) boundaries.add(space.index + space[0].length);
  const parser = phraseParser(cjkFamilyOf(lang));
  if (!parser) return boundaries;
  let position = 0;
  for (const phrase of parser.parse(text)) boundaries.add((position += phrase.length));
  return boundaries;
}

const parsers = new Map<CjkFamily, Parser>();
const MODELS: Partial<Record<CjkFamily, ConstructorParameters<typeof Parser>[0]>> = {
  'Noto Sans SC': zhHansModel,
  'Noto Sans TC': zhHantModel,
  'Noto Sans JP': jaModel,
};

function phraseParser(family: CjkFamily | undefined): Parser | undefined {
  const model = family && MODELS[family];
  if (!model) return undefined;
  const parser = parsers.get(family) ?? new Parser(model);
  parsers.set(family, parser);
  return parser;
}

function lineBreakOpportunities(text: string): number[] {
  const breaker = new LineBreaker(text);
  const positions: number[] = [];
  for (let next = breaker.nextBreak(); next; next = breaker.nextBreak()) if (next.position > 0) positions.push(next.position);
  return positions;
}

// Letters, digits and marks: what CSS `keep-all` calls typographic letter units.
const LETTER = /[\p{L}\p{N}\p{M}]/u;
const LATIN_OR_DIGIT = /[\p{Script=Latin}\p{N}]/u;
const HYPHEN = /[-\u2010]/u;

function allowedIn(family: CjkFamily | undefined, text: string, position: number): boolean {
  if (!family) return true;
  const before = text[position - 1]!;
  const after = text[position]!;
  if (family === 'Noto Sans KR' && LETTER.test(before) && LETTER.test(after)) return false;
  return !(HYPHEN.test(before) && LATIN_OR_DIGIT.test(text[position - 2] ?? '') && LATIN_OR_DIGIT.test(after));
}
