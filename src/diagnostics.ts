import { english, type Said, type Speaker } from './messages/index.js';

export { said, type Said } from './messages/index.js';

/** Where a problem is: a file and, when known, a 1-based line and column; or a data path inside it. */
export interface SourcePosition {
  file?: string;
  line?: number;
  column?: number;
  /** A data path such as `sections[2].steps[1].en`, a form field id, or a CLI option such as `--paper`. */
  path?: string;
  /** A CSV data row, counting the header as row 1 as spreadsheets do. */
  row?: number;
  /** The form field's label in the guide's languages, beside its id (the path), for a person who knows the form by its labels. */
  label?: string;
}

/** A problem's message and hint as one language says them. */
export interface Told {
  message: string;
  hint?: string;
}

export interface DiagnosticOptions extends SourcePosition {
  hint?: string | Said;
  cause?: unknown;
  /** The problem as the guide's languages say it, by language tag. */
  messages?: Readonly<Record<string, Told>>;
}

/**
 * A mistake in the user's input or environment. The CLI prints these as one line
 * (`file:line:column: message (hint: ...)`) without a stack trace; anything else is a bug.
 */
export class HandoutsError extends Error {
  readonly position: SourcePosition;
  readonly hint: string | undefined;
  /** What the message and hint say, by message id, where the problem is one a person filling in a form can meet. */
  readonly said: { message: Said; hint?: Said } | undefined;
  /** The message and hint in the guide's languages, by language tag: told once the library knows the guide (see `toldIn`). */
  readonly messages: Readonly<Record<string, Told>>;

  constructor(message: string | Said, options: DiagnosticOptions = {}) {
    super(typeof message === 'string' ? message : english.say(message), options.cause === undefined ? undefined : { cause: options.cause });
    const { hint, cause: _cause, messages = {}, ...position } = options;
    this.position = position;
    this.hint = typeof hint === 'string' || hint === undefined ? hint : english.say(hint);
    this.said = typeof message === 'string' ? undefined : { message, ...(typeof hint === 'object' ? { hint } : {}) };
    this.messages = messages;
    this.name = new.target.name;
  }

  /** The same problem, placed more exactly: a CSV row's problem found while laying out its form, say. */
  at(position: SourcePosition): HandoutsError {
    return this.again({ ...this.position, ...position, messages: this.messages });
  }

  /** The same problem told in these languages (the guide's), for the people filling in its form. */
  toldIn(speakers: readonly Speaker[]): HandoutsError {
    const { said: what } = this;
    if (!what) return this;
    const tell = (speaker: Speaker): Told => ({ message: speaker.say(what.message), ...(what.hint ? { hint: speaker.say(what.hint) } : {}) });
    return this.again({ ...this.position, messages: Object.fromEntries(speakers.map((speaker) => [speaker.tag, tell(speaker)])) });
  }

  private again(options: DiagnosticOptions): HandoutsError {
    const Kind = this.constructor as new (message: string | Said, options: DiagnosticOptions) => HandoutsError;
    return new Kind(this.said?.message ?? this.message, { ...options, hint: this.said?.hint ?? this.hint, cause: this.cause });
  }

  /** Process exit code the CLI uses for this kind of problem: 1 bad input, 2 usage, 3 output, 130 interrupted. */
  get exitCode(): number {
    return 1;
  }

  /** The one line a user sees. */
  format(): string {
    const where = formatPosition(this.position);
    const hint = this.hint ? ` (hint: ${this.hint})` : '';
    return `${where ? `${where}: ` : ''}${this.message}${hint}`;
  }
}

export class GuideError extends HandoutsError {}
export class TemplateError extends HandoutsError {}
export class MarkupError extends HandoutsError {}
export class LayoutError extends HandoutsError {}
export class FontError extends HandoutsError {}
/** A form value that does not fit its field; the message never repeats the value. */
export class ValueError extends HandoutsError {}
export class OutputError extends HandoutsError {
  override get exitCode(): number {
    return 3;
  }
}
/** The user pressed Ctrl-C; what was complete is kept. */
export class InterruptedError extends HandoutsError {
  override get exitCode(): number {
    return 130;
  }
}
export class UsageError extends HandoutsError {
  override get exitCode(): number {
    return 2;
  }
}

export function formatPosition({ file, line, column, path, row, label }: SourcePosition): string {
  const parts: string[] = [];
  if (file) parts.push(line ? `${file}:${line}${column ? `:${column}` : ''}` : file);
  if (row !== undefined) parts.push(`row ${row}`);
  if (path) parts.push(label ? `${path} (${label})` : path);
  return parts.join(': ');
}

/** Something worth knowing that does not stop the run; collected and printed at the end. */
export interface Warning {
  message: string;
  position: SourcePosition;
  hint?: string;
}

export function formatWarning({ message, position, hint }: Warning): string {
  const where = formatPosition(position);
  return `warning: ${where ? `${where}: ` : ''}${message}${hint ? ` (hint: ${hint})` : ''}`;
}

/** Several problems found in one pass, reported together: one line each. */
export class ProblemList extends HandoutsError {
  readonly problems: readonly HandoutsError[];

  constructor(problems: readonly HandoutsError[]) {
    super(`${problems.length} problems`);
    this.problems = problems;
  }

  override toldIn(speakers: readonly Speaker[]): ProblemList {
    return new ProblemList(this.problems.map((problem) => problem.toldIn(speakers)));
  }

  override get exitCode(): number {
    return Math.max(...this.problems.map((problem) => problem.exitCode));
  }

  override format(): string {
    return this.problems.map((problem) => problem.format()).join('\n');
  }
}

/** Throws the single problem as itself, several as a ProblemList (each distinct one once), none not at all. */
export function throwProblems(problems: readonly HandoutsError[]): void {
  const distinct = [...new Map(problems.map((problem) => [problem.format(), problem])).values()];
  if (distinct.length === 1) throw distinct[0];
  if (distinct.length > 1) throw new ProblemList(distinct);
}

/**
 * Runs the action on every item, gathering the user-facing problems of all of them instead of
 * stopping at the first, then throws them together. Anything else is a bug and is rethrown.
 */
export async function collectProblems<T, R>(items: readonly T[], action: (item: T) => R | Promise<R>): Promise<R[]> {
  const problems: HandoutsError[] = [];
  const results: R[] = [];
  for (const item of items) {
    try {
      results.push(await action(item));
    } catch (error) {
      if (error instanceof ProblemList) problems.push(...error.problems);
      else if (error instanceof HandoutsError) problems.push(error);
      else throw error;
    }
  }
  throwProblems(problems);
  return results;
}

/** A character as messages name it: `U+202E`. */
export function describeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
