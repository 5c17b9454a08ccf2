import { describe, expect, it } from 'vitest';
import { readCsvRows, type CsvEncoding } from '../../src/values/index.js';
import { spreadsheetBytes, type People } from '../helpers/encoded-csv.js';

const FIELDS = ['name', 'number', 'id-type', 'id-number', 'date'];

async function namesRead(people: People, encoding: CsvEncoding | 'gbk', rows: number, asked?: CsvEncoding) {
  const { bytes, names } = spreadsheetBytes(people, encoding, { rows, byteOrderMark: encoding.startsWith('utf-16'), delimiter: encoding.startsWith('utf-16') ? '\t' : ',' });
  const read: string[] = [];
  for await (const record of readCsvRows({ bytes, name: 'people.csv' }, FIELDS, asked)) {
    if ('problem' in record) throw record.problem;
    read.push(String(record.raw.name));
  }
  return { bytes, names, read };
}

describe('reading a CSV file', () => {
  // Longer than the 64 KB its encoding is told from: the sample ends on a whole line, never inside a
  // character (in UTF-16 a line feed's byte 0x0A also stands inside characters such as 上, 0A 4E).
  it.each([
    ['everyone', 'utf-16le', undefined],
    ['everyone', 'utf-16le', 'utf-16le'],
    ['everyone', 'utf-16be', 'utf-16be'],
    ['everyone', 'utf-8', 'utf-8'],
    ['gbk', 'gbk', 'gb18030'],
    ['euc-kr', 'euc-kr', undefined],
  ] as const)('reads every row of a long %s file in %s (asked: %s)', async (people, encoding, asked) => {
    const { bytes, names, read } = await namesRead(people, encoding, 3000, asked);
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    expect(read).toEqual(names);
  });
});
