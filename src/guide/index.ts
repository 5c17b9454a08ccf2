export { loadGuide, parseGuide } from './load.js';
export type * from './types.js';
