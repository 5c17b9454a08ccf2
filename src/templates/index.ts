export { fillTemplates, listTemplates, PARTIALS_DIR, type FilledTemplate, type FillTemplatesOptions } from './fill.js';
export { SOURCE_PI_TARGET } from './annotate.js';
