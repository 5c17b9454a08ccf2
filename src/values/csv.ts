import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import iconv from 'iconv-lite';
import { HandoutsError, said, throwProblems, ValueError } from '../diagnostics.js';
import { readAtMost } from '../read-limited.js';
import { closestName, suggestNameSaid } from '../suggest.js';
import { chooseEncoding, wholeLines, type CsvEncoding, type Lookalike } from './encoding.js';
import type { RawValues } from './types.js';

/** One data row of a CSV file, numbered as a spreadsheet shows it (the header is row 1). */
export type CsvRecord = { row: number; raw: RawValues } | { row: number; problem: ValueError };

/** A CSV file by its path, or one already in memory (an upload), named for messages. */
export type CsvSource = string | { bytes: Uint8Array; name: string };

/**
 * Streams a CSV file as spreadsheets save it: in any of the encodings Excel writes (see
 * CSV_ENCODINGS), found from its bytes unless `encoding` names it; with commas, semicolons or
 * tabs between its values, as its header row has them; CRLF, quoted values with delimiters and
 * line breaks. The header row names the field ids; a header problem stops everything, a row
 * with the wrong number of columns is reported for that row. A file whose encoding cannot be
 * told, or whose text holds U+FFFD (bytes that were no text of it), is refused whole: no form
 * may print garbled names.
 */
export async function* readCsvRows(source: CsvSource, fieldIds: readonly string[], encoding?: CsvEncoding): AsyncGenerator<CsvRecord> {
  const file = typeof source === 'string' ? source : source.name;
  let header: string[] | undefined;
  let row = 0;
  try {
    const sample = sampleOf(source);
    const chosen = chooseEncoding(sample, encoding);
    if (!('encoding' in chosen)) throw unreadable(file, chosen.likely, encoding);
    const input = typeof source === 'string' ? createReadStream(source) : Readable.from([source.bytes]);
    const delimiter = delimiterOf(iconv.decode(sample, chosen.encoding));
    const parser = input.pipe(iconv.decodeStream(chosen.encoding)).pipe(parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: true }));
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      if (record.some((cell) => cell.includes('\uFFFD'))) throw garbled(file, row, chosen.encoding);
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

/** The most of a file its encoding and delimiter are told from. */
const SAMPLE_BYTES = 64 * 1024;

/** The whole file when it is short, or its first whole lines: one byte more than a sample tells whether it holds them all. */
function sampleOf(source: CsvSource): Uint8Array {
  const start = typeof source === 'string' ? readAtMost(source, SAMPLE_BYTES).bytes : source.bytes.subarray(0, SAMPLE_BYTES + 1);
  return start.length > SAMPLE_BYTES ? wholeLines(start.subarray(0, SAMPLE_BYTES)) : start;
}

/** The delimiter the header row uses most: Excel writes commas, semicolons where the decimal mark is a comma, and tabs in "Unicode text". */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r|\n|$/));
  const counts = [',', ';', '\t'].map((delimiter) => ({ delimiter, count: header.split(delimiter).length }));
  return counts.reduce((most, each) => (each.count > most.count ? each : most)).delimiter;
}

/** Each encoding by its technical name, the same in every language. */
const ENCODING_LABELS: Record<CsvEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  gb18030: 'GB18030/GBK',
  big5: 'Big5',
  shift_jis: 'Shift_JIS',
  'euc-kr': 'EUC-KR',
};

/** The file's encoding cannot be told, or is not the one asked for: what it looks like, and how to save it as UTF-8 from Excel. */
function unreadable(file: string, likely: Lookalike | undefined, asked: CsvEncoding | undefined): ValueError {
  const message = asked ? said('csv.notAsked', { asked: ENCODING_LABELS[asked] }) : said('csv.unsure');
  return new ValueError(message, { file, hint: said('csv.saveAsUtf8.hint', { looks: likely ? selector(likely) : 'none' }) });
}

/** A name as an ICU message selects on it: a selector may hold no hyphen. */
export function selector(name: string): string {
  return name.replaceAll('-', '_');
}

function garbled(file: string, row: number, encoding: CsvEncoding): ValueError {
  return new ValueError(said('csv.garbled', { encoding: ENCODING_LABELS[encoding] }), { file, row, hint: said('csv.saveAsUtf8.hint', { looks: 'none' }) });
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
