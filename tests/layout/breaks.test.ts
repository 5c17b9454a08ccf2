import { describe, expect, it } from 'vitest';
import { breakSegments, phraseBoundaries, phraseSegments } from '../../src/layout/breaks.js';

const cuts = (segments: { text: string }[]) => segments.map((segment) => segment.text);

describe('where a line may end', () => {
  it('is between Korean words only, never between the syllables of a word', () => {
    expect(cuts(breakSegments('SIM 카드는 해지하기 전에 확인하세요.', 'ko'))).toEqual(['SIM ', '카드는 ', '해지하기 ', '전에 ', '확인하세요.']);
  });

  it('is never after the hyphen of a Latin word in a CJK text, but is in English', () => {
    expect(cuts(breakSegments('ACR I-Card를 가져가세요', 'ko'))).toEqual(['ACR ', 'I-Card를 ', '가져가세요']);
    expect(cuts(breakSegments('带上ACR I-Card', 'zh-Hans')).join('|')).not.toContain('I-|');
    expect(cuts(breakSegments('a well-known card', 'en'))).toEqual(['a ', 'well-', 'known ', 'card']);
  });

  it('is between any two Chinese characters, kinsoku kept, phrase ends marked', () => {
    const segments = breakSegments('线上和线下两种注销方式。', 'zh-Hans');
    expect(segments.map((segment) => segment.text).join('')).toBe('线上和线下两种注销方式。');
    expect(segments.at(-1)!.text).toBe('式。');
    expect(segments.filter((segment) => segment.phraseEnd).length).toBeLessThan(segments.length);
    expect(segments.at(-1)!.phraseEnd).toBe(true);
  });

  it('is only between phrases in a heading, as BudouX finds them', () => {
    expect(cuts(phraseSegments('フィリピンを本帰国する前に携帯プランの解約を', 'ja'))).toEqual(['フィリピンを', '本帰国する', '前に', '携帯プランの', '解約を']);
    expect(cuts(phraseSegments('Smart卡电话卡如何注销', 'zh-Hans')).join('|')).not.toMatch(/Smar\||t\|卡/u);
  });

  it('counts a space as a phrase boundary in any language', () => {
    expect([...phraseBoundaries('How to cancel', 'en')]).toEqual([4, 7]);
  });
});
