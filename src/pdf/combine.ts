import type { Readable } from 'node:stream';
import type { LaidOutDocument } from '../layout/index.js';
import { createPdf, documentElement, drawPages, endPdf, writeOutPages, type RenderOptions } from './render.js';
import { createStructureWriter } from './structure.js';

export interface CombinedPdfOptions extends Omit<RenderOptions, 'layout' | 'fieldFont'> {
  layouts: AsyncIterable<LaidOutDocument>;
}

/** A combined PDF (drawCombinedPdf) in memory. */
export async function renderCombinedPdf(options: CombinedPdfOptions): Promise<Buffer> {
  const blocks: Buffer[] = [];
  await drawCombinedPdf(options, (block) => {
    blocks.push(Buffer.from(block));
  });
  return Buffer.concat(blocks);
}

/** Takes a block of the PDF's bytes, which it may hold only until it returns: the block is then filled again. */
type TakeBlock = (block: Buffer) => void;

/**
 * Draws many laid-out documents into one PDF as they come, so the pages need not all be held at
 * once; its bytes `take` is given in blocks as they are written. Returns how many it drew.
 */
export async function drawCombinedPdf({ layouts, ...document }: CombinedPdfOptions, take: TakeBlock): Promise<number> {
  const writer = createPdf(document);
  const { pdf } = writer;
  const output = gatherBlocks(pdf, take);
  const root = documentElement(pdf);
  let drawn: PDFKit.PDFPage[] = [];
  let documents = 0;
  try {
    for await (const layout of layouts) {
      documents += 1;
      // The document before's pages are written as pdfkit would write them, on the next page
      // added (the file's bytes stay the same), and let go of; the last ones as the PDF ends.
      writeOutPages(pdf, drawn);
      // Each document is a part of its own, ended as soon as drawn so its elements are written out and let go.
      const part = pdf.struct('Part');
      root.add(part);
      const structure = createStructureWriter(pdf, part);
      drawn = drawPages(writer, layout, { structure });
      structure.end();
      output.check();
    }
    root.end();
    await endPdf(writer);
  } catch (error) {
    pdf.destroy();
    throw error;
  }
  await output.done;
  return documents;
}

const BLOCK_BYTES = 64 * 1024;

/**
 * The PDF's bytes gathered into a block as pdfkit writes them, the block handed to `take` each
 * time it is full and then filled again. pdfkit writes in small pieces, and the cross-reference
 * table, a line for each of the file's objects (some 800,000 for 20,000 forms), all at once as it
 * ends. One block, reused: the garbage collector hardly counts memory outside its heap, and a
 * new block each time piled up tens of MB.
 */
function gatherBlocks(pdf: Readable, take: TakeBlock) {
  const block = Buffer.allocUnsafe(BLOCK_BYTES);
  let used = 0;
  // pdfkit may write from a later tick (its first bytes), where a throw would go uncaught: a
  // failure is kept, and told by check() and done.
  let failure: { error: unknown } | undefined;
  const hand = (bytes: Buffer) => {
    try {
      if (!failure) take(bytes);
    } catch (error) {
      failure = { error };
    }
  };
  const handBlock = () => {
    if (used) hand(block.subarray(0, used));
    used = 0;
  };
  pdf.on('data', (chunk: Buffer) => {
    if (used + chunk.length > BLOCK_BYTES) handBlock();
    if (chunk.length > BLOCK_BYTES) return hand(chunk);
    chunk.copy(block, used);
    used += chunk.length;
  });
  // Throws once taking failed, so that drawing stops at the first failed write.
  const check = () => {
    if (failure) throw failure.error;
  };
  const ended = new Promise<void>((resolve) => pdf.once('end', resolve));
  return { check, done: ended.then(handBlock).then(check) };
}
