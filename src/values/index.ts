export { entriesOf, validateValues } from './validate.js';
export type * from './types.js';
export { readValuesFile } from './read.js';
export { readCsvRows, selector, type CsvSource } from './csv.js';
export { CSV_ENCODINGS, type CsvEncoding } from './encoding.js';
