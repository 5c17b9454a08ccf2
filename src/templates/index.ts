export { compileTemplate, fillTemplates, listTemplates, PARTIALS_DIR, readTemplateFolder, type FilledTemplate, type FillTemplatesOptions, type TemplateFolder, type TemplateSource } from './fill.js';
export { SOURCE_PI_TARGET } from './annotate.js';
