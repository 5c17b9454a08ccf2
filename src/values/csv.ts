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
        const message = said(`has ${record.length} columns but the header has ${header.length}`, `有 ${record.length} 列，而标题行有 ${header.length} 列`);
        yield { row, problem: new ValueError(message, { file, row, hint: said('quote values that contain commas', '含逗号的值请加引号') }) };
        continue;
      }
      yield { row, raw: Object.fromEntries(header.map((id, index) => [id, record[index]!])) };
    }
  } catch (cause) {
    throw csvError(cause, file);
  }
  if (!header) throw new ValueError(said('is empty', '是空文件'), { file, hint: said('the first row must name the field ids, such as name,number,id-type', '第一行须写栏目名称，如 name,number,id-type') });
}

function checkHeader(record: readonly string[], fieldIds: readonly string[], file: string): string[] {
  const header = record.map((cell) => cell.trim());
  const problems = header.flatMap((id, index) => {
    const at = { file, row: 1, path: `column ${index + 1}` };
    if (!id) return [new ValueError(said('has no field id', '没有栏目名称'), { ...at, hint: said('name every column, or delete the empty one', '请给每一列写上名称，或删去空列') })];
    if (!fieldIds.includes(id)) return [unknownColumn(id, fieldIds, at)];
    return header.indexOf(id) === index ? [] : [new ValueError(said(`repeats the field id "${id}"`, `栏目名称“${id}”重复了`), at)];
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
    return new ValueError(said(`names no field: "${cell}"`, `没有这个栏目：“${cell}”`), { ...at, hint: suggestNameSaid(cell, fieldIds, said('field ids', '栏目名称')) });
  }
  const message = said('is not a field id (the cell is not shown, as it may be personal data)', '不是栏目名称（可能是个人信息，故不显示）');
  return new ValueError(message, { ...at, hint: said(`the first row must name the fields: ${fieldIds.join(',')}`, `第一行须写栏目名称：${fieldIds.join(',')}`) });
}

function csvError(cause: unknown, file: string): Error {
  if (cause instanceof HandoutsError) return cause;
  const error = cause as CsvError & { lines?: number };
  if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return new ValueError('no such file', { file, hint: 'pass a CSV file with --batch' });
  // csv-parse messages quote the offending characters, which may be personal data.
  const what = error.code === 'CSV_QUOTE_NOT_CLOSED' ? said('a quoted value is never closed', '有一个引号没有闭合') : said(`is not valid CSV (${error.code ?? 'unreadable'})`, `不是有效的 CSV 文件（${error.code ?? '无法读取'}）`);
  return new ValueError(what, { file, line: error.lines, hint: said('save it again from the spreadsheet as CSV UTF-8', '请在电子表格中重新另存为 CSV UTF-8'), cause });
}
