export { fillTemplates, listTemplates, PARTIALS_DIR, readTemplateFolder, type FilledTemplate, type FillTemplatesOptions, type TemplateFolder } from './fill.js';
export { SOURCE_PI_TARGET } from './annotate.js';
