import { beforeAll, describe, expect, it } from 'vitest';
import { renderPdfs, type ByteCache, type PdfJob } from '../../src/pdf/index.js';
import { checkDocuments } from '../../src/pipeline.js';
import { SHIPPED_GUIDE, SHIPPED_TEMPLATES } from '../helpers/build.js';
import { readPdf } from '../helpers/pdf.js';

let handout: PdfJob;

beforeAll(async () => {
  const jobs = await checkDocuments({ guide: SHIPPED_GUIDE, templatesDir: SHIPPED_TEMPLATES, paper: 'a4', pairs: 'stacked', sourceDateEpoch: undefined });
  handout = jobs.find((job) => job.name === 'handout')!;
});

function memoryCache(): ByteCache & { entries: Map<string, Uint8Array> } {
  const entries = new Map<string, Uint8Array>();
  return { entries, get: (key) => entries.get(key), set: (key, bytes) => void entries.set(key, bytes) };
}

describe('documents drawn before', () => {
  it('are given as they were kept, not drawn again, when laid out just as before', async () => {
    const drawn = memoryCache();
    const [first] = await renderPdfs([{ ...handout, drawn }]);
    expect([...drawn.entries.values()]).toEqual([first]);
    expect((await readPdf(first!)).pages.join('')).toContain('注销');
    // Whatever is kept under the document's key is what the document's bytes are.
    const [key] = drawn.entries.keys();
    const kept = Buffer.from('%PDF-1.7 as kept\n');
    drawn.entries.set(key!, kept);
    expect(await renderPdfs([{ ...handout, drawn }])).toEqual([kept]);
    expect(drawn.entries.size).toBe(1);
  });

  it('are drawn again when anything that reaches the file differs: the date, PDF/A, the fillable version or the layout', async () => {
    const drawn = memoryCache();
    const [first] = await renderPdfs([{ ...handout, drawn }]);
    const [firstPage, ...otherPages] = handout.layout.pages;
    const moved = { ...handout.layout, pages: [{ ...firstPage!, items: firstPage!.items.slice(1) }, ...otherPages] };
    const variants: PdfJob[] = [
      { ...handout, date: new Date('2020-01-02T00:00:00Z') },
      { ...handout, pdfa: true },
      { ...handout, fillable: true },
      { ...handout, layout: moved },
    ];
    for (const variant of variants) {
      const [bytes] = await renderPdfs([{ ...variant, drawn }]);
      expect(Buffer.from(bytes!).equals(first!)).toBe(false);
    }
    expect(drawn.entries.size).toBe(1 + variants.length);
  });
});
