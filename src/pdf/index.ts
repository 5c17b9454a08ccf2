export { renderPdf, type RenderOptions } from './render.js';
export { drawCombinedPdf, renderCombinedPdf, type CombinedPdfOptions } from './combine.js';
export { prepareFieldFont, type PreparedFieldFont } from './field-font.js';
