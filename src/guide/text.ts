// C0/C1 controls other than ordinary whitespace, and bidirectional overrides/isolates, can hide or
// reorder what a reader sees, and XML cannot carry most of them.
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
/**
 * Characters between which a line break meant no space: Han, kana, CJK and full-width
 * punctuation. Not Hangul, nor half-width Hangul: Korean is written with spaces between words.
 */
const CJK = /[\p{Script=Han}\u3000-\u30FF\u31F0-\u31FF\uFF01-\uFF9F\uFFE0-\uFFE6]/u;
/** Quotation marks set full width in CJK text, as CJK beside a CJK character. */
const QUOTE = /[\u2018\u2019\u201C\u201D]/u;
/** Full-width punctuation, which carries its own blank: no space beside it, whatever the other side. */
const FULL_WIDTH_PUNCTUATION = /[\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65]/u;
/** Where a YAML line break stood, in a text read with folding marked (see markFolds). */
export const FOLD = '\uFDD0';
const LINE_BREAK = new RegExp(`[ \\t]*(?:${FOLD}|\\r?\\n)\\s*`, 'gu');

export function findForbiddenCharacter(text: string): string | undefined {
  return FORBIDDEN_CHARACTER.exec(text)?.[0];
}

/**
 * A guide text is one paragraph: a line break, whether YAML folded it or kept it, disappears
 * between two CJK characters other than Hangul, and beside full-width punctuation, and becomes
 * one space elsewhere; other runs of whitespace become one space.
 */
export function normalizeText(text: string): string {
  const joined = text.replace(LINE_BREAK, (found, offset: number, whole: string) => joinLine(whole[offset - 1] ?? '', whole[offset + found.length] ?? ''));
  return joined.replace(/\s+/gu, ' ').trim();
}

function joinLine(before: string, after: string): string {
  const cjk = (character: string) => CJK.test(character);
  const punctuation = (character: string) => FULL_WIDTH_PUNCTUATION.test(character);
  const joins = (cjk(before) && (cjk(after) || QUOTE.test(after))) || (QUOTE.test(before) && cjk(after)) || punctuation(before) || punctuation(after);
  return joins ? '' : ' ';
}

const CJK_OR_QUOTE = `[${CJK.source.slice(1, -1)}${QUOTE.source.slice(1, -1)}]`;
/** Matches where some line of the YAML ends in a CJK character or the next one starts with one: a fold the text may join. */
export const FOLD_BESIDE_CJK = new RegExp(`${CJK_OR_QUOTE}[ \\t]*\\r?\\n|\\n[ \\t]*${CJK_OR_QUOTE}`, 'u');
