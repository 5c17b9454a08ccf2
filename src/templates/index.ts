export { fillTemplates, listTemplates, type FilledTemplate, type FillTemplatesOptions } from './fill.js';
export { SOURCE_PI_TARGET } from './annotate.js';
