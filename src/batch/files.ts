import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OutputError, throwProblems } from '../diagnostics.js';
import type { LaidOutDocument } from '../layout/index.js';
import { writeCombinedPdf, writeFilesAtomically } from '../pdf/index.js';
import { checkFormBatch, combinedDocument, drawRow, rowsToDraw, type BatchForm, type BatchOptions, type BatchReport, type CheckedBatch } from './rows.js';

export interface BatchFileOptions extends BatchOptions {
  csv: string;
  outDir: string;
  force: boolean;
  /** Output name without `.pdf`; `{row}` becomes the CSV row number, added at the end if absent. */
  fileName: string;
  combine: boolean;
  /** Asked before each form; true stops the batch after the form being written. */
  shouldStop: () => boolean;
}

export interface BatchFileResult extends BatchReport {
  written: number;
  interrupted: boolean;
}

/** A prefilled form per CSV row, written into a folder (0600), or one combined PDF of them all. */
export async function writeFormBatch(form: BatchForm, options: BatchFileOptions): Promise<BatchFileResult> {
  const batch = await checkFormBatch(form, options);
  const pathOf = rowPaths(options, batch.lastRow);
  // Every clash is found before the first form is written, not half-way through.
  if (!options.force) refuseExisting(options.combine ? [combinedPath(options)] : batch.valid.map(pathOf));
  const rows = rowsToDraw(batch, options);
  const result = options.combine ? await writeCombined(batch, rows, options) : await writeEach(batch, rows, { ...options, pathOf });
  return { ...result, problems: batch.problems, warnings: batch.warnings, skipped: batch.skipped };
}

type Rows = AsyncIterable<{ row: number; layout: LaidOutDocument }>;

function rowPaths(options: BatchFileOptions, lastRow: number): (row: number) => string {
  const pattern = options.fileName.includes('{row}') ? options.fileName : `${options.fileName}-{row}`;
  const digits = String(lastRow).length;
  return (row) => join(options.outDir, `${pattern.replaceAll('{row}', String(row).padStart(digits, '0'))}.pdf`);
}

function combinedPath(options: BatchFileOptions): string {
  return join(options.outDir, `${options.fileName.replaceAll('{row}', 'all')}.pdf`);
}

function refuseExisting(paths: readonly string[]): void {
  throwProblems(paths.filter((path) => existsSync(path)).map((path) => new OutputError('the file already exists', { file: path, hint: 'pass --force to replace it, or choose another --out folder' })));
}

async function writeEach(batch: CheckedBatch, rows: Rows, options: BatchFileOptions & { pathOf: (row: number) => string }): Promise<Pick<BatchFileResult, 'written' | 'interrupted'>> {
  let written = 0;
  for await (const { row, layout } of rows) {
    if (options.shouldStop()) return { written, interrupted: true };
    writeFilesAtomically([{ path: options.pathOf(row), bytes: await drawRow(batch, layout) }], { mode: 0o600, overwrite: options.force });
    written += 1;
    options.onProgress?.(written, batch.valid.length);
  }
  return { written, interrupted: false };
}

async function writeCombined(batch: CheckedBatch, rows: Rows, options: BatchFileOptions): Promise<Pick<BatchFileResult, 'written' | 'interrupted'>> {
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
      options.onProgress?.(drawn, batch.valid.length);
    }
  };
  // A combined PDF of no forms would be an empty file.
  if (batch.valid.length === 0) return { written: 0, interrupted: false };
  try {
    await writeCombinedPdf({ path: combinedPath(options), layouts: layouts(), mode: 0o600, ...combinedDocument(batch) });
  } catch (error) {
    if (interrupted) return { written: 0, interrupted };
    throw error;
  }
  return { written: drawn, interrupted: false };
}
