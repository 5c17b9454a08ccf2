import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { OutputError, ProblemList, throwProblems, ValueError, type HandoutsError, type SourcePosition, type Warning } from '../diagnostics.js';
import { layoutDocument, type LaidOutDocument, type PaperName } from '../layout/index.js';
import { renderPdf, writeCombinedPdf, writeFilesAtomically } from '../pdf/index.js';
import { keepFormShapes, prepareForm, type BuildOptions, type PreparedForm } from '../pipeline.js';
import { readCsvRows, validateValues, type RawValues } from '../values/index.js';

export interface BatchOptions extends BuildOptions {
  template: string;
  csvFile: string;
  /** Values for every row, such as date=today; a row's own non-empty cells win. */
  defaults: RawValues;
  showSensitive: boolean;
  force: boolean;
  today: string;
  /** Output name without `.pdf`; `{row}` becomes the CSV row number, added at the end if absent. */
  fileName: string;
  combine: boolean;
  skipInvalid: boolean;
  onProgress: (written: number, total: number) => void;
  /** Asked before each form; true stops the batch after the form being written. */
  shouldStop: () => boolean;
}

export interface BatchResult {
  written: number;
  skipped: number;
  interrupted: boolean;
  problems: readonly HandoutsError[];
  warnings: readonly Warning[];
}

type Form = PreparedForm & Pick<BuildOptions, 'paper' | 'pairs' | 'pdfa'>;

/**
 * A prefilled form per CSV row. The file is read twice, streaming: first every row is checked
 * (values and fit), and nothing is written if any row is bad unless skipInvalid; then the
 * forms are laid out and written one at a time, so memory stays flat however long the file.
 */
export async function buildFormBatch(options: BatchOptions): Promise<BatchResult> {
  const form: Form = { ...(await prepareForm(options)), paper: options.paper, pairs: options.pairs, pdfa: options.pdfa };
  const { valid, problems, warnings, lastRow } = await checkRows(form, options);
  if (problems.length && !options.skipInvalid) throw new ProblemList(problems);
  const skipped = new Set(problems.map((problem) => problem.position.row));
  const pathOf = rowPaths(options, lastRow);
  // Every clash is found before the first form is written, not half-way through.
  if (!options.force) await refuseExisting(options.combine ? [combinedPath(options)] : valid.map(pathOf));
  const rows = async function* () {
    for await (const record of csvRows(form, options)) {
      if ('raw' in record && !skipped.has(record.row)) yield { row: record.row, layout: layOut(form, record.raw, options) };
    }
  };
  const result = options.combine ? await writeCombined(form, rows(), valid.length, options) : await writeEach(form, rows(), { ...options, total: valid.length, pathOf });
  await keepFormShapes(form, options.cacheDir);
  return { ...result, skipped: skipped.size, problems, warnings };
}

async function checkRows(form: Form, options: BatchOptions): Promise<{ valid: number[]; problems: HandoutsError[]; warnings: Warning[]; lastRow: number }> {
  const problems: HandoutsError[] = [];
  const warnings: Warning[] = [];
  const valid: number[] = [];
  let lastRow = 1;
  for await (const record of csvRows(form, options)) {
    lastRow = record.row;
    if ('problem' in record) {
      problems.push(record.problem);
      continue;
    }
    const checked = checkRow(form, record.raw, { ...options, row: record.row });
    problems.push(...checked.problems);
    warnings.push(...checked.warnings);
    if (!checked.problems.length) valid.push(record.row);
  }
  return { valid, problems, warnings, lastRow };
}

/** A row's values over the defaults (a row's own non-empty cells win), validated. */
function validateRow(form: Form, raw: RawValues, options: BatchOptions, source: SourcePosition) {
  const merged = { ...options.defaults, ...Object.fromEntries(Object.entries(raw).filter(([, value]) => value.trim() !== '')) };
  return validateValues(form.fields, merged, { showSensitive: options.showSensitive, today: options.today, source });
}

function csvRows(form: Form, options: BatchOptions) {
  return readCsvRows(options.csvFile, form.fields.map((field) => field.id));
}

