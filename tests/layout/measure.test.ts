import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadFonts } from '../../src/fonts/index.js';

const fonts = await loadFonts();

/** A measurer from a fresh copy of the module, before any text has been cut into words. */
async function freshMeasurer() {
  vi.resetModules();
  const { createMeasurer } = await import('../../src/layout/measure.js');
  return createMeasurer(fonts);
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

describe('measuring text', () => {
  it('sets text without Han or kana that the first face has whole as one run of it, without ICU’s word rules', async () => {
    const segmenters = countSegmenters();
    const measurer = await freshMeasurer();
    const text = 'Ana Cruz-Santos, 0917 123 4567 (passport E12345678)';
    expect(measurer.shape(text, 'regular', 10).runs).toEqual([{ text, face: fonts.regular[0]!.name, x: 0 }]);
    expect(segmenters.made).toBe(0);
  });

  it('cuts other text into words, each in the first face that has it whole, with a quarter em between Han and Latin', async () => {
    const segmenters = countSegmenters();
    const measurer = await freshMeasurer();
    const { runs } = measurer.shape('注销Smart卡 ₱50', 'regular', 10);
    expect(segmenters.made).toBeGreaterThan(0);
    const [hans, latin] = fonts.regular.map(({ name }) => name);
    expect(runs.map((run) => [run.text, run.face])).toEqual([
      ['注销', hans],
      ['Smart', hans],
      ['卡 ', hans],
      ['₱', latin],
      ['50', hans],
    ]);
    // Two Han characters, then the quarter em before the Latin word.
    expect(runs[1]!.x).toBeCloseTo(2 * 10 + 0.25 * 10, 5);
  });
});
