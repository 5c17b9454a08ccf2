import { join } from 'node:path';
import { OutputError, throwProblems } from '../diagnostics.js';
import { drawCombinedPdf } from '../pdf/index.js';
import { discardFile, inTheWay, publishAllOrNone, stageFile } from '../write-files.js';
import { checkRows, combinedDocument, countRows, drawRow, keptFirst, type BatchForm, type BatchOptions, type BatchReport, type GoodRow, type RowCheck } from './rows.js';

export interface BatchFileOptions extends BatchOptions {
  csv: string;
  outDir: string;
  force: boolean;
  /** Output name without `.pdf`; `{row}` becomes the CSV row number, added at the end if absent. */
  fileName: string;
  combine: boolean;
}

export interface BatchFileResult extends BatchReport {
  written: number;
}

/**
 * A prefilled form per CSV row, written into a folder (0600), or one combined PDF of them all,
 * for files of any length. One pass checks each row and draws its form as it is checked; the
 * forms appear under their names only once every row is checked. A bad row (unless skipInvalid),
 * a file in the way or Ctrl-C leaves none of them.
 */
export async function writeFormBatch(form: BatchForm, options: BatchFileOptions): Promise<BatchFileResult> {
  const { rows, lastRow } = await countRows(form, options);
  const check = checkRows(form, options);
  const good = withProgress(check, rows, options);
  const written = options.combine ? await writeCombined(form, check, good, options) : await writeEach(form, check, good, { ...options, pathOf: rowPaths(options, lastRow) });
  const { problems, warnings, skipped } = check.report();
  return { written, problems, warnings, skipped };
}

/** The good rows' forms, with the batch's progress (rows checked of all its rows) told after each. */
async function* withProgress(check: RowCheck, total: number, options: BatchOptions): AsyncGenerator<GoodRow> {
  let told = 0;
  for await (const row of check.forms) {
    yield row;
    told = check.checked();
    options.onProgress?.(told, total);
  }
  if (told < total) options.onProgress?.(total, total);
}

function rowPaths(options: BatchFileOptions, lastRow: number): (row: number) => string {
  const pattern = options.fileName.includes('{row}') ? options.fileName : `${options.fileName}-{row}`;
  const digits = String(lastRow).length;
  return (row) => join(options.outDir, `${pattern.replaceAll('{row}', String(row).padStart(digits, '0'))}.pdf`);
}

function combinedPath(options: BatchFileOptions): string {
  return join(options.outDir, `${options.fileName.replaceAll('{row}', 'all')}.pdf`);
}

/** Each form staged beside its file as its row is checked, and all put in place once every row is. */
function writeEach(form: BatchForm, check: RowCheck, good: AsyncIterable<GoodRow>, options: BatchFileOptions & { pathOf: (row: number) => string }): Promise<number> {
  return publishAllOrNone({ overwrite: options.force }, async (staged) => {
    // A run again into the same folder finds every file in the way: the first ones are named.
    const blocked = keptFirst<OutputError>();
    for await (const { row, layout } of good) {
      const path = options.pathOf(row);
      const problem = inTheWay(path, { overwrite: options.force });
      if (problem) blocked.add([problem]);
      // Drawn only while the forms can all be written: every file in the way is still found.
      else if (!blocked.list().length && !check.stopped()) {
        const bytes = await drawRow(form, layout);
        staged.push(await stageFile(path, { mode: 0o600 }, (write) => write(bytes)));
      }
    }
    throwProblems(blocked.list((more) => new OutputError(`${more} more files are in the way`, { file: options.outDir, hint: 'pass --force to replace them, or choose another --out folder' })));
  });
}

/**
 * The forms drawn into one PDF as their rows are checked, streamed to a file beside its name (the
 * pages need not all be held at once), which is put in place once every row is: none for no form.
 */
async function writeCombined(form: BatchForm, check: RowCheck, good: AsyncIterable<GoodRow>, options: BatchFileOptions): Promise<number> {
  const path = combinedPath(options);
  throwProblems([inTheWay(path, { overwrite: options.force })].filter((problem) => problem !== undefined));
  const layouts = async function* () {
    for await (const { layout } of good) if (!check.stopped()) yield layout;
  };
  let drawn = 0;
  await publishAllOrNone({ overwrite: true }, async (staged) => {
    // Each block is written at once, in some microseconds: the cross-reference table, which
    // pdfkit writes all at once as it ends, would otherwise wait in memory for the disk.
    const file = await stageFile(path, { mode: 0o600 }, async (write) => {
      drawn = await drawCombinedPdf({ layouts: layouts(), ...combinedDocument(form) }, write);
    });
    if (drawn) staged.push(file);
    else discardFile(file);
  });
  return drawn;
}
