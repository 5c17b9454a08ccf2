// C0/C1 controls other than ordinary whitespace, and bidirectional overrides/isolates, can hide or
// reorder what a reader sees, and XML cannot carry most of them.
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
const HAN_OR_FULLWIDTH = '\\p{Script=Han}\\u3000-\\u303F\\uFF00-\\uFFEF';
const SPACE_BETWEEN_HAN = new RegExp(`(?<=[${HAN_OR_FULLWIDTH}]) (?=[${HAN_OR_FULLWIDTH}])`, 'gu');

export function findForbiddenCharacter(text: string): string | undefined {
  return FORBIDDEN_CHARACTER.exec(text)?.[0];
}


/** A guide text is one paragraph: YAML line folding and indentation become single spaces. */
export function normalizeText(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** In CJK text, a space between two Chinese characters was a folded line, never a space: it goes. */
export function joinLinesBetweenHan(text: string): string {
  return text.replace(SPACE_BETWEEN_HAN, '');
}
