import { zipSync, type Zippable } from 'fflate';
import { renderCombinedPdf } from '../pdf/index.js';
import { checkFormBatch, combinedDocument, drawRow, rowsToDraw, type BatchForm, type BatchOptions, type BatchReport, type CheckedBatch } from './rows.js';

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
 * and wants the result there too: nothing is written to disk.
 */
export async function renderFormBatch(form: BatchForm, options: BatchOptions & { combine: boolean }): Promise<BatchInMemory> {
  const batch = await checkFormBatch(form, options);
  const report = { problems: batch.problems, warnings: batch.warnings, skipped: batch.skipped };
  const fileName = `${form.name}-${options.combine ? 'all.pdf' : 'forms.zip'}`;
  if (batch.valid.length === 0) return { ...report, drawn: 0, fileName, bytes: undefined };
  const { drawn, bytes } = options.combine ? await drawCombined(batch, options) : await zipEach(batch, options);
  return { ...report, drawn, fileName, bytes };
}

async function drawCombined(batch: CheckedBatch, options: BatchOptions): Promise<{ drawn: number; bytes: Uint8Array }> {
  let drawn = 0;
  const layouts = async function* () {
    for await (const { layout } of rowsToDraw(batch, options)) {
      yield layout;
      drawn += 1;
      options.onProgress?.(drawn, batch.valid.length);
    }
  };
  const bytes = await renderCombinedPdf({ layouts: layouts(), ...combinedDocument(batch) });
  return { drawn, bytes };
}

async function zipEach(batch: CheckedBatch, options: BatchOptions): Promise<{ drawn: number; bytes: Uint8Array }> {
  const files: Zippable = {};
  const digits = String(batch.lastRow).length;
  let drawn = 0;
  for await (const { row, layout } of rowsToDraw(batch, options)) {
    files[`${batch.form.name}-${String(row).padStart(digits, '0')}.pdf`] = await drawRow(batch, layout);
    drawn += 1;
    options.onProgress?.(drawn, batch.valid.length);
  }
  // Stored, not deflated: the PDFs are compressed already. Dated as the forms are, so the same upload gives the same zip.
  return { drawn, bytes: zipSync(files, { level: 0, mtime: batch.form.date }) };
}
