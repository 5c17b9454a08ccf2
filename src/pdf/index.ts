import { renderPdf, type RenderOptions } from './render.js';
import { writeFilesAtomically, type OutputFile, type WriteOptions } from './write.js';

export interface PdfJob extends RenderOptions {
  path: string;
}

/**
 * Renders every document before writing any, so a rendering failure writes nothing; each file
 * then replaces its earlier version only once complete.
 */
export async function writePdfs(jobs: readonly PdfJob[], options?: WriteOptions): Promise<OutputFile[]> {
  const files = await Promise.all(jobs.map(async ({ path, ...job }) => ({ path, bytes: await renderPdf(job) })));
  await writeFilesAtomically(files, options);
  return files;
}

export { renderPdf, type RenderOptions } from './render.js';
export { writeFilesAtomically, type OutputFile, type WriteOptions } from './write.js';
export { writeCombinedPdf, type CombinedPdfOptions } from './combine.js';
export { createSubsetCache, type SubsetCache } from './subset-cache.js';
export { countWordShapes, exportWordShapes, importWordShapes, type StoredWordShapes } from './word-shapes.js';
