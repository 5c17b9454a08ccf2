export { loadGuide, parseGuide, parseGuideData, readGuideFile, type GuideSource, type GuideData, type GuideOptions, type Printable } from './load.js';
export type * from './types.js';
export { selectLanguage } from './edition.js';
