import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadFonts } from '../../src/fonts/index.js';
import { runText } from '../helpers/layout.js';

const fonts = await loadFonts();
const BILINGUAL = ['zh-Hans', 'en'];

/** A measurer from a fresh copy of the module, before any text has been cut into words. */
async function freshMeasurer(lang = 'zh-Hans', documentLangs = BILINGUAL) {
  vi.resetModules();
  const { createMeasurer, textSetting } = await import('../../src/layout/measure.js');
  return createMeasurer(textSetting(fonts, lang, documentLangs));
}

/** Counts the segmenters made from now on; each is still ICU's own. */
function countSegmenters(): { made: number } {
  const count = { made: 0 };
  const Segmenter = Intl.Segmenter;
  vi.spyOn(Intl, 'Segmenter').mockImplementation(function (...args: ConstructorParameters<typeof Intl.Segmenter>) {
    count.made++;
    return new Segmenter(...args);
  } as unknown as typeof Intl.Segmenter);
  return count;
}

afterEach(() => {
  vi.restoreAllMocks();
});

const face = (family: keyof typeof fonts.families) => fonts.families[family].regular.name;

describe('measuring text', () => {
  it('sets text without Han or kana that the first face has whole as one run of it, without ICU’s word rules', async () => {
    const segmenters = countSegmenters();
    const measurer = await freshMeasurer();
    const text = 'Ana Cruz-Santos, 0917 123 4567 (passport E12345678)';
    expect(measurer.shape(text, 'regular', 10).runs.map((run) => [runText(run), run.face, run.x])).toEqual([[text, face('Noto Sans SC'), 0]]);
    expect(segmenters.made).toBe(0);
  });

  it('sets CJK text that the first face has whole in it, cut only where Han meets Latin, without ICU’s word rules', async () => {
    const segmenters = countSegmenters();
    const measurer = await freshMeasurer();
    const { runs } = measurer.shape('注销Smart卡，带上 ID 3张', 'regular', 10);
    expect(runs.map((run) => [runText(run), run.face])).toEqual([
      ['注销', face('Noto Sans SC')],
      ['Smart', face('Noto Sans SC')],
      ['卡，带上 ID 3', face('Noto Sans SC')],
      ['张', face('Noto Sans SC')],
    ]);
    expect(segmenters.made).toBe(0);
  });

  it('cuts other text into words, each in the first face that has it whole, with a quarter em between Han and Latin', async () => {
    const segmenters = countSegmenters();
    const measurer = await freshMeasurer();
    const { runs } = measurer.shape('注销Smart卡 ₱50', 'regular', 10);
    expect(segmenters.made).toBeGreaterThan(0);
    expect(runs.map((run) => [runText(run), run.face])).toEqual([
      ['注销', face('Noto Sans SC')],
      ['Smart', face('Noto Sans SC')],
      ['卡 ', face('Noto Sans SC')],
      ['₱', face('Noto Sans')],
      ['50', face('Noto Sans SC')],
    ]);
    // Two Han characters, then the quarter em before the Latin word.
    expect(runs[1]!.x).toBeCloseTo(2 * 10 + 0.25 * 10, 5);
  });

  it('sets English and Filipino in Noto Sans when neither language of the document is CJK, a Chinese name in the Simplified face', async () => {
    const measurer = await freshMeasurer('fil', ['en', 'fil']);
    const { runs } = measurer.shape('Ipakita kay 王小明 ang ₱500', 'regular', 10);
    expect(runs.map((run) => [runText(run), run.face])).toEqual([
      ['Ipakita kay ', face('Noto Sans')],
      ['王小明 ', face('Noto Sans SC')],
      ['ang ₱500', face('Noto Sans')],
    ]);
  });

  it('adds no space between Han and Latin, nor closes up punctuation, in text that is not CJK', async () => {
    const [chinese, english] = [await freshMeasurer('zh-Hant', ['zh-Hant', 'en']), await freshMeasurer('en', ['zh-Hant', 'en'])];
    const width = (measurer: typeof chinese, text: string) => measurer.shape(text, 'regular', 10).width;
    // Two quarter ems around "Smart"; a half em less for the first of two marks that meet.
    expect(width(chinese, '註銷Smart卡')).toBeCloseTo(width(english, '註銷Smart卡') + 5, 5);
    expect(width(chinese, '。」')).toBeCloseTo(width(english, '。」') - 5, 5);
    expect(english.shape('註銷Smart卡。」', 'regular', 10).runs.map((run) => [runText(run), run.face, run.x])).toEqual([['註銷Smart卡。」', face('Noto Sans TC'), 0]]);
    expect(english.paragraph('卡Smart', 'regular', 10).spaceBefore(1)).toBe(0);
    expect(chinese.paragraph('卡Smart', 'regular', 10).spaceBefore(1)).toBe(2.5);
  });
});

