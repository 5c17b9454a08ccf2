import { ProblemList, said, ValueError, type HandoutsError, type SourcePosition, type Warning } from '../diagnostics.js';
import { layoutDocument, type LaidOutDocument } from '../layout/index.js';
import { renderPdf } from '../pdf/index.js';
import { keepFormShapes, prepareForm, toldIn, type PreparedForm, type SourceOptions } from '../pipeline.js';
import { entriesOf, readCsvRows, validateValues, type CsvEncoding, type CsvSource, type RawValues } from '../values/index.js';

export { writeFormBatch, type BatchFileOptions, type BatchFileResult } from './files.js';
export { renderFormBatch, type BatchInMemory, type RenderedRow } from './memory.js';

export interface BatchOptions extends SourceOptions {
  template: string;
  csv: CsvSource;
  /** The file's encoding, when it is not to be told from its bytes. */
  encoding?: CsvEncoding | undefined;
  /** Values for every row, such as date=today; a row's own non-empty cells win. */
  defaults: RawValues;
  showSensitive: boolean;
  today: string;
  pdfa?: boolean;
  /** Draw the good rows even if some are bad; otherwise any bad row stops the batch before a form is drawn. */
  skipInvalid: boolean;
  /** The most people a file may hold, where its forms are held in memory; any number when absent. */
  mostRows?: number | undefined;
  /** Told once every row is checked, before any form is drawn. */
  onChecked?: (checked: { valid: number; skipped: number }) => void;
  /** Told after each form is drawn (or written). */
  onProgress?: (done: number, total: number) => void;
}

export interface BatchReport {
  /** Every bad row's problems, each naming its row and field, never its value. */
  problems: readonly HandoutsError[];
  warnings: readonly Warning[];
  skipped: number;
}

/** A CSV file checked row by row, ready to draw its good rows. */
export interface CheckedBatch extends BatchReport {
  form: Form;
  /** The rows that will be drawn, in order. */
  valid: readonly number[];
  lastRow: number;
}

type Form = PreparedForm & Pick<BatchOptions, 'paper' | 'pairs' | 'pdfa'>;

/**
 * The first of a batch's two passes over its CSV file: every row is checked (values and fit).
 * Any bad row stops the batch here unless skipInvalid; the second pass, rowsToDraw, lays out
 * each good row as it is read, so memory stays flat however long the file.
 */
export async function checkFormBatch(options: BatchOptions): Promise<CheckedBatch> {
  const form: Form = { ...(await prepareForm(options)), paper: options.paper, pairs: options.pairs, pdfa: options.pdfa };
  try {
    return await checkRows(form, options);
  } catch (error) {
    throw toldIn(error, form.speakers);
  }
}

async function checkRows(form: Form, options: BatchOptions): Promise<CheckedBatch> {
  const problems: HandoutsError[] = [];
  const warnings: Warning[] = [];
  const valid: number[] = [];
  let lastRow = 1;
  for await (const record of csvRows(form, options)) {
    lastRow = record.row;
    if (options.mostRows !== undefined && record.row - 1 > options.mostRows) throw tooManyRows(options.csv, options.mostRows);
    if ('problem' in record) {
      problems.push(record.problem);
      continue;
    }
    const checked = checkRow(form, record.raw, { ...options, row: record.row });
    problems.push(...checked.problems);
    warnings.push(...checked.warnings);
    if (!checked.problems.length) valid.push(record.row);
  }
  if (problems.length && !options.skipInvalid) throw new ProblemList(problems);
  const skipped = new Set(problems.map((problem) => problem.position.row)).size;
  options.onChecked?.({ valid: valid.length, skipped });
  return { form, valid, problems: problems.map((problem) => problem.toldIn(form.speakers)), warnings, lastRow, skipped };
}

/** The second pass: each good row laid out as it is read. */
export async function* rowsToDraw(batch: CheckedBatch, options: BatchOptions): AsyncGenerator<{ row: number; layout: LaidOutDocument }> {
  const good = new Set(batch.valid);
  for await (const record of csvRows(batch.form, options)) {
    if ('raw' in record && good.has(record.row)) yield { row: record.row, layout: layOut(batch.form, record.raw, options) };
  }
}

/** One row's form as PDF bytes. */
export function drawRow(batch: CheckedBatch, layout: LaidOutDocument): Promise<Uint8Array> {
  const { form } = batch;
  return renderPdf({ layout, metadata: form.document.metadata, fonts: form.fonts, date: form.date, pdfa: form.pdfa, subsetCache: form.kept.subsets });
}

/** What a combined PDF of the batch is drawn with, besides its layouts. */
export function combinedDocument({ form }: CheckedBatch) {
  return { metadata: form.document.metadata, fonts: form.fonts, date: form.date, pdfa: form.pdfa, subsetCache: form.kept.subsets };
}

/** Keeps the shapes laying out the blank form added, for the next run. */
export function keepBatchShapes(batch: CheckedBatch, options: BatchOptions): Promise<void> {
  return keepFormShapes(batch.form, options.cacheDir);
}

/** A row's values over the defaults (a row's own non-empty cells win), validated. */
function validateRow(form: Form, raw: RawValues, options: BatchOptions, source: SourcePosition) {
  const merged = { ...options.defaults, ...Object.fromEntries(Object.entries(raw).filter(([, value]) => entriesOf(value).length > 0)) };
  return validateValues(form.fields, merged, { showSensitive: options.showSensitive, today: options.today, source });
}

function csvRows(form: Form, options: BatchOptions) {
  return readCsvRows(options.csv, form.fields.map((field) => field.id), options.encoding);
}

function checkRow(form: Form, raw: RawValues, options: BatchOptions & { row: number }): { problems: HandoutsError[]; warnings: Warning[] } {
  const source = { file: csvName(options.csv), row: options.row };
  const { values, problems } = validateRow(form, raw, options, source);
  if (problems.length) return { problems: problems.map((problem) => problem.at(labelOf(form, problem.position))), warnings: [] };
  try {
    const { warnings } = layoutDocument({ document: form.document, fonts: form.fonts, paper: form.paper, pairs: form.pairs, values, shapes: form.kept.shapes });
    return { problems: [], warnings: warnings.map((warning) => ({ ...warning, position: { ...source, ...warning.position, ...labelOf(form, warning.position) } })) };
  } catch (error) {
    if (error instanceof ValueError) return { problems: [error.at({ ...source, ...labelOf(form, error.position) })], warnings: [] };
    throw error;
  }
}

/** The label of the field a problem is at, in the guide's two languages (one, where an edition has one), as the person filling in the spreadsheet knows it. */
function labelOf(form: Form, { path }: SourcePosition): { label?: string } {
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

function layOut(form: Form, raw: RawValues, options: BatchOptions): LaidOutDocument {
  const { values } = validateRow(form, raw, options, {});
  return layoutDocument({ document: form.document, fonts: form.fonts, paper: form.paper, pairs: form.pairs, values, shapes: form.kept.shapes });
}
