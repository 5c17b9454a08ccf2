import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { HandoutsError } from '../diagnostics.js';
import type { LaidOutDocument } from '../layout/index.js';
import { createPdf, drawPages, type RenderOptions } from './render.js';
import { ensureFolder, outputError } from './write.js';

export interface CombinedPdfOptions extends Omit<RenderOptions, 'layout' | 'fillable'> {
  path: string;
  layouts: AsyncIterable<LaidOutDocument>;
  mode: number;
}

/**
 * Streams many laid-out documents into one PDF as they come, so memory stays flat however many
 * there are; the file appears under its name only once complete. Returns the number of documents.
 */
export async function writeCombinedPdf({ path, layouts, mode, ...document }: CombinedPdfOptions): Promise<number> {
  const dir = dirname(path);
  await ensureFolder(dir);
  const temporary = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  try {
    const pdf = createPdf(document);
    const file = createWriteStream(temporary, { mode });
    pdf.pipe(file);
    let count = 0;
    for await (const layout of layouts) {
      drawPages(pdf, layout);
      count += 1;
    }
    pdf.end();
    await finished(file);
    await rename(temporary, path);
    return count;
  } catch (cause) {
    throw cause instanceof HandoutsError ? cause : outputError(cause, path);
  } finally {
    await rm(temporary, { force: true });
  }
}
