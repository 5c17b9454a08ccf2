import { zipSync, type Zippable } from 'fflate';
import { renderCombinedPdf } from '../pdf/index.js';
import { checkRows, combinedDocument, drawRow, type BatchForm, type BatchOptions, type BatchReport, type GoodRow } from './rows.js';

export interface RenderedRow {
  row: number;
  fileName: string;
  bytes: Uint8Array;
}

/** A batch's forms in memory: one combined PDF, or a zip of a PDF a row; either is absent when no row was good. */
export interface BatchInMemory extends BatchReport {
  drawn: number;
  /** `store-visit-form-all.pdf` or `store-visit-form-forms.zip`. */
  fileName: string;
  bytes: Uint8Array | undefined;
}

/**
 * The batch of `handouts form --batch`, for a caller that holds the CSV in memory (an upload)
 * and wants the result there too: nothing is written to disk. Every row is checked before a form
 * is drawn, and the good rows' forms, laid out as they are checked, are kept until drawn: some
 * 10 KB each, held as the result is.
 */
export async function renderFormBatch(form: BatchForm, options: BatchOptions & { combine: boolean }): Promise<BatchInMemory> {
  const check = checkRows(form, options);
  const good: GoodRow[] = [];
  for await (const row of check.forms) good.push(row);
  const { valid, lastRow, ...report } = check.report();
  options.onChecked?.({ valid, skipped: report.skipped });
  const fileName = `${form.name}-${options.combine ? 'all.pdf' : 'forms.zip'}`;
  if (good.length === 0) return { ...report, drawn: 0, fileName, bytes: undefined };
  const bytes = options.combine ? await drawCombined(form, good, options) : await zipEach(form, good, { ...options, lastRow });
  return { ...report, drawn: valid, fileName, bytes };
}

/** Each form let go of once drawn. */
function* drawing(good: GoodRow[], options: BatchOptions): Generator<GoodRow> {
  const total = good.length;
  for (let done = 1; good.length; done += 1) {
    yield good.shift()!;
    options.onProgress?.(done, total);
  }
}

async function drawCombined(form: BatchForm, good: GoodRow[], options: BatchOptions): Promise<Uint8Array> {
  const layouts = async function* () {
    for (const { layout } of drawing(good, options)) yield layout;
  };
  return renderCombinedPdf({ layouts: layouts(), ...combinedDocument(form) });
}

async function zipEach(form: BatchForm, good: GoodRow[], options: BatchOptions & { lastRow: number }): Promise<Uint8Array> {
  const files: Zippable = {};
  const digits = String(options.lastRow).length;
  for (const { row, layout } of drawing(good, options)) files[`${form.name}-${String(row).padStart(digits, '0')}.pdf`] = await drawRow(form, layout);
  // Stored, not deflated: the PDFs are compressed already. Dated as the forms are, so the same upload gives the same zip.
  return zipSync(files, { level: 0, mtime: form.date });
}
