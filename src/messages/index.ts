import { IntlMessageFormat } from 'intl-messageformat';
import en from './catalogs/en.json' with { type: 'json' };
import fil from './catalogs/fil.json' with { type: 'json' };
import ja from './catalogs/ja.json' with { type: 'json' };
import ko from './catalogs/ko.json' with { type: 'json' };
import zhHans from './catalogs/zh-Hans.json' with { type: 'json' };
import zhHant from './catalogs/zh-Hant.json' with { type: 'json' };

/** The id of a message the tool says in a person's language: a key of every catalog. */
export type MessageId = keyof typeof en;
export type MessageValues = Readonly<Record<string, string | number>>;

/** A message the tool says, by id, with the values it names: told in a language by a Speaker. */
export interface Said {
  id: MessageId;
  values?: MessageValues;
}

export function said(id: MessageId, values?: MessageValues): Said {
  return values ? { id, values } : { id };
}

type Catalog = Readonly<Record<MessageId, string>>;

/** The shipped catalogs, by the language they are written in; English is complete and the fallback. */
const CATALOGS: Readonly<Record<string, Partial<Catalog>>> = { en, fil, ja, ko, 'zh-Hans': zhHans, 'zh-Hant': zhHant };
export const CATALOG_LANGUAGES = Object.keys(CATALOGS);
export const MESSAGE_IDS = Object.keys(en) as MessageId[];

/**
 * The catalog a language tag reads from: Chinese by its script (zh-TW is Traditional, zh-CN
 * Simplified), Tagalog as Filipino, any other language by its language subtag.
 */
export function catalogOf(tag: string): string | undefined {
  // A catalog's own name needs no ICU: maximize() loads its likely-subtags data, ~2 ms of every start.
  if (Object.hasOwn(CATALOGS, tag)) return tag;
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(tag).maximize();
  } catch {
    return undefined;
  }
  const name = locale.language === 'zh' ? `zh-${locale.script}` : locale.language === 'tl' ? 'fil' : locale.language;
  return name in CATALOGS ? name : undefined;
}

/** Messages a guide gives for one of its languages, by id, beside (or instead of) the catalog's. */
export type OwnMessages = Readonly<Partial<Record<MessageId, string>>>;

/** Says messages in one language: the guide's own first, then its catalog's, then English. */
export interface Speaker {
  tag: string;
  say(said: Said): string;
  /** The message as this language writes it, before any value is put in. */
  written(id: MessageId): string;
}

export function speakerFor(tag: string, own: OwnMessages = {}): Speaker {
  const catalog = CATALOGS[catalogOf(tag) ?? ''] ?? {};
  const compiled = new Map<MessageId, IntlMessageFormat>();
  const format = (id: MessageId) => {
    const written = own[id] ?? catalog[id];
    // A message the language has no words for is said in English, and formatted as English.
    const message = compiled.get(id) ?? new IntlMessageFormat(written ?? en[id], written === undefined ? 'en' : tag);
    compiled.set(id, message);
    return message;
  };
  return { tag, say: ({ id, values }) => String(format(id).format(values)), written: (id) => own[id] ?? catalog[id] ?? en[id] };
}

/** The message in English, as the command line prints it. */
export const english: Speaker = speakerFor('en');

/** The ids a language has no message for, in its catalog or among the guide's own: these fall back to English. */
export function missingMessages(tag: string, own: OwnMessages = {}): MessageId[] {
  const catalog = CATALOGS[catalogOf(tag) ?? ''] ?? {};
  return MESSAGE_IDS.filter((id) => own[id] === undefined && catalog[id] === undefined);
}

/** The values a message names, as its English text names them. */
export function valuesOf(id: MessageId): ReadonlySet<string> {
  return argumentsOf(new IntlMessageFormat(en[id], 'en').getAst());
}

/** Whether a message id is one the tool says. */
export function isMessageId(id: string): id is MessageId {
  return Object.hasOwn(en, id);
}

/**
 * What is wrong with a message a guide writes for an id, if anything: ICU MessageFormat syntax,
 * or a value the English message does not give (which could never be filled in).
 */
export function messageProblem(id: MessageId, text: string, tag: string): string | undefined {
  let message: IntlMessageFormat;
  try {
    message = new IntlMessageFormat(text, tag);
  } catch (error) {
    // The parser says what is wrong as a code, such as MALFORMED_ARGUMENT.
    return `is not a valid ICU message (${(error as Error).message.split('\n')[0]!.toLowerCase().replaceAll('_', ' ')})`;
  }
  const given = valuesOf(id);
  const unknown = [...argumentsOf(message.getAst())].filter((name) => !given.has(name));
  return unknown.length ? `names ${unknown.map((name) => `{${name}}`).join(', ')}, which this message is not given (it is given ${[...given].map((name) => `{${name}}`).join(', ') || 'no values'})` : undefined;
}

type Ast = ReturnType<IntlMessageFormat['getAst']>;

// The parser's element types that name a value: argument, number, date, time, select and plural.
const VALUE_TYPES = new Set([1, 2, 3, 4, 5, 6]);

function argumentsOf(ast: Ast, names = new Set<string>()): Set<string> {
  for (const element of ast) {
    if (VALUE_TYPES.has(element.type) && 'value' in element && typeof element.value === 'string') names.add(element.value);
    if ('options' in element) for (const option of Object.values(element.options as Record<string, { value: Ast }>)) argumentsOf(option.value, names);
    if ('children' in element) argumentsOf(element.children as Ast, names);
  }
  return names;
}

/** A guide's languages and the page words it writes itself: what its speakers are made from. */
export interface SpokenLanguages {
  languages: { primary: { tag: string }; secondary: { tag: string } };
  ui: Partial<Record<MessageId, { primary?: string; secondary?: string }>>;
}

/** Speakers of the guide's two languages, primary first, each with the words the guide gives in it. */
export function guideSpeakers({ languages, ui }: SpokenLanguages): [Speaker, Speaker] {
  const own = (role: 'primary' | 'secondary'): OwnMessages => Object.fromEntries(Object.entries(ui).flatMap(([id, texts]) => (texts?.[role] === undefined ? [] : [[id, texts[role]]])));
  return [speakerFor(languages.primary.tag, own('primary')), speakerFor(languages.secondary.tag, own('secondary'))];
}
