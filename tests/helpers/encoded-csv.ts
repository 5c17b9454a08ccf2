import iconv from 'iconv-lite';
import type { CsvEncoding } from '../../src/values/index.js';

/**
 * Made-up people with common names of each language, in the encoding a spreadsheet of that
 * language's Windows saves them in: the shipped guide's id-type takes its Chinese label too.
 */
export const PEOPLE = {
  gbk: { idType: '护照', names: '陈大文 王镕 李四 张伟 刘洋 杨秀英 黄磊 赵敏 周杰 吴静 徐丽 孙强 马超 胡军 郭芳 何勇 林娜 罗刚 高峰 梁燕 郑欣怡 谢婷 宋佳 唐晓东 许文博 韩雪 冯涛 邓超 曹颖 王小明'.split(' ') },
  big5: { idType: 'passport', names: '陳大文 王小明 李志強 張偉 劉洋 楊秀英 黃磊 趙敏 周傑 吳靜 林美玲 蔡宗翰 鄭家豪 謝婷婷 許文華 洪淑芬 郭俊傑 曾雅琪 廖志明 賴怡君 陳怡伶 黃冠宇 張雅婷 李家瑋'.split(' ') },
  shift_jis: { idType: 'passport', names: '山田花子 佐藤健 鈴木一郎 高橋美咲 田中太郎 伊藤さくら 渡辺翔太 中村あゆみ 小林陽子 加藤大輔 吉田裕子 山本直樹 松本恵 井上拓也 木村由美 斎藤ひなた 清水蓮 山口結衣'.split(' ') },
  'euc-kr': { idType: 'passport', names: '김민준 이서연 박지훈 최수빈 정예은 강동현 조하은 윤서준 장민서 임도윤 한지민 오승우 서지아 신유진 권태양 황보민 안지호 송하윤'.split(' ') },
  // Beyond GBK: 𫖯 is in 通用规范汉字表 and takes four bytes in GB18030.
  gb18030: { idType: '护照', names: ['陈大文', '赵𫖯', '王镕', '李四'] },
  western: { idType: 'passport', names: ['Niño Santos', 'María Peña', 'José Rizal', 'Ana Muñoz'] },
  // For the Unicode encodings, which hold every script at once.
  everyone: { idType: 'passport', names: ['Niño Santos', '陈大文', '山田花子', '김민준'] },
} as const;

export type People = keyof typeof PEOPLE;

export interface SpreadsheetOptions {
  /** How many people, from the list's `from`-th on (wrapping round). */
  rows: number;
  from?: number;
  delimiter?: ',' | ';' | '\t';
  byteOrderMark?: boolean;
}

/** A CSV file of these people as text: a header of field ids, then one person a row, CRLF. */
export function spreadsheetText(people: People, { rows, from = 0, delimiter = ',' }: SpreadsheetOptions): { text: string; names: string[] } {
  const { idType, names: all } = PEOPLE[people];
  const names = Array.from({ length: rows }, (_, index) => all[(from + index) % all.length]!);
  const lines = names.map((name, index) => [name, `0917 123 ${4567 + index}`, idType, `E${1000 + index}`, '2026-01-05'].join(delimiter));
  return { text: [['name', 'number', 'id-type', 'id-number', 'date'].join(delimiter), ...lines, ''].join('\r\n'), names };
}

/** The same file's bytes in an encoding (iconv-lite's name), with a byte-order mark if asked. */
export function spreadsheetBytes(people: People, encoding: CsvEncoding | 'gbk' | 'windows-1252', options: SpreadsheetOptions): { bytes: Uint8Array; names: string[] } {
  const { text, names } = spreadsheetText(people, options);
  return { bytes: new Uint8Array(iconv.encode(text, encoding, { addBOM: options.byteOrderMark ?? false })), names };
}
