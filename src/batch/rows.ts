import { HandoutsError, InterruptedError, ProblemList, said, ValueError, type SourcePosition, type Warning } from '../diagnostics.js';
import type { Speaker } from '../messages/index.js';
import type { DocumentTree } from '../document/index.js';
import type { FontSet } from '../fonts/index.js';
import { prefillDocument, type LaidOutDocument, type PairLayout } from '../layout/index.js';
import type { FormField } from '../guide/index.js';
import { renderPdf, type RenderOptions } from '../pdf/index.js';
import { entriesOf, readCsvRows, validateValues, type CsvEncoding, type CsvSource, type FormValues, type RawValues } from '../values/index.js';

/** The blank form, laid out, that each row's values are printed into, and what it is drawn with. */
export interface BatchForm {
  name: string;
  fields: readonly FormField[];
  document: DocumentTree;
  fonts: FontSet;
  date: Date;
  pairs: PairLayout;
  blank: LaidOutDocument;
  pdfa?: boolean | undefined;
  /** The guide's two languages, which the problems of a person's answers are told in. */
  speakers: readonly Speaker[];
  /** Keeps the font files of the form's own glyphs, the same for every person (a person's answers are cut apart). */
  keepFontFiles: RenderOptions['keepFontFiles'];
}

export interface BatchOptions {
  csv: CsvSource;
  /** The file's encoding, when it is not to be told from its bytes. */
  encoding?: CsvEncoding | undefined;
  /** Values for every row, such as date=today; a row's own non-empty cells win. */
  defaults: RawValues;
  showSensitive: boolean;
  today: string;
  /** Draw the good rows even if some are bad; otherwise any bad row stops the batch, and no form is kept. */
  skipInvalid: boolean;
  /** The most people a file may hold; any number when absent, 1,000 for a batch in memory. */
  mostRows?: number | undefined;
  /** Told once every row is checked, before any form is drawn, by a batch drawn in memory. */
  onChecked?: (checked: { valid: number; skipped: number }) => void;
  /** Told after each form is drawn; into a folder, after each row. */
  onProgress?: (done: number, total: number) => void;
  /** Asked before each row; true stops the batch (InterruptedError), and no form is kept. */
  shouldStop?: () => boolean;
}

export interface BatchReport {
  /** Every bad row's problems, each naming its row and field, never its value. */
  problems: readonly HandoutsError[];
  warnings: readonly Warning[];
  skipped: number;
}

/** A good row's form, laid out as its row was checked. */
export interface GoodRow {
  row: number;
  layout: LaidOutDocument;
}

/** A batch's one pass over its CSV file. */
export interface RowCheck {
  /**
   * Each good row's form, laid out once, as its row is checked: a batch draws it from here. The
   * rows after a bad one are still checked, so that every bad row is told at once; at the end the
   * bad rows are thrown (a ProblemList) unless skipInvalid.
   */
  forms: AsyncGenerator<GoodRow>;
  /** True once a bad row has stopped the batch: no more forms are to be drawn. */
  stopped(): boolean;
  /** How many rows are checked so far. */
  checked(): number;
  /** Once the forms are all taken: the bad rows (told in the guide's languages), the warnings and the good rows' count. */
  report(): BatchReport & { valid: number; lastRow: number };
}

// A file of bad rows may have a million of them: each is counted, the first few kept in full.
const MOST_PROBLEMS_KEPT = 100;
// The pass lets the event loop turn this often, so Ctrl-C and other requests are heard.
const TURN_MS = 50;

/** Every row of the batch's file checked (values and fit), in one pass that lays out each good row's form once. */
export function checkRows(form: BatchForm, options: BatchOptions): RowCheck {
  const problems = keptFirst<HandoutsError>();
  const warnings = keptFirst<Warning>();
  let [valid, skipped, lastRow] = [0, 0, 1];
  const stopped = () => skipped > 0 && !options.skipInvalid;
  const listed = () => problems.list(moreProblems(options.csv)).map((problem) => problem.toldIn(form.speakers));
  async function* forms(): AsyncGenerator<GoodRow> {
    try {
      for await (const record of turning(csvRows(form, options), options)) {
        if (options.mostRows !== undefined && record.row - 1 > options.mostRows) throw tooManyRows(options.csv, options.mostRows);
        lastRow = record.row;
        const result = 'problem' in record ? { problems: [record.problem], warnings: [] } : checkRow(form, record.raw, { ...options, row: record.row });
        problems.add(result.problems);
        warnings.add(result.warnings);
        if (!('layout' in result)) skipped += 1;
        else {
          valid += 1;
          yield { row: record.row, layout: result.layout };
        }
      }
    } catch (error) {
      throw toldIn(form, error);
    }
    if (stopped()) throw new ProblemList(listed());
  }
  return { forms: forms(), stopped, checked: () => valid + skipped, report: () => ({ problems: listed(), warnings: warnings.list(), skipped, valid, lastRow }) };
}

