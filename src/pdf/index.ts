import { digest } from '../checked-files.js';
import { facesOf } from '../fonts/index.js';
import { renderPdf, type RenderOptions } from './render.js';
import type { ByteCache } from './subset-cache.js';

export interface PdfJob extends RenderOptions {
  /**
   * Documents drawn before, by everything their bytes follow from besides this code: a document
   * laid out just as before is written again, not drawn again. Never given a person's form.
   */
  drawn?: ByteCache | undefined;
}

/** Every document's bytes, taking those drawn before from `drawn`. */
export function renderPdfs(jobs: readonly PdfJob[]): Promise<Uint8Array[]> {
  return Promise.all(jobs.map(({ drawn, ...job }) => renderOnce(job, drawn)));
}

async function renderOnce(job: RenderOptions, drawn: ByteCache | undefined): Promise<Uint8Array> {
  if (!drawn) return renderPdf(job);
  const key = renderKey(job);
  const known = drawn.get(key);
  if (known) return known;
  const bytes = await renderPdf(job);
  drawn.set(key, bytes);
  return bytes;
}

/** The same key, the same bytes: the layout, the faces, and every option that reaches the file. */
function renderKey({ layout, metadata, fonts, date, compress = true, fillable = false, pdfa = false }: RenderOptions): string {
  return digest(JSON.stringify({ faces: facesOf(fonts), metadata, date: date.toISOString(), compress, fillable, pdfa, layout }));
}

export { renderPdf, type RenderOptions } from './render.js';
export { writeFilesAtomically, type OutputFile, type WriteOptions } from './write.js';
export { renderCombinedPdf, writeCombinedPdf, type CombinedPdfOptions } from './combine.js';
export type { ByteCache } from './subset-cache.js';
export { countWordShapes, deferWordShapes, exportWordShapes, importWordShapes, type StoredWordShapes } from './word-shapes.js';
