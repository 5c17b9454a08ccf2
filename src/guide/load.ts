import { CORE_SCHEMA, load } from 'js-yaml';
import { LineCounter, parseDocument, isNode, visit, type Document, type YAMLError } from 'yaml';
import type { ZodIssue } from 'zod';
import { MOST_SOURCE_BYTES, readAtMost } from '../read-limited.js';
import { describeCharacter, GuideError, throwProblems } from '../diagnostics.js';
import { markFolds } from './folds.js';
import { buildGuideSchema, languagesSchema } from './schema.js';
import { FOLD_BESIDE_CJK } from './text.js';
import type { Guide } from './types.js';

/** Whether the fonts can draw a character, in a guide of these languages. */
export type Printable = (character: string, languages: Guide['languages']) => boolean;

export interface GuideOptions {
  /** Whether the fonts can draw a character; every text character must pass when given. */
  printable?: Printable;
}

/** What a guide file holds once validated. */
export type GuideData = Omit<Guide, 'file'>;

/** A guide YAML file's path, or a guide's data as a program holds it, named for messages. */
export type GuideSource = string | { data: unknown; name?: string };

/**
 * Reads a guide and returns it validated and typed. Every problem names its path in the guide
 * (`sections[2].steps[1].en`), and, in a file, its line and column.
 */
export async function loadGuide(source: GuideSource, options: GuideOptions = {}): Promise<Guide> {
  if (typeof source !== 'string') return parseGuideData(source.data, source.name ?? 'guide', options);
  return parseGuide(readGuideFile(source), source, options);
}

/** A guide given as data rather than YAML: the same rules, its problems named by path alone. */
export function parseGuideData(data: unknown, name: string, { printable }: GuideOptions = {}): Guide {
  return { file: name, ...checkGuideData(data, name, { printable, locate: () => undefined }) };
}

export function parseGuide(source: string, file: string, { printable }: GuideOptions = {}): Guide {
  return { file, ...(validQuickly(source, file, { printable }) ?? validateWithPositions(source, file, { printable })) };
}

