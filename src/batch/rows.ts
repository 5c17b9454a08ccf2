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
  /** Draw the good rows even if some are bad; otherwise any bad row stops the batch before a form is drawn. */
  skipInvalid: boolean;
  /** The most people a file may hold, where its forms are held in memory; any number when absent. */
  mostRows?: number | undefined;
  /** Told once every row is checked, before any form is drawn. */
  onChecked?: (checked: { valid: number; skipped: number }) => void;
  /** Told after each form is drawn (or written). */
  onProgress?: (done: number, total: number) => void;
  /** Asked as the rows are checked; true stops the check (InterruptedError) within a fraction of a second. */
  shouldStop?: () => boolean;
}

export interface BatchReport {
  /** Every bad row's problems, each naming its row and field, never its value. */
  problems: readonly HandoutsError[];
  warnings: readonly Warning[];
  skipped: number;
}

/** A CSV file checked row by row, ready to draw its good rows. */
export interface CheckedBatch extends BatchReport {
  form: BatchForm;
  /** The rows that will be drawn, in order. */
  valid: readonly number[];
  /** The first good rows' forms as the check laid them out, each let go once drawn. */
  laidOut: Map<number, LaidOutDocument>;
  lastRow: number;
}

/**
 * The first of a batch's two passes over its CSV file: every row is checked (values and fit),
 * which lays out its form. Any bad row stops the batch here unless skipInvalid. The forms of the
 * first good rows are kept for the second pass, rowsToDraw; past them it lays out each good row
 * again as it is read, so memory stays flat however long the file.
 */
export async function checkFormBatch(form: BatchForm, options: BatchOptions): Promise<CheckedBatch> {
  try {
    return await checkRows(form, options);
  } catch (error) {
    throw error instanceof HandoutsError ? error.toldIn(form.speakers) : error;
  }
}

// A file of bad rows may have a million of them: each is counted, the first few kept in full.
const MOST_PROBLEMS_KEPT = 100;
// The check pass lets the event loop turn this often, so Ctrl-C and other requests are heard.
const TURN_MS = 50;
// The forms the check keeps for drawing, about 10 KB each (their answers' glyphs): a desk's
// batch is laid out once, and a longer file holds at most some 10 MB of them.
const MOST_KEPT_FORMS = 1000;

async function checkRows(form: BatchForm, options: BatchOptions): Promise<CheckedBatch> {
  const problems = keptFirst<HandoutsError>();
  const warnings = keptFirst<Warning>();
  const valid: number[] = [];
  const laidOut = new Map<number, LaidOutDocument>();
  let lastRow = 1;
  let skipped = 0;
  let turned = performance.now();
  for await (const record of csvRows(form, options)) {
    lastRow = record.row;
    if (options.mostRows !== undefined && record.row - 1 > options.mostRows) throw tooManyRows(options.csv, options.mostRows);
    const checked = 'problem' in record ? { problems: [record.problem], warnings: [] } : checkRow(form, record.raw, { ...options, row: record.row });
    problems.add(checked.problems);
    warnings.add(checked.warnings);
    if (checked.problems.length) skipped += 1;
    else valid.push(record.row);
    if ('layout' in checked && laidOut.size < MOST_KEPT_FORMS) laidOut.set(record.row, checked.layout);
    if (performance.now() - turned > TURN_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      if (options.shouldStop?.()) throw new InterruptedError('interrupted while checking the rows: no form was written', { file: csvName(options.csv) });
      turned = performance.now();
    }
  }
  const kept = problems.list(moreProblems(options.csv));
  if (kept.length && !options.skipInvalid) throw new ProblemList(kept);
  options.onChecked?.({ valid: valid.length, skipped });
  return { form, valid, laidOut, problems: kept.map((problem) => problem.toldIn(form.speakers)), warnings: warnings.list(), lastRow, skipped };
}

/** The first MOST_PROBLEMS_KEPT items in full; past them, only how many more, told at the end of the list. */
function keptFirst<T>() {
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

/** The second pass: each good row's form as the check laid it out, or laid out again as it is read. */
export async function* rowsToDraw(batch: CheckedBatch, options: BatchOptions): AsyncGenerator<{ row: number; layout: LaidOutDocument }> {
  const { laidOut } = batch;
  const good = new Set(batch.valid);
  for await (const record of csvRows(batch.form, options)) {
    if (!('raw' in record) || !good.has(record.row)) continue;
    const layout = laidOut.get(record.row) ?? layOut(batch.form, record.raw, options);
    laidOut.delete(record.row);
    yield { row: record.row, layout };
  }
}

/** One row's form as PDF bytes. */
export function drawRow(batch: CheckedBatch, layout: LaidOutDocument): Promise<Uint8Array> {
  return renderPdf({ layout, ...combinedDocument(batch) });
}

/** What each form of the batch, or their combined PDF, is drawn with besides its layouts. */
export function combinedDocument({ form }: CheckedBatch) {
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

function layOut(form: BatchForm, raw: RawValues, options: BatchOptions): LaidOutDocument {
  const { values } = validateRow(form, raw, options, {});
  return prefill(form, values);
}

/** A person's values printed into the blank form; never kept. */
function prefill(form: BatchForm, values: FormValues): LaidOutDocument {
  return prefillDocument(form.blank, { document: form.document, fonts: form.fonts, pairs: form.pairs, values });
}
