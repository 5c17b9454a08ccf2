import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PaperName } from '../../src/layout/index.js';
import { buildToMemory, temporaryFolder } from '../helpers/build.js';
import { run } from '../helpers/cli.js';
import { view, type Viewed } from '../helpers/viewers/index.js';
import { pdfium, readCharacters } from '../helpers/viewers/pdfium.js';
import { pixelBox } from '../helpers/viewers/raster.js';

/** Printers print at 300 dpi; checked in PDFium, the engine Chrome prints with. */
const PRINT_DPI = 300;
const MILLIMETRE = PRINT_DPI / 25.4;
const PAPERS: readonly PaperName[] = ['a4', 'letter', 'folio'];
const DOCUMENTS = ['handout', 'checklist', 'store-visit-form', 'store-visit-form-filled'] as const;
/** Anything a printer would put on paper: a pixel at least a little darker than white. */
const MARK = 250;
/** 60 % grey on white: text must be at least this dark (40 % of white's light, 102 of 255). */
const LIGHTEST_TEXT = Math.round(255 * 0.4);

const printed = new Map<string, { bytes: Uint8Array; viewed: Viewed }>();

async function outputs(paper: PaperName): Promise<Record<(typeof DOCUMENTS)[number], Uint8Array>> {
  const built = await buildToMemory({ paper });
  const out = await temporaryFolder();
  const form = await run(['form', '--out', out, '--paper', paper, '--name', '陈大文', '--number', '0917 123 4567', '--id-type', 'passport', '--id-number', 'E12345678', '--set', 'date=today']);
  expect(form.code, form.stderr.join('\n')).toBe(0);
  return { handout: built.handout!, checklist: built.checklist!, 'store-visit-form': built['store-visit-form']!, 'store-visit-form-filled': await readFile(join(out, 'store-visit-form-filled.pdf')) };
}

beforeAll(async () => {
  for (const paper of PAPERS) {
    const built = await outputs(paper);
    for (const document of DOCUMENTS) printed.set(`${paper} ${document}`, { bytes: built[document], viewed: await view(pdfium, built[document], PRINT_DPI) });
  }
}, 240_000);

/** How far the nearest mark is from each edge, in millimetres. */
function margins({ width, height, grey }: Viewed['pages'][number]): { left: number; right: number; top: number; bottom: number } {
  let [left, right, top, bottom] = [width, width, height, height];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (grey[y * width + x]! >= MARK) continue;
      [left, right, top, bottom] = [Math.min(left, x), Math.min(right, width - 1 - x), Math.min(top, y), Math.min(bottom, height - 1 - y)];
    }
  }
  return { left: left / MILLIMETRE, right: right / MILLIMETRE, top: top / MILLIMETRE, bottom: bottom / MILLIMETRE };
}

describe.each(PAPERS)('printed on %s at 300 dpi', (paper) => {
  it.each(DOCUMENTS)('%s puts nothing closer than 10 mm to any edge of the paper', (document) => {
    const { viewed } = printed.get(`${paper} ${document}`)!;
    viewed.pages.forEach((page, index) => {
      const found = margins(page);
      for (const [edge, distance] of Object.entries(found)) expect(distance, `page ${index + 1}, ${edge} edge`).toBeGreaterThanOrEqual(10);
    });
  });

  it.each(DOCUMENTS)('%s prints every character at least as dark as 60 %% grey', async (document) => {
    const { bytes, viewed } = printed.get(`${paper} ${document}`)!;
    for (const [index, page] of viewed.pages.entries()) {
      const characters = (await readCharacters(bytes, index)).filter(({ character, rect }) => /\S/u.test(character) && rect.right > rect.left);
      expect(characters.length).toBeGreaterThan(20);
      for (const { character, rect } of characters) {
        const box = pixelBox(rect, viewed.size[index]!.height, PRINT_DPI);
        let darkest = 255;
        for (let y = Math.max(0, box.top); y < Math.min(page.height, box.bottom); y++) for (let x = Math.max(0, box.left); x < Math.min(page.width, box.right); x++) darkest = Math.min(darkest, page.grey[y * page.width + x]!);
        expect(darkest, `page ${index + 1}: ${character}`).toBeLessThanOrEqual(LIGHTEST_TEXT);
      }
    }
  });
});
