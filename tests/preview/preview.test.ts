import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderPreviews } from '../../src/preview/index.js';
import { buildToMemory } from '../helpers/build.js';

const SNAPSHOTS = join(import.meta.dirname, 'snapshots');
// Small images: enough to catch a moved block, missing text or tofu boxes, cheap to keep in git.
const SNAPSHOT_DPI = 48;
// Anti-aliasing differs a little between rasteriser builds; a real change moves far more pixels.
const CHANGED_PIXELS_ALLOWED = 0.002;

async function pixels(png: Buffer): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: context.getImageData(0, 0, image.width, image.height).data };
}

/** The share of pixels whose grey level differs by more than a quarter of the range. */
async function changedShare(actual: Buffer, expected: Buffer): Promise<number> {
  const [a, b] = [await pixels(actual), await pixels(expected)];
  if (a.width !== b.width || a.height !== b.height) return 1;
  let changed = 0;
  for (let index = 0; index < a.data.length; index += 4) {
    const grey = (data: Uint8ClampedArray) => (data[index]! + data[index + 1]! + data[index + 2]!) / 3;
    if (Math.abs(grey(a.data) - grey(b.data)) > 64) changed += 1;
  }
  return changed / (a.width * a.height);
}

/** Compares with the stored image; UPDATE_SNAPSHOTS=1 stores the new one instead, for review in git. */
async function expectToMatchSnapshot(png: Buffer, name: string): Promise<void> {
  const file = join(SNAPSHOTS, `${name}.png`);
  if (process.env.UPDATE_SNAPSHOTS === '1' || !existsSync(file)) {
    await mkdir(SNAPSHOTS, { recursive: true });
    await writeFile(file, png);
    expect(process.env.UPDATE_SNAPSHOTS, `${file} was missing and has been written; look at it and commit it`).toBe('1');
    return;
  }
  expect(await changedShare(png, await readFile(file)), `${name} differs from ${file}; run UPDATE_SNAPSHOTS=1 npm test if the change is intended`).toBeLessThan(CHANGED_PIXELS_ALLOWED);
}

let stacked: Record<string, Buffer>;
let parallel: Record<string, Buffer>;
beforeAll(async () => {
  [stacked, parallel] = [await buildToMemory(), await buildToMemory({ pairs: 'parallel', paper: 'folio' })];
});

describe('page previews', () => {
  it('are PNG images one per page, the size of the paper at the chosen resolution', async () => {
    const images = await renderPreviews(stacked.handout!, { dpi: 72 });
    expect(images.length).toBeGreaterThanOrEqual(3);
    const { width, height } = await pixels(images[0]!);
    expect([width, height]).toEqual([595, 842]);
  });

  it('show ink where the text is and white paper around it', async () => {
    const [image] = await renderPreviews(stacked['store-visit-form']!, { dpi: SNAPSHOT_DPI });
    const { data } = await pixels(image!);
    const dark = Array.from({ length: data.length / 4 }, (_, pixel) => data[pixel * 4]!).filter((value) => value < 128).length;
    expect(dark / (data.length / 4)).toBeGreaterThan(0.01);
    expect(data.slice(0, 4 * 10)).toEqual(new Uint8ClampedArray(40).fill(255));
  });

  it.each([
    ['store-visit-form', 'store-visit-form-a4-stacked', () => stacked],
    ['handout', 'handout-folio-parallel', () => parallel],
  ])('%s looks as it did (%s)', async (document, snapshot, source) => {
    const [first] = await renderPreviews(source()[document]!, { dpi: SNAPSHOT_DPI });
    await expectToMatchSnapshot(first!, snapshot);
  });
});
