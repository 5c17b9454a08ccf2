export { writeFormBatch, type BatchFileOptions, type BatchFileResult } from './files.js';
export { renderFormBatch, type BatchInMemory, type RenderedRow } from './memory.js';
export type { BatchForm, BatchOptions, BatchReport } from './rows.js';
