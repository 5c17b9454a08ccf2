import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { HandoutsError, said, throwProblems, ValueError } from '../diagnostics.js';
import { closestName, suggestNameSaid } from '../suggest.js';
import type { RawValues } from './types.js';

/** One data row of a CSV file, numbered as a spreadsheet shows it (the header is row 1). */
export type CsvRecord = { row: number; raw: RawValues } | { row: number; problem: ValueError };

/** A CSV file by its path, or one already in memory (an upload), named for messages. */
export type CsvSource = string | { bytes: Uint8Array; name: string };

/**
 * Streams a CSV file as spreadsheets export it (UTF-8 with or without BOM, CRLF, quoted fields
 * with commas and line breaks). The header row names the field ids; a header problem stops
 * everything, a row with the wrong number of columns is reported for that row.
 */
export async function* readCsvRows(source: CsvSource, fieldIds: readonly string[]): AsyncGenerator<CsvRecord> {
  const file = typeof source === 'string' ? source : source.name;
  const input = typeof source === 'string' ? createReadStream(source) : Readable.from([source.bytes]);
  const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
  let header: string[] | undefined;
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      if (!header) {
        header = checkHeader(record, fieldIds, file);
        continue;
      }
      if (record.length !== header.length) {
        const message = said('csv.columnCount', { count: String(record.length), expected: String(header.length) });
        yield { row, problem: new ValueError(message, { file, row, hint: said('csv.columnCount.hint') }) };
        continue;
      }
      yield { row, raw: Object.fromEntries(header.map((id, index) => [id, record[index]!])) };
    }
  } catch (cause) {
    throw csvError(cause, file);
  }
  if (!header) throw new ValueError(said('csv.empty'), { file, hint: said('csv.empty.hint') });
}

function checkHeader(record: readonly string[], fieldIds: readonly string[], file: string): string[] {
  const header = record.map((cell) => cell.trim());
  const problems = header.flatMap((id, index) => {
    const at = { file, row: 1, path: `column ${index + 1}` };
    if (!id) return [new ValueError(said('csv.noFieldId'), { ...at, hint: said('csv.noFieldId.hint') })];
    if (!fieldIds.includes(id)) return [unknownColumn(id, fieldIds, at)];
    return header.indexOf(id) === index ? [] : [new ValueError(said('csv.repeatedId', { id }), at)];
  });
  throwProblems(problems);
  return header;
}

/**
 * Without a header row the first person's details stand where the ids should be, so a cell is
 * quoted only when it is a near miss of a field id, a typo rather than a value.
 */
function unknownColumn(cell: string, fieldIds: readonly string[], at: { file: string; row: number; path: string }): ValueError {
  const closest = closestName(cell, fieldIds);
  if (closest) {
    return new ValueError(said('csv.unknownColumn', { cell }), { ...at, hint: suggestNameSaid(cell, fieldIds, 'fieldIds') });
  }
  return new ValueError(said('csv.notFieldId'), { ...at, hint: said('csv.notFieldId.hint', { known: fieldIds.join(',') }) });
}

function csvError(cause: unknown, file: string): Error {
  if (cause instanceof HandoutsError) return cause;
  const error = cause as CsvError & { lines?: number };
  if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return new ValueError('no such file', { file, hint: 'pass a CSV file with --batch' });
  // csv-parse messages quote the offending characters, which may be personal data.
  const what = error.code === 'CSV_QUOTE_NOT_CLOSED' ? said('csv.unclosedQuote') : said('csv.invalid', { code: error.code ?? 'unreadable' });
  return new ValueError(what, { file, line: error.lines, hint: said('csv.invalid.hint'), cause });
}
