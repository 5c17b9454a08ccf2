import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { HandoutsError } from '../diagnostics.js';
import type { LaidOutDocument } from '../layout/index.js';
import { createPdf, documentElement, drawPages, endPdf, writeOutPages, type RenderOptions } from './render.js';
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
    const file = await open(temporary, 'wx', mode);
    try {
      await drawCombinedPdf(options, async (block) => {
        await file.write(block);
      });
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (cause) {
    throw cause instanceof HandoutsError ? cause : outputError(cause, path);
  } finally {
    await rm(temporary, { force: true });
  }
}

/** The same combined PDF, in memory. */
export async function renderCombinedPdf(options: CombinedPdfOptions): Promise<Buffer> {
  const blocks: Buffer[] = [];
  await drawCombinedPdf(options, (block) => {
    blocks.push(Buffer.from(block));
  });
  return Buffer.concat(blocks);
}

/** Takes a block of the PDF's bytes, which it may hold only until it returns (or its promise settles): the block is then reused. */
type TakeBlock = (block: Buffer) => Promise<void> | void;

/** Draws each document as it comes into one PDF, whose bytes `take` is given in blocks as they are written. */
async function drawCombinedPdf({ layouts, ...document }: CombinedPdfOptions, take: TakeBlock): Promise<void> {
  const writer = createPdf(document);
  const { pdf } = writer;
  const output = gatherBlocks(pdf, take);
  const root = documentElement(pdf);
  let drawn: PDFKit.PDFPage[] = [];
  try {
    for await (const layout of layouts) {
      // The document before's pages are written as pdfkit would write them, on the next page
      // added (the file's bytes stay the same), and let go of; the last ones as the PDF ends.
      writeOutPages(pdf, drawn);
      // Each document is a part of its own, ended as soon as drawn so its elements are written out and let go.
      const part = pdf.struct('Part');
      root.add(part);
      const structure = createStructureWriter(pdf, part);
      drawn = drawPages(writer, layout, { structure });
      structure.end();
      await output.room();
    }
    root.end();
    await endPdf(writer);
  } catch (error) {
    // The blocks under way are let finish, so that the file they go to can be closed.
    pdf.destroy();
    await output.settled();
    throw error;
  }
  await output.done;
}

// Drawing is quicker than a disk takes the bytes: past this much untaken, drawing waits.
const MOST_UNTAKEN_BYTES = 1024 * 1024;
const BLOCK_BYTES = 64 * 1024;

/**
 * The PDF's bytes gathered into blocks as pdfkit writes them, each handed to `take` once the one
 * before is taken. pdfkit writes in small pieces, and the cross-reference table, a line for each
 * of the file's objects (some 900,000 for 20,000 forms), all at once as it ends: held as pieces
 * until taken, those lines alone took over 100 MB. A block taken is filled again: the garbage
 * collector hardly counts memory outside its heap, and a new block each time piled up tens of MB.
 */
function gatherBlocks(pdf: Readable, take: TakeBlock) {
  const free: Buffer[] = [];
  let block: Buffer = Buffer.allocUnsafe(BLOCK_BYTES);
  let used = 0;
  let untaken = 0;
  let failure: { error: unknown } | undefined;
  let taking: Promise<void> = Promise.resolve();
  const hand = (bytes: Buffer, reuse?: Buffer) => {
    untaken += bytes.length;
    taking = taking.then(async () => {
      if (failure) return;
      await take(bytes);
      untaken -= bytes.length;
      if (reuse) free.push(reuse);
    }).catch((error: unknown) => {
      failure ??= { error };
    });
  };
  const handBlock = () => {
    if (used) hand(block.subarray(0, used), block);
    block = free.pop() ?? Buffer.allocUnsafe(BLOCK_BYTES);
    used = 0;
  };
  pdf.on('data', (chunk: Buffer) => {
    if (used + chunk.length > BLOCK_BYTES) handBlock();
    if (chunk.length > BLOCK_BYTES) return hand(chunk);
    chunk.copy(block, used);
    used += chunk.length;
  });
  const ended = new Promise<void>((resolve) => pdf.once('end', resolve));
  const settled = () => taking;
  const failed = () => (failure ? Promise.reject(failure.error) : Promise.resolve());
  return {
    /** Waits, letting the event loop turn, until the bytes not yet taken are few again; rejects once taking failed. */
    async room(): Promise<void> {
      while (untaken > MOST_UNTAKEN_BYTES && !failure) await taking;
      await failed();
    },
    settled,
    /** Every byte taken, once the PDF has ended. */
    done: ended.then(() => {
      handBlock();
      return settled();
    }).then(failed),
  };
}
