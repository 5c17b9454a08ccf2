import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { HandoutsError } from '../diagnostics.js';
import type { LaidOutDocument } from '../layout/index.js';
import { createPdf, documentElement, drawPages, endPdf, type RenderOptions } from './render.js';
import { createStructureWriter } from './structure.js';
import { ensureFolder, outputError } from './write.js';

export interface CombinedPdfOptions extends Omit<RenderOptions, 'layout' | 'fillable'> {
  path: string;
  layouts: AsyncIterable<LaidOutDocument>;
  mode: number;
}

/**
 * Streams many laid-out documents into one PDF as they come, so the pages need not all be held
 * at once; the file appears under its name only once complete.
 */
export async function writeCombinedPdf({ path, layouts, mode, ...document }: CombinedPdfOptions): Promise<void> {
  const dir = dirname(path);
  await ensureFolder(dir);
  const temporary = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  try {
    const pdf = createPdf(document);
    const file = createWriteStream(temporary, { mode, flags: 'wx' });
    // Listening from the start: a disk error while the layouts are still coming must reject here.
    const written = pipeline(pdf, file);
    written.catch(() => {});
    const root = documentElement(pdf);
    for await (const layout of layouts) {
      // Each document is a part of its own, ended as soon as drawn so its elements are written out.
      const part = pdf.struct('Part');
      root.add(part);
      drawPages(pdf, layout, { structure: createStructureWriter(pdf, part) });
      part.end();
    }
    root.end();
    endPdf(pdf, document.subsetCache);
    await written;
    await rename(temporary, path);
  } catch (cause) {
    throw cause instanceof HandoutsError ? cause : outputError(cause, path);
  } finally {
    await rm(temporary, { force: true });
  }
}