/** An alias (`*name`) where YAML allows one; a `*` inside a text may match too, which only costs time. */
const MAY_HAVE_ALIAS = /(?:^|[\s,[{])\*[^\s,[\]{}]/m;

/**
 * js-yaml reads a guide in a fifth of the time the yaml package takes from a cold start, but
 * keeps no positions, which a guide without problems never needs. A guide with any problem is
 * read again by the yaml package, whose messages say where it stands.
 */
function validQuickly(source: string, file: string, { printable }: Pick<GuideOptions, 'printable'>): GuideData | undefined {
  // js-yaml has no bound on aliases: a guide that may use them is read by the yaml package, which has.
  if (MAY_HAVE_ALIAS.test(source)) return undefined;
  // js-yaml folds a line break into a space the text may have had: the yaml package tells them apart.
  if (FOLD_BESIDE_CJK.test(source)) return undefined;
  try {
    // The core schema, as the yaml package reads YAML 1.2: dates stay text, and no merge keys.
    const data = checkGuideData(load(source, { schema: CORE_SCHEMA }), file, { locate: () => undefined });
    return !printable || allPrintable(data, printable) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Each distinct character once: a guide has tens of thousands of characters, but a few hundred distinct ones. */
function allPrintable(data: GuideData, printable: Printable): boolean {
  return [...new Set(strings(data, []).map(({ text }) => text).join(''))].every((character) => printable(character, data.languages));
}

function validateWithPositions(source: string, file: string, { printable }: Pick<GuideOptions, 'printable'>): GuideData {
  const yaml = parseYaml(source, file);
  // After the first syntax error YAML's later complaints are mostly echoes of it.
  const [syntaxError] = yaml.document.errors;
  if (syntaxError) throw yamlSyntaxError(syntaxError, { source, lineCounter: yaml.lineCounter, file });
  return checkGuideData(yaml.data, file, { printable, locate: (path) => locateNode(yaml.document, yaml.lineCounter, path), yaml });
}

interface DataCheck extends Pick<GuideOptions, 'printable'> {
  locate: Locate;
  /** The YAML the data was read from, to point at a character inside a text. */
  yaml?: ParsedYaml;
}

/** The schema's rules, then every character against the fonts; all problems of a stage at once. */
function checkGuideData(data: unknown, file: string, { printable, locate, yaml }: DataCheck): GuideData {
  const languages = languagesSchema().safeParse((data as { languages?: unknown } | null)?.languages);
  if (!languages.success) throwProblems(schemaProblems(languages.error.issues, file, locate, ['languages']));
  const keys = { primary: languages.data!.primary.key, secondary: languages.data!.secondary.key };
  const result = buildGuideSchema(languages.data!).safeParse(data);
  if (!result.success) throwProblems(schemaProblems(result.error.issues, file, locate, []));
  if (printable) throwProblems(unprintableProblems(result.data!, { printable, file, locate, yaml, keys }));
  return result.data!;
}

interface ParsedGuideYaml extends ParsedYaml {
  /** The YAML as plain data; undefined when it has errors. */
  data: unknown;
}

function parseYaml(source: string, file: string): ParsedGuideYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true, keepSourceTokens: true });
  if (document.errors.length > 0) return { source, document, lineCounter, data: undefined };
  markFolds(document);
  return { source, document, lineCounter, data: toData(document, { lineCounter, file }) };
}

/** The YAML as plain data; aliases that would repeat a part past the yaml package's bound (an alias bomb) are a guide error at the first alias. */
function toData(document: Document, { lineCounter, file }: { lineCounter: LineCounter; file: string }): unknown {
  try {
    return document.toJS();
  } catch (cause) {
    if (!(cause instanceof ReferenceError)) throw cause;
    let first: number | undefined;
    visit(document, {
      Alias: (_key, node) => {
        first ??= node.range?.[0];
      },
    });
    const position = first === undefined ? undefined : lineCounter.linePos(first);
    throw new GuideError('YAML aliases (*name) here repeat their parts too many times', { file, line: position?.line, column: position?.col, cause, hint: 'write the texts out instead of repeating them with aliases' });
  }
}

// Read at once: a guide is small, and an asynchronous read waits its turn on libuv's threads.
export function readGuideFile(file: string): string {
  let read: ReturnType<typeof readAtMost>;
  try {
    read = readAtMost(file, MOST_SOURCE_BYTES);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : 'cannot be read';
    throw new GuideError(`guide ${reason}`, { file, cause, hint: 'pass a guide YAML file with --guide' });
  }
  if (read.tooLarge) throw new GuideError(`guide is larger than ${MOST_SOURCE_BYTES / 1024 / 1024} MB, far more than a guide needs`, { file, hint: 'check that --guide names the guide YAML file' });
  return read.bytes.toString('utf8');
}

function yamlSyntaxError(error: YAMLError, { source, lineCounter, file }: { source: string; lineCounter: LineCounter; file: string }): GuideError {
  // YAML notices a missing closing quote only at the end of the file; the opening quote is the useful place.
  const unclosed = error.message.startsWith('Missing closing "quote') ? unclosedQuoteOffset(source) : undefined;
  const position = lineCounter.linePos(unclosed ?? error.pos[0]);
  const message = unclosed === undefined ? error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '') : 'this quoted text is never closed';
  const hint = unclosed !== undefined ? 'add the closing quote' : error.code === 'TAB_AS_INDENT' ? 'indent with spaces, not tabs' : 'check the YAML syntax on this line';
  return new GuideError(`YAML syntax: ${message}`, { file, line: position.line, column: position.col, hint });
}

