export { renderPdf, type RenderOptions } from './render.js';
export { discardFile, publishFile, stageFile, writeFilesAtomically, type OutputFile, type StagedFile, type WriteOptions } from './write.js';
export { renderCombinedPdf, writeCombinedPdf, type CombinedPdfOptions } from './combine.js';
