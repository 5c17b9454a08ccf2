import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, detectEncoding, wholeLines, type CsvEncoding } from '../../src/values/encoding.js';
import { PEOPLE, spreadsheetBytes, spreadsheetText, type People } from '../helpers/encoded-csv.js';

/** Each legacy code page, the people whose spreadsheets are saved in it, and WHATWG's label for it. */
const LEGACY: [CsvEncoding, People, string][] = [
  ['gb18030', 'gbk', 'gbk'],
  ['big5', 'big5', 'big5'],
  ['shift_jis', 'shift_jis', 'shift_jis'],
  ['euc-kr', 'euc-kr', 'euc-kr'],
];

const REASONS = {
  gbk: ['回国了，注销Smart卡', '换了新号码', '不再使用这张SIM卡', '手机丢了'],
  big5: ['回國了，註銷Smart卡', '換了新號碼', '不再使用這張SIM卡', '手機掉了'],
  shift_jis: ['帰国のため解約します', 'SIMカードを使わなくなった', '新しい番号にしました', '携帯をなくしました'],
  'euc-kr': ['귀국해서 해지합니다', 'SIM카드를 더 이상 안 써요', '새 번호로 바꿨어요', '휴대폰을 잃어버렸어요'],
};

describe('a CSV file’s encoding', () => {
  it.each(LEGACY)('%s: the fixture’s bytes are its names, as the browser’s decoder (ICU, not iconv-lite) reads them', (encoding, people, label) => {
    const { bytes } = spreadsheetBytes(people, encoding, { rows: 4 });
    expect(new TextDecoder(label, { fatal: true }).decode(bytes)).toBe(spreadsheetText(people, { rows: 4 }).text);
  });

  // Measured over every name of each list: one or two people's file is sometimes left unsure (and
  // then refused), never taken for another encoding; from three people on, each file is told right.
  it.each(LEGACY)('%s: told from its bytes, never for another, surely from three people', (encoding, people) => {
    for (const rows of [1, 2, 3]) {
      for (let from = 0; from < PEOPLE[people].names.length; from++) {
        const detected = detectEncoding(spreadsheetBytes(people, encoding, { rows, from }).bytes);
        if ('encoding' in detected) expect(detected.encoding, `${rows} from ${from}`).toBe(encoding);
        else expect(rows, `${rows} from ${from}`).toBeLessThan(3);
      }
    }
  });

  // A sentence tells more than a name: with a reason for cancelling, each one person's file is told.
  it.each(LEGACY)('%s: one person with a reason, mixed with Latin letters (Smart卡), is told surely', (encoding, people, label) => {
    const reasons = REASONS[label as keyof typeof REASONS];
    PEOPLE[people].names.forEach((name, index) => {
      const text = `name,number,id-type,id-number,reason,date\r\n${name},0917 123 4567,passport,E1,"${reasons[index % reasons.length]}",2026-01-05\r\n`;
      expect(detectEncoding(new Uint8Array(iconv.encode(text, label))), name).toEqual({ encoding });
    });
  });

  it.each([
    ['utf-8', false],
    ['utf-8', true],
    ['utf-16le', true],
    ['utf-16be', true],
  ] as const)('%s (byte-order mark: %s) is told from its bytes', (encoding, byteOrderMark) => {
    const { bytes } = spreadsheetBytes('western', encoding, { rows: 2, byteOrderMark, delimiter: '\t' });
    expect(detectEncoding(bytes)).toEqual({ encoding });
  });

  it('takes a Western code page’s "Niño" for no Chinese, and names it', () => {
    for (let from = 0; from < 4; from++) expect(detectEncoding(spreadsheetBytes('western', 'windows-1252', { rows: 1, from }).bytes)).toEqual({ likely: 'windows-1252' });
  });

  it('names an Excel workbook chosen in place of its CSV export, and UTF-16 without its mark', () => {
    expect(detectEncoding(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]))).toEqual({ likely: 'xlsx' });
    expect(detectEncoding(new Uint8Array(iconv.encode('name,number\r\n', 'utf-16le')))).toEqual({ likely: 'utf-16-unmarked' });
  });

  it('reads a file in the encoding asked for, unless its bytes are surely in another', () => {
    const { bytes } = spreadsheetBytes('gbk', 'gbk', { rows: 4 });
    expect(chooseEncoding(bytes, 'gb18030')).toEqual({ encoding: 'gb18030' });
    expect(chooseEncoding(bytes, 'big5')).toEqual({ likely: 'gb18030' });
    expect(chooseEncoding(bytes, 'utf-8')).toEqual({ likely: 'gb18030' });
    // A file of ASCII reads alike in all of them.
    expect(chooseEncoding(new TextEncoder().encode('name\r\nAna\r\n'), 'big5')).toEqual({ encoding: 'big5' });
  });

  it('cuts the start of a long file after its last whole line, never inside a character', () => {
    const cut = (text: string, encoding: string, byteOrderMark = false) => {
      const bytes = new Uint8Array(iconv.encode(text, encoding, { addBOM: byteOrderMark }));
      return iconv.decode(Buffer.from(wholeLines(bytes.subarray(0, bytes.length - 1))), encoding);
    };
    expect(cut('name\r\n陈大文\r\n李四', 'gbk')).toBe('name\r\n陈大文\r\n');
    expect(cut('name\r\n陈大文', 'utf-8')).toBe('name\r\n');
    // 上 is 0A 4E in UTF-16 LE: its 0x0A is no line feed.
    expect(cut('name\r\n上\r\n上上', 'utf-16le', true)).toBe('name\r\n上\r\n');
    expect(cut('name\r\n上\r\n上上', 'utf-16be', true)).toBe('name\r\n上\r\n');
  });
});