/** The rows of a batch's file and the number of its last, read without checking them: what its progress and file names are told from. */
export async function countRows(form: BatchForm, options: BatchOptions): Promise<{ rows: number; lastRow: number }> {
  let [rows, lastRow] = [0, 1];
  try {
    for await (const record of turning(csvRows(form, options), options)) [rows, lastRow] = [rows + 1, record.row];
  } catch (error) {
    throw toldIn(form, error);
  }
  return { rows, lastRow };
}

/** A problem of the file or its rows, told in the guide's languages. */
function toldIn(form: BatchForm, error: unknown): unknown {
  return error instanceof HandoutsError ? error.toldIn(form.speakers) : error;
}

/** The records, with the event loop let turn every TURN_MS so that Ctrl-C is heard, and shouldStop asked before each. */
async function* turning<T>(records: AsyncIterable<T>, options: BatchOptions): AsyncGenerator<T> {
  let turned = performance.now();
  for await (const record of records) {
    if (performance.now() - turned > TURN_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      turned = performance.now();
    }
    if (options.shouldStop?.()) throw new InterruptedError('interrupted: no form was written', { file: csvName(options.csv) });
    yield record;
  }
}

/** The first MOST_PROBLEMS_KEPT items in full; past them, only how many more, told at the end of the list. */
export function keptFirst<T>() {
  const kept: T[] = [];
  let more = 0;
  return {
    add(items: readonly T[]) {
      const room = Math.max(0, MOST_PROBLEMS_KEPT - kept.length);
      kept.push(...items.slice(0, room));
      more += Math.max(0, items.length - room);
    },
    list: (summary?: (more: number) => T) => (more && summary ? [...kept, summary(more)] : kept),
  };
}

function moreProblems(csv: CsvSource): (more: number) => HandoutsError {
  return (count) => new ValueError(said('csv.moreProblems', { count }), { file: csvName(csv), hint: said('csv.moreProblems.hint') });
}

/** One row's form as PDF bytes. */
export function drawRow(form: BatchForm, layout: LaidOutDocument): Promise<Uint8Array> {
  return renderPdf({ layout, ...combinedDocument(form) });
}

/** What each form of the batch, or their combined PDF, is drawn with besides its layouts. */
export function combinedDocument(form: BatchForm) {
  return { metadata: form.document.metadata, fonts: form.fonts, date: form.date, pdfa: form.pdfa, keepFontFiles: form.keepFontFiles };
}

/** A row's values over the defaults (a row's own non-empty cells win), validated. */
function validateRow(form: BatchForm, raw: RawValues, options: BatchOptions, source: SourcePosition) {
  const merged = { ...options.defaults, ...Object.fromEntries(Object.entries(raw).filter(([, value]) => entriesOf(value).length > 0)) };
  return validateValues(form.fields, merged, { showSensitive: options.showSensitive, today: options.today, source });
}

function csvRows(form: BatchForm, options: BatchOptions) {
  return readCsvRows(options.csv, form.fields.map((field) => field.id), options.encoding);
}

type CheckedRow = { problems: HandoutsError[]; warnings: Warning[] } | { problems: []; warnings: Warning[]; layout: LaidOutDocument };

function checkRow(form: BatchForm, raw: RawValues, options: BatchOptions & { row: number }): CheckedRow {
  const source = { file: csvName(options.csv), row: options.row };
  const { values, problems } = validateRow(form, raw, options, source);
  if (problems.length) return { problems: problems.map((problem) => problem.at(labelOf(form, problem.position))), warnings: [] };
  try {
    const layout = prefill(form, values);
    return { problems: [], layout, warnings: layout.warnings.map((warning) => ({ ...warning, position: { ...source, ...warning.position, ...labelOf(form, warning.position) } })) };
  } catch (error) {
    if (error instanceof ValueError) return { problems: [error.at({ ...source, ...labelOf(form, error.position) })], warnings: [] };
    throw error;
  }
}

/** The label of the field a problem is at, in the guide's two languages (one, where an edition has one), as the person filling in the spreadsheet knows it. */
function labelOf(form: BatchForm, { path }: SourcePosition): { label?: string } {
  const field = form.fields.find((each) => each.id === path);
  if (!field) return {};
  const { primary, secondary } = field.label;
  return { label: primary === secondary ? primary : `${primary} / ${secondary}` };
}

function tooManyRows(csv: CsvSource, most: number): ValueError {
  return new ValueError(said('csv.tooManyPeople', { most: String(most) }), { file: csvName(csv), hint: said('csv.tooManyPeople.hint', { most: String(most) }) });
}

function csvName(csv: CsvSource): string {
  return typeof csv === 'string' ? csv : csv.name;
}

/** A person's values printed into the blank form; never kept. */
function prefill(form: BatchForm, values: FormValues): LaidOutDocument {
  return prefillDocument(form.blank, { document: form.document, fonts: form.fonts, pairs: form.pairs, values });
}
