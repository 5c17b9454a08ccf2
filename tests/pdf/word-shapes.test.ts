import { describe, expect, it, vi } from 'vitest';
import { SHIPPED_GUIDE, SHIPPED_TEMPLATES } from '../helpers/build.js';
import { checkDocuments } from '../../src/pipeline.js';
import { renderPdf } from '../../src/pdf/index.js';

describe('the words pdfkit shapes', () => {
  it('are shaped once a process, runs with OpenType features too, and the PDF is the same', async () => {
    const jobs = await checkDocuments({ guideFile: SHIPPED_GUIDE, templatesDir: SHIPPED_TEMPLATES, outDir: '', paper: 'a4', pairs: 'stacked', sourceDateEpoch: undefined });
    const handout = jobs.find((job) => job.name === 'handout')!;
    const faces = [...handout.fonts.regular, ...handout.fonts.bold].map(({ font }) => vi.spyOn(font as unknown as { layout: (text: string, features?: unknown) => unknown }, 'layout'));
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