/** Offset of the double quote that opens a string never closed, skipping comments and escapes. */
function unclosedQuoteOffset(source: string): number | undefined {
  let open: number | undefined;
  let comment = false;
  for (let index = 0; index < source.length; index++) {
    const character = source[index];
    if (character === '\n') comment = false;
    if (comment) continue;
    if (open === undefined && character === '#' && /\s/.test(source[index - 1] ?? ' ')) comment = true;
    else if (character === '\\' && open !== undefined) index++;
    else if (character === '"') open = open === undefined ? index : undefined;
  }
  return open;
}

/** Every character of the guide's texts that the fonts cannot draw, once per character and text, at the character itself. */
function unprintableProblems(data: GuideData, options: UnprintableOptions): GuideError[] {
  return strings(data, []).flatMap(({ text, path: dataPath }) => {
    // Texts are read as { primary, secondary }; the YAML writes them with the language keys.
    const path = dataPath.map((part, index) => (index === dataPath.length - 1 && typeof part === 'string' ? (options.keys[part as keyof typeof options.keys] ?? part) : part));
    const unprintable = [...new Set(text)].filter((character) => !options.printable(character, data.languages));
    return unprintable.map((character) => {
      const position = options.yaml ? locateCharacter(options.yaml, path, character) : options.locate(path);
      const message = `character ${describeCharacter(character)} ${character} is in none of the fonts`;
      const hint = 'replace it with a character the fonts have, or remove it';
      return new GuideError(message, { file: options.file, ...position, path: formatPath(path), hint });
    });
  });
}

interface UnprintableOptions extends Required<Pick<DataCheck, 'printable' | 'locate'>>, Pick<DataCheck, 'yaml'> {
  file: string;
  keys: { primary: string; secondary: string };
}

function strings(value: unknown, path: (string | number)[]): { text: string; path: (string | number)[] }[] {
  if (typeof value === 'string') return [{ text: value, path }];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, entry]) => strings(entry, [...path, Array.isArray(value) ? Number(key) : key]));
}

/** Where the character stands in the YAML source, or where its text starts if it is written as an escape. */
function locateCharacter(yaml: ParsedYaml, path: readonly (string | number)[], character: string) {
  const node = yaml.document.getIn(path, true);
  if (!isNode(node) || !node.range) return locateNode(yaml.document, yaml.lineCounter, path);
  const offset = yaml.source.slice(node.range[0], node.range[1]).indexOf(character);
  const { line, col } = yaml.lineCounter.linePos(node.range[0] + Math.max(offset, 0));
  return { line, column: col };
}

interface ParsedYaml {
  source: string;
  document: Document;
  lineCounter: LineCounter;
}

type Locate = (path: readonly (string | number)[]) => { line: number; column: number } | undefined;

function schemaProblems(issues: readonly ZodIssue[], file: string, locate: Locate, prefix: (string | number)[]): GuideError[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    return new GuideError(describeIssue(issue), { file, ...locate(path), path: formatPath(path), hint: 'see docs/writing-a-guide.md' });
  });
}

function describeIssue(issue: ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return `is missing (expected ${issue.expected})`;
  if (issue.code === 'invalid_type') return `must be ${article(issue.expected)}, not ${article(issue.received)}`;
  if (issue.code === 'unrecognized_keys') return `has unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  if (issue.code === 'invalid_enum_value') return `must be one of ${issue.options.map((option) => `"${String(option)}"`).join(', ')}`;
  if (issue.code === 'invalid_literal') return `must be ${JSON.stringify(issue.expected)}`;
  return issue.message.replace(/^String /, '');
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** `sections[2].steps[1].en`: the way a person would point into the YAML. */
function formatPath(path: readonly (string | number)[]): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

/** The deepest YAML node that exists along the path: a missing key is reported where its parent is. */
function locateNode(document: Document, lineCounter: LineCounter, path: readonly (string | number)[]) {
  for (let length = path.length; length >= 0; length--) {
    const node = document.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range) {
      const { line, col } = lineCounter.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return undefined;
}
