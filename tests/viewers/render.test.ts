import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as mupdf from 'mupdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGuide } from '../../src/guide/index.js';
import type { Bilingual, Guide } from '../../src/guide/types.js';
import type { PaperName } from '../../src/layout/index.js';
import { buildToMemory, SHIPPED_GUIDE, temporaryFolder } from '../helpers/build.js';
import { run } from '../helpers/cli.js';
import { COMPARISON, VIEWERS, view, withoutSpaces, type Viewed } from '../helpers/viewers/index.js';
import { pdfium } from '../helpers/viewers/pdfium.js';
import { pdfjs } from '../helpers/viewers/pdfjs.js';
import { mupdfViewer } from '../helpers/viewers/mupdf.js';
import { compareInk, pixelBox, type Difference } from '../helpers/viewers/raster.js';

const PAPERS: readonly PaperName[] = ['a4', 'folio'];
const DOCUMENTS = ['handout', 'checklist', 'store-visit-form', 'store-visit-form-fillable', 'store-visit-form-filled'] as const;
type DocumentName = (typeof DOCUMENTS)[number];
const PERSON = { name: '王小明', number: '0917 123 4567' };

/** Every text of the guide a document prints, in both languages. */
function expectedTexts(guide: Guide, document: DocumentName): string[] {
  const both = (texts: Bilingual[]) => texts.flatMap(({ primary, secondary }) => [primary, secondary]);
  if (document === 'handout') return both([guide.title, ...guide.sections.flatMap((section) => [section.heading, ...section.steps.map((step) => step.title)])]);
  if (document === 'checklist') return both([guide.checklist.title, ...guide.checklist.groups.flatMap((group) => [group.heading, ...group.items])]);
  const form = both([guide.form.title, ...guide.form.fields.map((field) => field.label), guide.form.staff.heading]);
  return document === 'store-visit-form-filled' ? [...form, PERSON.name, PERSON.number] : form;
}

async function buildOutputs(paper: PaperName): Promise<Record<DocumentName, Buffer>> {
  const built = await buildToMemory({ paper });
  const out = await temporaryFolder();
  const filled = await run(['form', '--out', out, '--paper', paper, '--name', PERSON.name, '--number', PERSON.number, '--id-type', 'passport', '--id-number', 'E12345678', '--set', 'date=today']);
  expect(filled.code, filled.stderr.join('\n')).toBe(0);
  return { ...(built as Record<DocumentName, Buffer>), 'store-visit-form-filled': await readFile(join(out, 'store-visit-form-filled.pdf')) };
}

/** Where on the page, in millimetres, for a person looking at the renderings. */
function described({ worst, at }: Difference): string {
  const mm = (pixels: number) => ((pixels * 25.4) / COMPARISON.dpi).toFixed(0);
  return `${worst.toFixed(3)} at ${mm(at.x)} mm from the left, ${mm(at.y)} mm from the top`;
}

let guide: Guide;
const outputs = new Map<PaperName, Record<DocumentName, Buffer>>();
const viewed = new Map<string, Viewed>();
const key = (paper: PaperName, document: DocumentName, viewer: string) => `${paper} ${document} ${viewer}`;

beforeAll(async () => {
  guide = await loadGuide(SHIPPED_GUIDE);
  for (const paper of PAPERS) {
    const built = await buildOutputs(paper);
    outputs.set(paper, built);
    for (const document of DOCUMENTS) for (const viewer of VIEWERS) viewed.set(key(paper, document, viewer.name), await view(viewer, built[document]));
  }
}, 240_000);

