import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { OutputError, ProblemList, ValueError, type HandoutsError, type Warning } from '../diagnostics.js';
import { parseMarkup, type DocumentTree } from '../document/index.js';
import { loadFonts, type FontSet } from '../fonts/index.js';
import { loadGuide, type FormField } from '../guide/index.js';
import { layoutDocument, type LaidOutDocument, type PaperName } from '../layout/index.js';
import { writeCombinedPdf, writePdfs } from '../pdf/index.js';
import { documentDate, type BuildOptions } from '../pipeline.js';
import { fillTemplates } from '../templates/index.js';
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

interface Form {
  fields: readonly FormField[];
  document: DocumentTree;
  fonts: FontSet;
  paper: PaperName;
  date: Date;
}

/**
 * A prefilled form per CSV row. The file is read twice, streaming: first every row is checked
 * (values and fit), and nothing is written if any row is bad unless skipInvalid; then the
 * forms are laid out and written one at a time, so memory stays flat however long the file.
 */
export async function buildFormBatch(options: BatchOptions): Promise<BatchResult> {
  const form = await prepareForm(options);
  const { valid, problems, warnings, lastRow } = await checkRows(form, options);
  if (problems.length && !options.skipInvalid) throw new ProblemList(problems);
  const skipped = new Set(problems.map((problem) => problem.position.row));
  const rows = async function* () {
    for await (const record of readCsvRows(options.csvFile, form.fields.map((field) => field.id))) {
      if ('raw' in record && !skipped.has(record.row)) yield { row: record.row, layout: layOut(form, record.raw, options) };
    }
  };
  const result = options.combine ? await writeCombined(form, rows(), valid, options) : await writeEach(form, rows(), { ...options, valid, lastRow });
  return { ...result, skipped: skipped.size, problems, warnings };
}

async function prepareForm(options: BatchOptions): Promise<Form> {
  const [guide, fonts] = await Promise.all([loadGuide(options.guideFile), loadFonts()]);
  const [template] = await fillTemplates({ guide, templatesDir: options.templatesDir, only: [options.template] });
  if (!template) throw new OutputError(`there is no template named "${options.template}"`, { file: options.templatesDir });
  return { fields: guide.form.fields, document: parseMarkup(template), fonts, paper: options.paper, date: documentDate(guide.contentDate, options.sourceDateEpoch) };
}

async function checkRows(form: Form, options: BatchOptions): Promise<{ valid: number; problems: HandoutsError[]; warnings: Warning[]; lastRow: number }> {
  const problems: HandoutsError[] = [];
  const warnings: Warning[] = [];
  let valid = 0;
  let lastRow = 1;
  for await (const record of readCsvRows(options.csvFile, form.fields.map((field) => field.id))) {
    lastRow = record.row;
    if ('problem' in record) {
      problems.push(record.problem);
      continue;
    }
    const checked = checkRow(form, record.raw, { ...options, row: record.row });
    problems.push(...checked.problems);
    warnings.push(...checked.warnings);
    if (!checked.problems.length) valid += 1;
  }
  return { valid, problems, warnings, lastRow };
}

function withDefaults(raw: RawValues, defaults: RawValues): RawValues {
  return { ...defaults, ...Object.fromEntries(Object.entries(raw).filter(([, value]) => value.trim() !== '')) };
}

function checkRow(form: Form, raw: RawValues, options: BatchOptions & { row: number }): { problems: HandoutsError[]; warnings: Warning[] } {
  const source = { file: options.csvFile, row: options.row };
  const { values, problems } = validateValues(form.fields, withDefaults(raw, options.defaults), { showSensitive: options.showSensitive, today: options.today, source });
  if (problems.length) return { problems, warnings: [] };
  try {
    const { warnings } = layoutDocument({ document: form.document, fonts: form.fonts, paper: form.paper, values });
    return { problems: [], warnings: warnings.map((warning) => ({ ...warning, position: { ...source, ...warning.position } })) };
  } catch (error) {
    if (error instanceof ValueError) return { problems: [new ValueError(error.message, { ...source, path: error.position.path, hint: error.hint })], warnings: [] };
    throw error;
  }
}

function layOut(form: Form, raw: RawValues, options: BatchOptions): LaidOutDocument {
  const { values } = validateValues(form.fields, withDefaults(raw, options.defaults), { showSensitive: options.showSensitive, today: options.today, source: {} });
  return layoutDocument({ document: form.document, fonts: form.fonts, paper: form.paper, values });
}

type Rows = AsyncIterable<{ row: number; layout: LaidOutDocument }>;

async function writeEach(form: Form, rows: Rows, options: BatchOptions & { valid: number; lastRow: number }): Promise<Pick<BatchResult, 'written' | 'interrupted'>> {
  const pattern = options.fileName.includes('{row}') ? options.fileName : `${options.fileName}-{row}`;
  const digits = String(options.lastRow).length;
  const pathOf = (row: number) => join(options.outDir, `${pattern.replaceAll('{row}', String(row).padStart(digits, '0'))}.pdf`);
  let written = 0;
  for await (const { row, layout } of rows) {
    if (options.shouldStop()) return { written, interrupted: true };
    if (!options.force && (await exists(pathOf(row)))) {
      throw new OutputError('the file already exists', { file: pathOf(row), hint: 'pass --force to replace it, or choose another --out folder' });
    }
    await writePdfs([{ path: pathOf(row), layout, metadata: form.document.metadata, fonts: form.fonts, date: form.date }], { mode: 0o600, overwrite: options.force });
    written += 1;
    options.onProgress(written, options.valid);
  }
  return { written, interrupted: false };
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
  const path = join(options.outDir, `${options.fileName.replaceAll('{row}', 'all')}.pdf`);
  if (!options.force && (await exists(path))) throw new OutputError('the file already exists', { file: path, hint: 'pass --force to replace it' });
  try {
    await writeCombinedPdf({ path, layouts: layouts(), mode: 0o600, metadata: form.document.metadata, fonts: form.fonts, date: form.date });
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
