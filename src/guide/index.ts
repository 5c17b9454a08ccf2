export { loadGuide, parseGuide, type GuideOptions } from './load.js';
export type * from './types.js';
export { selectLanguage } from './edition.js';