function checkRow(form: Form, raw: RawValues, options: BatchOptions & { row: number }): { problems: HandoutsError[]; warnings: Warning[] } {
  const source = { file: options.csvFile, row: options.row };
  const { values, problems } = validateRow(form, raw, options, source);
  if (problems.length) return { problems, warnings: [] };
  try {
    const { warnings } = layoutDocument({ document: form.document, fonts: form.fonts, paper: form.paper, pairs: form.pairs, values, shapes: form.kept.shapes });
    return { problems: [], warnings: warnings.map((warning) => ({ ...warning, position: { ...source, ...warning.position } })) };
  } catch (error) {
    if (error instanceof ValueError) return { problems: [new ValueError(error.message, { ...source, path: error.position.path, hint: error.hint })], warnings: [] };
    throw error;
  }
}

function layOut(form: Form, raw: RawValues, options: BatchOptions): LaidOutDocument {
  const { values } = validateRow(form, raw, options, {});
  return layoutDocument({ document: form.document, fonts: form.fonts, paper: form.paper, pairs: form.pairs, values, shapes: form.kept.shapes });
}

type Rows = AsyncIterable<{ row: number; layout: LaidOutDocument }>;

function rowPaths(options: BatchOptions, lastRow: number): (row: number) => string {
  const pattern = options.fileName.includes('{row}') ? options.fileName : `${options.fileName}-{row}`;
  const digits = String(lastRow).length;
  return (row) => join(options.outDir, `${pattern.replaceAll('{row}', String(row).padStart(digits, '0'))}.pdf`);
}

function combinedPath(options: BatchOptions): string {
  return join(options.outDir, `${options.fileName.replaceAll('{row}', 'all')}.pdf`);
}

async function refuseExisting(paths: readonly string[]): Promise<void> {
  const existing = (await Promise.all(paths.map(async (path) => ((await exists(path)) ? [path] : [])))).flat();
  throwProblems(existing.map((path) => new OutputError('the file already exists', { file: path, hint: 'pass --force to replace it, or choose another --out folder' })));
}

// Forms written while the next ones are drawn: a file waits on the disk (sync, rename), and
// the processor would otherwise wait with it. A few at a time keeps memory flat.
const WRITES_AT_ONCE = 4;

async function writeEach(form: Form, rows: Rows, options: BatchOptions & { total: number; pathOf: (row: number) => string }): Promise<Pick<BatchResult, 'written' | 'interrupted'>> {
  let written = 0;
  let interrupted = false;
  const writing = new Set<Promise<void>>();
  const write = async (path: string, bytes: Uint8Array) => {
    await writeFilesAtomically([{ path, bytes }], { mode: 0o600, overwrite: options.force });
    written += 1;
    options.onProgress(written, options.total);
  };
  try {
    for await (const { row, layout } of rows) {
      if (options.shouldStop()) {
        interrupted = true;
        break;
      }
      const bytes = await renderPdf({ layout, metadata: form.document.metadata, fonts: form.fonts, date: form.date, pdfa: form.pdfa, subsetCache: form.kept.subsets });
      const file = write(options.pathOf(row), bytes).finally(() => writing.delete(file));
      // Its failure is taken up by the race or the wait below, whichever comes first.
      file.catch(() => undefined);
      writing.add(file);
      if (writing.size >= WRITES_AT_ONCE) await Promise.race(writing);
    }
    await Promise.all(writing);
  } finally {
    // A failed or interrupted batch still lets the files under way finish, or clean up after themselves.
    await Promise.allSettled(writing);
  }
  return { written, interrupted };
}

async function writeCombined(form: Form, rows: Rows, valid: number, options: BatchOptions): Promise<Pick<BatchResult, 'written' | 'interrupted'>> {
  let interrupted = false;
  let drawn = 0;
  const layouts = async function* () {
    for await (const { layout } of rows) {
      // An interrupted combined file would be incomplete: stop, and let the writer discard it.
      if (options.shouldStop()) {
        interrupted = true;
        throw new OutputError('interrupted: the combined PDF was not written', { file: options.outDir });
      }
      yield layout;
      drawn += 1;
      options.onProgress(drawn, valid);
    }
  };
  // A combined PDF of no forms would be an empty file.
  if (valid === 0) return { written: 0, interrupted: false };
  try {
    await writeCombinedPdf({ path: combinedPath(options), layouts: layouts(), mode: 0o600, metadata: form.document.metadata, fonts: form.fonts, date: form.date, pdfa: form.pdfa, subsetCache: form.kept.subsets });
  } catch (error) {
    if (interrupted) return { written: 0, interrupted };
    throw error;
  }
  return { written: drawn, interrupted: false };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
