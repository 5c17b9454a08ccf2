export { renderPdf, type RenderOptions } from './render.js';
export { writeFilesAtomically, type OutputFile, type WriteOptions } from './write.js';
export { renderCombinedPdf, writeCombinedPdf, type CombinedPdfOptions } from './combine.js';
