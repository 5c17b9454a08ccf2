import { describe, expect, it } from 'vitest';
import { commonCharacters, frequentCharacters } from '../../src/fonts/common-characters.js';

const has = (set: ReadonlySet<number> | undefined, characters: string) =>
  [...characters].every((character) => set?.has(character.codePointAt(0)!));

describe('the common characters of a language', () => {
  it.each([
    // 通用规范汉字表 (2013): 8,105 characters, among them 镕 (of 朱镕基), which GB 2312 lacks.
    ['zh-Hans', 8105, '镕陈大文王', '陳鎔'],
    ['zh', 8105, '镕陈', '陳'],
    ['zh-CN', 8105, '镕陈', '陳'],
    // Big5's 5,401 common and 7,652 less common characters; iconv-lite keeps its two doubled
    // characters apart (兀 at C94A becomes a compatibility ideograph), so none is lost.
    ['zh-Hant', 13053, '陳大文鎔', '陈'],
    ['zh-TW', 13053, '陳', '陈'],
    ['zh-HK', 13053, '陳', '陈'],
    // JIS X 0208: 524 symbols and kana and 6,355 kanji.
    ['ja', 6879, '山田花子あア，。', '김'],
    // KS X 1001: 2,350 Hangul syllables, 4,888 Hanja and 988 symbols (the euro and ® since 1998).
    ['ko', 8226, '김민준金', '镕'],
  ])('%s: %i characters, with %s and without %s', (tag, count, within, without) => {
    const characters = commonCharacters(tag);
    expect(characters?.size).toBe(count);
    expect(has(characters, within)).toBe(true);
    for (const character of without) expect(has(characters, character)).toBe(false);
  });

  it('holds no replacement character or ASCII, whatever the code page leaves unassigned', () => {
    for (const tag of ['zh-Hans', 'zh-Hant', 'ja', 'ko']) {
      const codePoints = [...commonCharacters(tag)!];
      expect(codePoints).not.toContain(0xfffd);
      expect(codePoints.every((codePoint) => codePoint > 0x7f)).toBe(true);
    }
  });

  it.each(['en', 'fil', 'vi'])('is none for %s, whose letters no such standard lists', (tag) => {
    expect(commonCharacters(tag)).toBeUndefined();
  });
});

describe('the frequent characters of a language', () => {
  it.each([
    // 通用规范汉字表's first level, Big5's 常用字, JIS X 0208's rows 1–8 and level-1 kanji, KS X 1001's Hangul.
    ['zh-Hans', 3500, '陈大文王'],
    ['zh-Hant', 5401, '陳大文王'],
    ['ja', 524 + 2965, '山田花子あア'],
    ['ko', 2350, '김민준'],
  ])('%s: %i characters, with %s, all among its common characters', (tag, count, within) => {
    const frequent = frequentCharacters(tag)!;
    expect(frequent.size).toBe(count);
    expect(has(frequent, within)).toBe(true);
    const common = commonCharacters(tag)!;
    expect([...frequent].filter((codePoint) => !common.has(codePoint))).toEqual([]);
  });
});
