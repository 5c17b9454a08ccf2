import { describe, expect, it, vi } from 'vitest';
import { SHIPPED_GUIDE, SHIPPED_TEMPLATES } from '../helpers/build.js';
import { checkDocuments } from '../../src/pipeline.js';
import { renderPdf } from '../../src/pdf/index.js';
import { renderPreviews } from '../../src/preview/index.js';
import { keepCalledSubroutines, subroutineBias, type Charstrings } from '../../src/pdf/subroutines.js';

// Lets one test encode the same subsets the way fontkit does, with every subroutine slot kept.
const subroutines = vi.hoisted(() => ({ keepAll: false }));
vi.mock('../../src/pdf/subroutines.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/pdf/subroutines.js')>();
  return { ...original, keepCalledSubroutines: (charstrings: Charstrings) => (subroutines.keepAll ? undefined : original.keepCalledSubroutines(charstrings)) };
});

const RETURN = 11;
const ENDCHAR = 14;
const HSTEM = 1;
const HINTMASK = 19;
const RLINETO = 5;
const CALLSUBR = 10;
const CALLGSUBR = 29;
/** A small integer operand (−107…107), one byte. */
const n = (value: number) => value + 139;
/** The operand that calls subroutine `index` of a list of `count`. */
const subr = (index: number, count: number) => n(index - subroutineBias(count));
const bytes = (...values: number[]) => Uint8Array.from(values);
const placeholders = (count: number) => Array.from({ length: count }, () => bytes(RETURN));

describe('keeping the subroutines a subset calls', () => {
  it('keeps only those called, the most called first, and renumbers every call', () => {
    const local = placeholders(10);
    local[5] = bytes(n(1), n(2), RLINETO, RETURN);
    local[7] = bytes(n(3), n(4), RLINETO, RETURN);
    const result = keepCalledSubroutines({
      glyphs: [bytes(subr(5, 10), CALLSUBR, subr(7, 10), CALLSUBR, ENDCHAR), bytes(subr(7, 10), CALLSUBR, ENDCHAR)],
      fontDicts: [0, 0],
      localSubrs: [local],
      globalSubrs: [],
    });
    expect(result?.localSubrs).toEqual([[local[7], local[5]]]);
    expect(result?.glyphs).toEqual([bytes(subr(1, 2), CALLSUBR, subr(0, 2), CALLSUBR, ENDCHAR), bytes(subr(0, 2), CALLSUBR, ENDCHAR)]);
  });

  it('skips a hintmask’s mask bytes, counting the stems declared in a subroutine', () => {
    const local = placeholders(4);
    // Four stems, so the hintmask after them has one mask byte; 255 would read as a 5-byte number.
    local[1] = bytes(n(0), n(10), n(20), n(10), n(40), n(10), n(60), n(10), HSTEM, RETURN);
    local[3] = bytes(n(5), n(5), RLINETO, RETURN);
    const result = keepCalledSubroutines({
      glyphs: [bytes(subr(1, 4), CALLSUBR, HINTMASK, 255, subr(3, 4), CALLSUBR, ENDCHAR)],
      fontDicts: [0],
      localSubrs: [local],
      globalSubrs: [],
    });
    expect(result?.localSubrs[0]).toEqual([local[1], local[3]]);
    expect(result?.glyphs[0]).toEqual(bytes(subr(0, 2), CALLSUBR, HINTMASK, 255, subr(1, 2), CALLSUBR, ENDCHAR));
  });

  it('follows calls from one global subroutine to another, and keeps each font dict’s own', () => {
    const global = placeholders(3);
    global[2] = bytes(subr(0, 3), CALLGSUBR, RETURN);
    global[0] = bytes(n(1), n(1), RLINETO, RETURN);
    const secondDict = placeholders(2);
    secondDict[1] = bytes(n(2), n(2), RLINETO, RETURN);
    const result = keepCalledSubroutines({
      glyphs: [bytes(subr(2, 3), CALLGSUBR, ENDCHAR), bytes(subr(1, 2), CALLSUBR, ENDCHAR)],
      fontDicts: [0, 1],
      localSubrs: [placeholders(2), secondDict],
      globalSubrs: global,
    });
    // Each is called once, so they keep their order.
    expect(result?.globalSubrs).toEqual([global[0], bytes(subr(0, 2), CALLGSUBR, RETURN)]);
    expect(result?.localSubrs).toEqual([[], [secondDict[1]]]);
    expect(result?.glyphs).toEqual([bytes(subr(1, 2), CALLGSUBR, ENDCHAR), bytes(subr(0, 1), CALLSUBR, ENDCHAR)]);
  });

  it.each([
    ['a subroutine number computed on the stack', { glyphs: [bytes(n(-108 + 1), n(1), 12, 10, CALLSUBR, ENDCHAR)], globalSubrs: [] }],
    ['a global subroutine calling a local one', { glyphs: [bytes(subr(0, 1), CALLGSUBR, ENDCHAR)], globalSubrs: [bytes(subr(0, 2), CALLSUBR, RETURN)] }],
    ['a call to a subroutine that does not exist', { glyphs: [bytes(subr(5, 2), CALLSUBR, ENDCHAR)], globalSubrs: [] }],
  ])('leaves the subset as fontkit made it for %s', (_, charstrings) => {
    expect(keepCalledSubroutines({ ...charstrings, fontDicts: [0], localSubrs: [placeholders(2)] })).toBeUndefined();
  });
});

/** A PDF encoded both ways, and its pages as pdfjs draws them. */
async function renderBothWays(render: () => Promise<Buffer>) {
  const encoded = async (keepAll: boolean) => {
    subroutines.keepAll = keepAll;
    const pdf = await render();
    return { pdf, pages: await renderPreviews(pdf, { dpi: 72 }) };
  };
  return { fontkits: await encoded(true), ours: await encoded(false) };
}

function expectSamePages(ours: Buffer[], fontkits: Buffer[]): void {
  expect(ours.length).toBe(fontkits.length);
  ours.forEach((page, index) => expect(page.equals(fontkits[index]!), `page ${index + 1}`).toBe(true));
}

describe('the fonts embedded in a PDF', () => {
  it('are much smaller than fontkit’s subsets in the handout, and every page looks exactly the same', async () => {
    const jobs = await checkDocuments({ guide: SHIPPED_GUIDE, templatesDir: SHIPPED_TEMPLATES, paper: 'a4', pairs: 'stacked', sourceDateEpoch: undefined });
    const handout = jobs.find((job) => job.name === 'handout')!;
    // No subset cache: each subset is encoded afresh, both ways.
    const { fontkits, ours } = await renderBothWays(() => renderPdf({ ...handout, subsetCache: undefined }));
    expect(ours.pdf.length).toBeLessThan(fontkits.pdf.length * 0.7);
    expectSamePages(ours.pages, fontkits.pages);
  });
});
