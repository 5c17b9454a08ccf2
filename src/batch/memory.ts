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
 * The people a batch in memory holds unless told otherwise: each good row's form is kept, as it
 * was laid out, until every row is checked (some 15 KB each: 17 MB of the heap for 1,000 rows,
 * 58 MB for 4,000), and the result is held too. A longer file is written to a folder.
 */
const MOST_ROWS = 1000;

/**
 * The batch of `handouts form --batch`, for a caller that holds the CSV in memory (an upload)
 * and wants the result there too: nothing is written to disk. Every row is checked before a form
 * is drawn, and the good rows' forms, laid out once as they are checked, are kept until drawn.
 */
export async function renderFormBatch(form: BatchForm, options: BatchOptions & { combine: boolean }): Promise<BatchInMemory> {
  const check = checkRows(form, { ...options, mostRows: options.mostRows ?? MOST_ROWS });
  const good: GoodRow[] = [];
  for await (const row of check.forms) good.push(row);
  const { valid, lastRow, ...report } = check.report();
  options.onChecked?.({ valid, skipped: report.skipped });
  const fileName = `${form.name}-${options.combine ? 'all.pdf' : 'forms.zip'}`;
  if (good.length === 0) return { ...report, drawn: 0, fileName, bytes: undefined };
  const bytes = options.combine ? await drawCombined(form, good, options) : await zipEach(form, good, { ...options, lastRow });
  return { ...report, drawn: valid, fileName, bytes };
}

/**
 * Each form, let go of once drawn, the event loop let turn after each: the PDF's bytes and the
 * progress (to the server, a message) go out only then, and piled up until the end without it.
 */
async function* drawing(good: GoodRow[], options: BatchOptions): AsyncGenerator<GoodRow> {
  const total = good.length;
  for (let done = 1; good.length; done += 1) {
    yield good.shift()!;
    options.onProgress?.(done, total);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function drawCombined(form: BatchForm, good: GoodRow[], options: BatchOptions): Promise<Uint8Array> {
  const layouts = async function* () {
    for await (const { layout } of drawing(good, options)) yield layout;
  };
  return renderCombinedPdf({ layouts: layouts(), ...combinedDocument(form) });
}

async function zipEach(form: BatchForm, good: GoodRow[], options: BatchOptions & { lastRow: number }): Promise<Uint8Array> {
  const files: Zippable = {};
  const digits = String(options.lastRow).length;
  for await (const { row, layout } of drawing(good, options)) files[`${form.name}-${String(row).padStart(digits, '0')}.pdf`] = await drawRow(form, layout);
  // Stored, not deflated: the PDFs are compressed already. Dated as the forms are, so the same upload gives the same zip.
  return zipSync(files, { level: 0, mtime: form.date });
}
