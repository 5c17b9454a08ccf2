import { describe, expect, it, vi } from 'vitest';
import { SHIPPED_GUIDE, SHIPPED_TEMPLATES } from '../helpers/build.js';
import { checkDocuments } from '../../src/pipeline.js';
import { renderPdf } from '../../src/pdf/index.js';
import type { FontSet, LoadedFont } from '../../src/fonts/index.js';
import { countWordShapes, deferWordShapes, exportWordShapes, importWordShapes, shareWordShapes } from '../../src/pdf/word-shapes.js';

describe('the words pdfkit shapes', () => {
  it('are shaped once a process, runs with OpenType features too, and the PDF is the same', async () => {
    const jobs = await checkDocuments({ guide: SHIPPED_GUIDE, templatesDir: SHIPPED_TEMPLATES, paper: 'a4', pairs: 'stacked', sourceDateEpoch: undefined });
    const handout = jobs.find((job) => job.name === 'handout')!;
    const { regular, bold } = handout.fonts.families['Noto Sans SC'];
    const faces = [regular, bold].map(({ font }) => vi.spyOn(font as unknown as { layout: (text: string, features?: unknown) => unknown }, 'layout'));
    const shapedWithFeatures = () => faces.flatMap((spy) => spy.mock.calls).filter(([, features]) => Array.isArray(features) && features.length > 0);

    const first = await renderPdf(handout);
    // The handout's punctuation marks that meet are closed up with the `halt` feature.
    expect(shapedWithFeatures().length).toBeGreaterThan(0);
    faces.forEach((spy) => spy.mockClear());
    const second = await renderPdf(handout);

    expect(faces.flatMap((spy) => spy.mock.calls)).toEqual([]);
    expect(second.equals(first)).toBe(true);
  });
});

/** As fontkit shapes "go" in Noto Sans SC: a glyph a letter, kerned. */
const GO = {
  advanceWidth: 1154,
  glyphs: [
    { id: 72, advanceWidth: 563, codePoints: [103] },
    { id: 80, advanceWidth: 606, codePoints: [111] },
  ],
  positions: [
    { xAdvance: 548, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: 563 },
    { xAdvance: 606, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: 606 },
  ],
};
/** A ligature: one glyph for two letters. */
const FI = { advanceWidth: 560, glyphs: [{ id: 900, advanceWidth: 560, codePoints: [102, 105] }], positions: [{ xAdvance: 560, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: 560 }] };
/** A combining mark placed over the letter before it. */
const MARKED = {
  advanceWidth: 500,
  glyphs: [
    { id: 40, advanceWidth: 500, codePoints: [101] },
    { id: 41, advanceWidth: 0, codePoints: [769] },
  ],
  positions: [
    { xAdvance: 500, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: 500 },
    { xAdvance: 0, yAdvance: 0, xOffset: -250, yOffset: 10, advanceWidth: 0 },
  ],
};

/** A face the word shapes know by itself, never asking for its font. */
const newFace = (name = 'Face') => ({ name, file: `${name}.otf` }) as LoadedFont;

/** A font set of that face, and a bold face that draws nothing. */
const fontSetOf = (face: LoadedFont): Pick<FontSet, 'families'> => ({ families: { 'Noto Sans': { regular: face, bold: newFace('Face-Bold') } } as unknown as FontSet['families'] });

/** pdfkit's embedded font, as the word shapes see it: its cache, and its shaping of a word it lacks. */
function embeddedFace(face: LoadedFont) {
  const shapeAgain = (_text: string, _features?: string[]): never => {
    throw new Error('shaped again');
  };
  const embedded = { layoutCache: undefined as Record<string, unknown> | undefined, layoutRun: shapeAgain };
  shareWordShapes(embedded, face);
  return embedded;
}

describe('word shapes kept between runs', () => {
  it('come back as pdfkit made them, regular words from one list of numbers and the others whole', () => {
    const font = newFace();
    Object.assign(embeddedFace(font).layoutCache!, { go: GO, fi: FI, 'e\u0301\u0000kern': MARKED });
    const stored = JSON.parse(JSON.stringify(exportWordShapes(fontSetOf(font)))) as ReturnType<typeof exportWordShapes>;
    expect(stored.Face!.words).toEqual(['go']);
    expect(Object.keys(stored.Face!.irregular).sort()).toEqual(['e\u0301\u0000kern', 'fi']);

    const next = newFace();
    importWordShapes(fontSetOf(next), stored);
    const face = embeddedFace(next);
    expect(face.layoutCache!.go).toEqual(GO);
    expect(face.layoutCache!.fi).toEqual(FI);
    expect(face.layoutRun.call(face, 'e\u0301', ['kern'])).toEqual(MARKED);
    expect(exportWordShapes(fontSetOf(next))).toEqual(stored);
  });

  it('are read only once pdfkit first needs one, and only words shaped since count as added', () => {
    const earlier = newFace();
    Object.assign(embeddedFace(earlier).layoutCache!, { go: GO });
    const stored = exportWordShapes(fontSetOf(earlier));
    const font = newFace();
    let reads = 0;
    deferWordShapes(fontSetOf(font), () => (reads++, stored));
    expect(countWordShapes(fontSetOf(font))).toBe(0);
    expect(reads).toBe(0);
    const face = embeddedFace(font);
    expect(reads).toBe(1);
    expect(face.layoutCache!.go).toEqual(GO);
    expect(countWordShapes(fontSetOf(font))).toBe(0);
    face.layoutCache!.fi = FI;
    expect(countWordShapes(fontSetOf(font))).toBe(1);
    expect(Object.keys(exportWordShapes(fontSetOf(font)).Face!.irregular)).toEqual(['fi']);
    expect(reads).toBe(1);
  });

  it('read, added to and kept again, are stored just as all of them kept afresh', () => {
    const earlier = newFace();
    Object.assign(embeddedFace(earlier).layoutCache!, { go: GO, fi: FI });
    const stored = JSON.parse(JSON.stringify(exportWordShapes(fontSetOf(earlier)))) as ReturnType<typeof exportWordShapes>;
    const [again, afresh] = [newFace(), newFace()];
    importWordShapes(fontSetOf(again), stored);
    Object.assign(embeddedFace(again).layoutCache!, { 'e\u0301\u0000kern': MARKED, no: GO });
    Object.assign(embeddedFace(afresh).layoutCache!, { fi: FI, go: GO, 'e\u0301\u0000kern': MARKED, no: GO });
    expect(JSON.stringify(exportWordShapes(fontSetOf(again)))).toBe(JSON.stringify(exportWordShapes(fontSetOf(afresh))));
  });

  it('are kept up to the most of each face, the oldest dropped first', () => {
    const font = newFace();
    Object.assign(embeddedFace(font).layoutCache!, { fi: FI, go: GO });
    const stored = exportWordShapes(fontSetOf(font), { most: 1 });
    expect(stored.Face!.words).toEqual(['go']);
    expect(stored.Face!.irregular).toEqual({});
  });
});
