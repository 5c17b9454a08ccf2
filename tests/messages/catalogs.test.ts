import { describe, expect, it } from 'vitest';
import { CATALOG_LANGUAGES, catalogOf, english, guideSpeakers, MESSAGE_IDS, messageProblem, missingMessages, speakerFor, valuesOf } from '../../src/messages/index.js';

/** A value for each name a message takes, as the tool gives them. */
const sample = (id: (typeof MESSAGE_IDS)[number]) => Object.fromEntries([...valuesOf(id)].map((name) => [name, name === 'code' ? 'unreadable' : '7']));

describe('the message catalogs', () => {
  it.each(CATALOG_LANGUAGES)('%s has every message, each a valid ICU message naming only the values the tool gives', (tag) => {
    expect(missingMessages(tag)).toEqual([]);
    const speaker = speakerFor(tag);
    for (const id of MESSAGE_IDS) {
      expect(messageProblem(id, speaker.written(id), tag), id).toBeUndefined();
      expect(speaker.say({ id, values: sample(id) }), id).not.toMatch(/^\s*$|[{}]/);
    }
  });

  it.each(CATALOG_LANGUAGES.filter((tag) => tag !== 'en'))('%s is written in its own words, not left in English', (tag) => {
    const speaker = speakerFor(tag);
    const same = MESSAGE_IDS.filter((id) => speaker.written(id) === english.written(id));
    expect(same).toEqual(['paper.a4']);
  });

  it('fills in values with the language’s own number forms and choices', () => {
    expect(english.say({ id: 'batch.help', values: { most: 1000 } })).toContain('at most 1,000 a file');
    expect(speakerFor('zh-Hans').say({ id: 'csv.invalid', values: { code: 'unreadable' } })).toBe('不是有效的 CSV 文件（无法读取）');
    expect(speakerFor('ja').say({ id: 'value.phoneDigits.hint', values: { example: '0917 123 4567' } })).toBe('例：0917 123 4567');
  });

  it('reads a language tag as its catalog: Chinese by script or region, Tagalog as Filipino', () => {
    const read = (tags: string[]) => tags.map(catalogOf);
    expect(read(['zh', 'zh-CN', 'zh-Hans', 'zh-SG'])).toEqual(Array(4).fill('zh-Hans'));
    expect(read(['zh-TW', 'zh-HK', 'zh-Hant', 'zh-Hant-TW'])).toEqual(Array(4).fill('zh-Hant'));
    expect(read(['ja-JP', 'ko-KR', 'en-PH', 'fil-PH', 'tl'])).toEqual(['ja', 'ko', 'en', 'fil', 'fil']);
    expect(read(['vi', 'ceb', 'not a tag'])).toEqual([undefined, undefined, undefined]);
  });

  it('says a language without a catalog in English, and a guide’s own words over any catalog', () => {
    const [vietnamese, japanese] = guideSpeakers({ languages: { primary: { tag: 'vi' }, secondary: { tag: 'ja' } }, ui: { 'form.download': { primary: 'Tải PDF' }, 'form.paper': { secondary: '用紙サイズ' } } });
    expect(vietnamese.say({ id: 'form.download' })).toBe('Tải PDF');
    expect(vietnamese.say({ id: 'form.layout' })).toBe('Layout');
    expect(japanese.say({ id: 'form.paper' })).toBe('用紙サイズ');
    expect(japanese.say({ id: 'form.layout' })).toBe('レイアウト');
    expect(missingMessages('vi', { 'form.download': 'Tải PDF' })).toHaveLength(MESSAGE_IDS.length - 1);
  });

  it('refuses a message that is not ICU MessageFormat, or names a value the tool never gives', () => {
    expect(messageProblem('batch.row', 'hàng {row', 'vi')).toMatch(/^is not a valid ICU message/);
    expect(messageProblem('batch.row', 'hàng {line}', 'vi')).toBe('names {line}, which this message is not given (it is given {row})');
    expect(messageProblem('batch.row', '{row, plural, one {# hàng} other {# hàng}}', 'vi')).toBeUndefined();
  });
});
