import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HandoutsError } from '../diagnostics.js';
import type { LaidOutDocument } from '../layout/index.js';
import { createPdf, documentElement, drawPages, endPdf, type RenderOptions } from './render.js';
import { createStructureWriter } from './structure.js';
import { ensureFolder, outputError } from './write.js';

export interface CombinedPdfOptions extends Omit<RenderOptions, 'layout' | 'fieldFont'> {
  layouts: AsyncIterable<LaidOutDocument>;
}

/**
 * Streams many laid-out documents into one PDF as they come, so the pages need not all be held
 * at once; the file appears under its name only once complete.
 */
export async function writeCombinedPdf({ path, mode, ...options }: CombinedPdfOptions & { path: string; mode: number }): Promise<void> {
  const dir = dirname(path);
  await ensureFolder(dir);
  const temporary = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  try {
    await drawCombinedPdf(options, (pdf) => pipeline(pdf, createWriteStream(temporary, { mode, flags: 'wx' })));
    await rename(temporary, path);
  } catch (cause) {
    throw cause instanceof HandoutsError ? cause : outputError(cause, path);
  } finally {
    await rm(temporary, { force: true });
  }
}

/** The same combined PDF, in memory. */
export async function renderCombinedPdf(options: CombinedPdfOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await drawCombinedPdf(options, async (pdf) => {
    for await (const chunk of pdf) chunks.push(chunk as Buffer);
  });
  return Buffer.concat(chunks);
}

/** Draws each document as it comes into one PDF, which `consume` reads as it is written. */
async function drawCombinedPdf({ layouts, ...document }: CombinedPdfOptions, consume: (pdf: Readable) => Promise<void>): Promise<void> {
  const writer = createPdf(document);
  const { pdf } = writer;
  // Listening from the start: a failure to take the bytes while the layouts are still coming must reject here.
  const consumed = consume(pdf);
  consumed.catch(() => {});
  const root = documentElement(pdf);
  try {
    for await (const layout of layouts) {
      // Each document is a part of its own, ended as soon as drawn so its elements are written out and let go.
      const part = pdf.struct('Part');
      root.add(part);
      const structure = createStructureWriter(pdf, part);
      drawPages(writer, layout, { structure });
      structure.end();
      await drained(pdf);
    }
  } catch (error) {
    // The reader of an unfinished PDF is told it ends here, and lets go of its file.
    pdf.destroy();
    throw error;
  }
  root.end();
  await endPdf(writer);
  await consumed;
}

// Drawing is quicker than a disk takes the bytes: past this much unread, drawing waits.
const MOST_UNREAD_BYTES = 1024 * 1024;

/** Waits, letting the event loop turn, until the reader has taken the PDF's bytes down to a bound: the bytes not yet on disk stay few however many forms. */
async function drained(pdf: Readable): Promise<void> {
  while (pdf.readableLength > MOST_UNREAD_BYTES && !pdf.destroyed) await new Promise((resolve) => setTimeout(resolve, 1));
}
