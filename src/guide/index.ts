export { loadGuide, parseGuide, parseGuideData, type GuideSource, type GuideData, type GuideOptions, type Printable, type ValidatedGuides } from './load.js';
export type * from './types.js';
export { selectLanguage } from './edition.js';
