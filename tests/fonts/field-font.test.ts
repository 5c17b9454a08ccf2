import { describe, expect, it } from 'vitest';
import { fieldCharacters, uncommonCharacters } from '../../src/fonts/field-font.js';

const sorted = (characters: string) => [...characters].sort().join('');

describe('the characters of a field font', () => {
  it('are its language’s common characters, Latin and every printed one: the printed ones beyond the others tell one field font from another', () => {
    const printed = 'Smart卡 é 陳①😀 卡 陳';
    expect(uncommonCharacters(['zh-Hans', 'en'], printed)).toBe(sorted('陳①😀'));
    expect(fieldCharacters(['zh-Hans', 'en'], [uncommonCharacters(['zh-Hans', 'en'], printed)])).toEqual(fieldCharacters(['zh-Hans', 'en'], [printed]));
  });

  it('take the common characters of the first language that has them, else Simplified Chinese’s', () => {
    expect(uncommonCharacters(['en', 'ja'], '陈山')).toBe('陈');
    expect(uncommonCharacters(['en', 'fil'], '陈山')).toBe('');
  });
});
