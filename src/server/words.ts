import type { Told } from '../diagnostics.js';
import type { Bilingual, Guide } from '../guide/index.js';
import { guideSpeakers, MESSAGE_IDS, valuesOf, type MessageValues, type Said, type Speaker } from '../messages/index.js';

/** A text of the page in both the reader's and the staff's language, each tagged with its language. */
export interface TwoTexts {
  primary: string;
  secondary: string;
  primaryLang: string;
  secondaryLang: string;
  /** Both languages say the same (a brand, a paper name), or the guide is in one language: shown once. */
  once: boolean;
}

/** A problem as a page shows it: its message and hint, each in the guide's two languages. */
export interface ProblemView {
  message: TwoTexts;
  hint: TwoTexts | null;
}

/** The page's own words in the guide's two languages, from the message catalogs and the guide's `ui:` section. */
export interface PageWords {
  speakers: readonly [Speaker, Speaker];
  /** One message in both languages. */
  two(said: Said): TwoTexts;
  /** A guide text in both languages. */
  texts(text: Bilingual): TwoTexts;
  /** A problem told in both languages: as the library told it, or in English where it could not. */
  problem(told: { message: string; hint?: string | undefined; messages: Readonly<Record<string, Told>> }): ProblemView;
  /** Every message, as templates name them: `ui.batch.heading`. */
  ui: Readonly<Record<string, unknown>>;
}

/** The values some of the page's messages always say, such as the most people a batch may hold. */
export type FixedValues = Partial<Record<Said['id'], MessageValues>>;

export function pageWords(guide: Pick<Guide, 'languages' | 'ui'>, fixed: FixedValues = {}): PageWords {
  const speakers = guideSpeakers(guide);
  const [primaryLang, secondaryLang] = speakers.map((speaker) => speaker.tag) as [string, string];
  const pair = (primary: string, secondary: string): TwoTexts => ({ primary, secondary, primaryLang, secondaryLang, once: primary === secondary || secondary === '' || primaryLang === secondaryLang });
  const two = (said: Said) => pair(speakers[0].say(said), speakers[1].say(said));
  const inLanguage = (told: Parameters<PageWords['problem']>[0], tag: string): Told => told.messages[tag] ?? { message: told.message, ...(told.hint === undefined ? {} : { hint: told.hint }) };
  const problem: PageWords['problem'] = (told) => {
    const [first, second] = [inLanguage(told, primaryLang), inLanguage(told, secondaryLang)];
    return { message: pair(first.message, second.message), hint: first.hint === undefined || second.hint === undefined ? null : pair(first.hint, second.hint) };
  };
  return { speakers, two, texts: (text) => pair(text.primary, text.secondary), problem, ui: uiTree(MESSAGE_IDS.filter((id) => id.split('.').length === 2 && (fixed[id] || valuesOf(id).size === 0)).map((id) => [id, two({ id, values: fixed[id] })])) };
}

/** `batch.heading` as `{ batch: { heading } }`, which a template reaches as `ui.batch.heading`. */
function uiTree(entries: readonly [string, TwoTexts][]): Record<string, unknown> {
  const tree: Record<string, Record<string, unknown>> = {};
  for (const [id, text] of entries) {
    const parts = id.split('.');
    let node: Record<string, unknown> = tree;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts.at(-1)!] = text;
  }
  return tree;
}
