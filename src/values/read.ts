import { extname } from 'node:path';
import { parse } from 'yaml';
import { ValueError } from '../diagnostics.js';
import { MOST_SOURCE_BYTES, readAtMost } from '../read-limited.js';
import type { RawValues } from './types.js';

/** A person's answers from a YAML or JSON file: a mapping of field id to value (a list for checkboxes). */
export async function readValuesFile(file: string): Promise<RawValues> {
  let data: unknown;
  try {
    const text = readValuesText(file);
    // failsafe: 09171234567 stays a string instead of a number that loses its leading 0.
    data = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parse(text, { schema: 'failsafe' });
  } catch (cause) {
    if (cause instanceof ValueError) throw cause;
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    // The parser's message may quote the file's contents, which are personal data.
    throw new ValueError(missing ? 'no such file' : 'cannot be read as YAML or JSON', { file, cause, hint: 'pass a YAML or JSON file of field ids and values with --data' });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ValueError('must be a mapping of field ids to values', { file, hint: 'write one "id: value" line per field' });
  }
  return Object.fromEntries(Object.entries(data).map(([id, value]) => [id, Array.isArray(value) ? value.join(',') : String(value ?? '')]));
}

function readValuesText(file: string): string {
  const { bytes, tooLarge } = readAtMost(file, MOST_SOURCE_BYTES);
  if (tooLarge) throw new ValueError(`is larger than ${MOST_SOURCE_BYTES / 1024 / 1024} MB, far more than one person's details`, { file, hint: 'pass a YAML or JSON file of field ids and values with --data' });
  return bytes.toString('utf8');
}
