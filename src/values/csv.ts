import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import iconv from 'iconv-lite';
import { HandoutsError, said, throwProblems, ValueError, type Said } from '../diagnostics.js';
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
    const sample = await sampleOf(source);
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

/** The most of a file its encoding and delimiter are told from. */
const SAMPLE_BYTES = 64 * 1024;

/** The whole file when it is short, or its first whole lines. */
async function sampleOf(source: CsvSource): Promise<Uint8Array> {
  const start = typeof source === 'string' ? await readStart(source) : source.bytes.subarray(0, SAMPLE_BYTES + 1);
  return start.length > SAMPLE_BYTES ? wholeLines(start.subarray(0, SAMPLE_BYTES)) : start;
}

/** A file's first bytes: one more than a sample holds, to know whether it holds them all. */
async function readStart(path: string): Promise<Uint8Array> {
  const handle = await open(path);
  try {
    const { buffer, bytesRead } = await handle.read(new Uint8Array(SAMPLE_BYTES + 1), 0, SAMPLE_BYTES + 1, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The delimiter the header row uses most: Excel writes commas, semicolons where the decimal mark is a comma, and tabs in "Unicode text". */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r|\n|$/));
  const counts = [',', ';', '\t'].map((delimiter) => ({ delimiter, count: header.split(delimiter).length }));
  return counts.reduce((most, each) => (each.count > most.count ? each : most)).delimiter;
}

/** Each encoding as a person knows it: Excel's and Windows' name for it, and its language. */
export const ENCODING_NAMES: Record<CsvEncoding, Said> = {
  'utf-8': said('UTF-8', 'UTF-8'),
  'utf-16le': said('UTF-16 LE (Unicode text)', 'UTF-16 LE（Unicode 文本）'),
  'utf-16be': said('UTF-16 BE', 'UTF-16 BE'),
  gb18030: said('GB18030/GBK (Simplified Chinese)', 'GB18030/GBK（简体中文）'),
  big5: said('Big5 (Traditional Chinese)', 'Big5（繁体中文）'),
  shift_jis: said('Shift_JIS (Japanese)', 'Shift_JIS（日文）'),
  'euc-kr': said('EUC-KR (Korean)', 'EUC-KR（韩文）'),
};

/** What each encoding, or thing a file may be instead, is called where a person meets it. */
const LOOKALIKES: Record<Lookalike, Said> = {
  ...ENCODING_NAMES,
  'windows-1252': said('Windows-1252 (Western European)', 'Windows-1252（西欧语言）'),
  'utf-16-unmarked': said('UTF-16 without a byte-order mark', '不带字节顺序标记的 UTF-16'),
  xlsx: said('an Excel workbook (.xlsx), not CSV', 'Excel 工作簿（.xlsx），而不是 CSV'),
};

const SAVE_AS_UTF8 = said(
  'open it in Excel, choose File > Save As, save as "CSV UTF-8 (Comma delimited) (*.csv)" and use the new file',
  '请用 Excel 打开，选择“文件 > 另存为”，保存类型选“CSV UTF-8(逗号分隔)(*.csv)”，再使用新保存的文件',
);

function unreadable(file: string, likely: Lookalike | undefined, asked: CsvEncoding | undefined): ValueError {
  const looks = likely && LOOKALIKES[likely];
  const askedName = asked && LOOKALIKES[asked];
  const message = askedName
    ? said(`cannot be read as ${askedName.en}, the encoding asked for${looks ? `: it looks like ${looks.en}` : ''}`, `无法按指定的编码 ${askedName.zh} 读取${looks ? `：看来是 ${looks.zh}` : ''}`)
    : said(`is not saved as UTF-8, and its encoding cannot be told for sure${looks ? ` (it looks like ${looks.en})` : ''}`, `不是 UTF-8 编码，也无法确定是哪种编码${looks ? `（看来是 ${looks.zh}）` : ''}`);
  return new ValueError(message, { file, hint: SAVE_AS_UTF8 });
}

function garbled(file: string, row: number, encoding: CsvEncoding): ValueError {
  const name = LOOKALIKES[encoding];
  const message = said(`holds characters that are not ${name.en} text (shown as �): the file was garbled when it was saved, or is in another encoding`, `含有不属于 ${name.zh} 的字符（显示为 �）：文件保存时已出错，或是其他编码`);
  return new ValueError(message, { file, row, hint: SAVE_AS_UTF8 });
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