describe('measuring the pieces of a text', () => {
  it('sums the clusters of the text shaped once, with the spacing inside a piece but not before it', async () => {
    const measurer = await freshMeasurer();
    const text = '注销Smart卡 Ana';
    const paragraph = measurer.paragraph(text, 'regular', 10);
    const alone = (piece: string) => measurer.width(piece, 'regular', 10);
    expect(paragraph.width(0, text.length)).toBeCloseTo(alone(text), 5);
    expect(paragraph.width(0, 2)).toBeCloseTo(alone('注销'), 5);
    // "Smart卡" holds the quarter em before 卡; the one between 销 and S is the joint's.
    expect(paragraph.width(2, 8)).toBeCloseTo(alone('Smart卡'), 5);
    expect(paragraph.width(2, 8)).toBeCloseTo(alone('Smart') + alone('卡') + 2.5, 5);
    expect([paragraph.spaceBefore(1), paragraph.spaceBefore(2)]).toEqual([0, 2.5]);
    expect(paragraph.width(9, 9)).toBe(0);
  });

  // Kerned pairs (AV, To), a CJK name in an English text, marks that meet (」「, 。」) and Han beside Latin.
  it.each([
    ['zh-Hans', '注销Smart卡，带上AV To的证件。」「好」、“是”'],
    ['en', 'AVA To Wa, 王小明 ₱50 (Yes)'],
  ])('sets every line of a %s paragraph as its own text would be set', async (lang, text) => {
    const [fromParagraph, apart] = [await freshMeasurer(lang), await freshMeasurer(lang)];
    const paragraph = fromParagraph.paragraph(text, 'regular', 10);
    for (let start = 0; start < text.length; start++) {
      for (let end = start + 1; end <= text.length; end++) {
        const line = text.slice(start, end);
        expect(paragraph.lineWidth(start, end), line).toBe(apart.width(line, 'regular', 10));
        expect(fromParagraph.shape(line, 'regular', 10), line).toEqual(apart.shape(line, 'regular', 10));
      }
    }
  });

  it('takes a line of Han from the paragraph’s glyphs without shaping it again', async () => {
    const measurer = await freshMeasurer();
    const text = '填写完信息后，系统会提示你提交申请。';
    const paragraph = measurer.paragraph(text, 'regular', 10);
    const shape = vi.spyOn(fonts.families['Noto Sans SC'].regular, 'shape');
    expect(paragraph.lineWidth(6, 12)).toBeCloseTo(measurer.width(text.slice(6, 12), 'regular', 10), 5);
    expect(shape).not.toHaveBeenCalled();
  });
});

describe('the faces of each language', () => {
  // 为 and 销 are Simplified only; 𠀡 (U+20021) is a Hong Kong character in the Traditional face alone; 한 is Hangul.
  it.each([
    ['zh-Hans', '注销', 'Noto Sans SC'],
    ['zh-Hans', '𠀡', 'Noto Sans TC'],
    ['zh-Hant', '註銷', 'Noto Sans TC'],
    ['zh-Hant', '为', 'Noto Sans SC'],
    ['zh-HK', '註銷', 'Noto Sans TC'],
    ['ja', 'あ', 'Noto Sans JP'],
    ['ko', '한', 'Noto Sans KR'],
    ['zh-Hans', '한', 'Noto Sans KR'],
  ] as const)('set %s text "%s" in %s', async (lang, text, family) => {
    const measurer = await freshMeasurer(lang, [lang, 'en']);
    expect(measurer.shape(text, 'regular', 10).runs.map((run) => run.face)).toEqual([face(family)]);
    expect(measurer.shape(text, 'bold', 10).runs.map((run) => run.face)).toEqual([fonts.families[family].bold.name]);
  });
});