describe.each(PAPERS)('every output on %s paper, in pdfium, pdf.js and MuPDF', (paper) => {
  it.each(DOCUMENTS)('%s opens and renders without an error or warning from any engine', (document) => {
    for (const viewer of VIEWERS) expect(viewed.get(key(paper, document, viewer.name))!.problems, viewer.name).toEqual([]);
  });

  it.each(DOCUMENTS)('%s looks the same in all three engines, page by page', (document) => {
    const [first, ...others] = VIEWERS.map((viewer) => ({ name: viewer.name, ...viewed.get(key(paper, document, viewer.name))! }));
    for (const other of others) expect(other.pages.length, other.name).toBe(first!.pages.length);
    const pairs = [[first!, others[0]!], [first!, others[1]!], [others[0]!, others[1]!]] as const;
    for (const [a, b] of pairs) {
      a.pages.forEach((page, index) => {
        const difference = compareInk(page, b.pages[index]!, COMPARISON);
        expect(difference.worst, `${document} page ${index + 1}, ${a.name} against ${b.name}: ${described(difference)}`).toBeLessThan(COMPARISON.tolerance);
      });
    }
  });

  it.each(DOCUMENTS)('%s reads back the same text in every engine, with its Chinese and English', (document) => {
    const texts = VIEWERS.map((viewer) => withoutSpaces(viewed.get(key(paper, document, viewer.name))!.texts.join('')));
    expect(texts[1], 'pdf.js against pdfium').toBe(texts[0]);
    expect(texts[2], 'MuPDF against pdfium').toBe(texts[0]);
    for (const [index, text] of texts.entries()) {
      expect(text, VIEWERS[index]!.name).not.toMatch(/[\ufffd\p{Co}]/u);
      for (const expected of expectedTexts(guide, document)) expect(text, `${VIEWERS[index]!.name}: ${expected}`).toContain(withoutSpaces(expected));
    }
  });
});

/**
 * Hides one glyph of a page: the first glyph of the nth text run set at `size` points is drawn
 * in invisible mode (3 Tr), so everything else stays exactly where it was.
 */
function withGlyphHidden(bytes: Uint8Array, { size, nth }: { size: number; nth: number }): Uint8Array {
  const document = new mupdf.PDFDocument(bytes);
  const contents = document.loadPage(0).getObject().get('Contents');
  let seen = 0;
  const run = new RegExp(`(/H\\d+ ${size} Tf 1 0 0 -1 \\S+ \\S+ Tm )\\[<([0-9a-f]{4})([0-9a-f]*)>`, 'g');
  const hidden = (start: string, glyph: string, rest: string) => `${start}3 Tr [<${glyph}>] TJ 0 Tr [${rest ? `<${rest}>` : ''}`;
  const edited = contents.readStream().asString().replace(run, (whole, start: string, glyph: string, rest: string) => (seen++ === nth ? hidden(start, glyph, rest) : whole));
  expect(seen, `a text run at ${size} pt`).toBeGreaterThan(nth);
  contents.writeStream(edited);
  return document.saveToBuffer('').asUint8Array().slice();
}

describe('the engines’ reports', () => {
  it('name a damaged file: the cross-reference offset pointing nowhere', async () => {
    const handout = Buffer.from(outputs.get('a4')!.handout);
    const damaged = Buffer.from(handout.toString('latin1').replace(/startxref\s+(\d+)/, (_, offset: string) => `startxref\n${Number(offset) - 7}`), 'latin1');
    for (const viewer of VIEWERS) expect((await view(viewer, damaged)).problems, viewer.name).not.toEqual([]);
  });
});

describe('the comparison between engines', () => {
  it('catches a single glyph that one engine leaves out, down to the first letter of a 9 pt text run, the smallest there is', async () => {
    const handout = outputs.get('a4')!.handout;
    const reference = viewed.get(key('a4', 'handout', mupdfViewer.name))!.pages[0]!;
    for (const glyph of [{ size: 9, nth: 0 }, { size: 10.5, nth: 2 }]) {
      const broken = (await view(pdfium, withGlyphHidden(handout, glyph))).pages[0]!;
      expect(compareInk(broken, reference, COMPARISON).worst, `${glyph.size} pt`).toBeGreaterThan(COMPARISON.tolerance);
    }
  });

  it('catches a form field whose value one engine does not show', async () => {
    const fillable = outputs.get('a4')!['store-visit-form-fillable'];
    const filled = await pdfjs.fill(fillable, { text: { name: '陈大文' }, ticked: [], chosen: {} });
    const opened = await pdfium.open(filled);
    const field = (await opened.widgets()).find((widget) => widget.name === 'name')!;
    const { height } = await opened.size(0);
    opened.close();
    const shown = (await view(pdfium, filled)).pages[0]!;
    const notShown = viewed.get(key('a4', 'store-visit-form-fillable', mupdfViewer.name))!.pages[0]!;
    expect(compareInk(shown, notShown, { ...COMPARISON, within: pixelBox(field.rect, height, COMPARISON.dpi) }).worst).toBeGreaterThan(COMPARISON.tolerance);
  });
});
