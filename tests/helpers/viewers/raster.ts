import type { Raster } from './types.js';

/** A rectangle in pixels, right and bottom exclusive. */
export interface PixelBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A rectangle given in PDF points (origin bottom left) as pixels of a page drawn at dpi. */
export function pixelBox(rect: { left: number; bottom: number; right: number; top: number }, pageHeight: number, dpi: number): PixelBox {
  const scale = dpi / 72;
  return { left: Math.floor(rect.left * scale), top: Math.floor((pageHeight - rect.top) * scale), right: Math.ceil(rect.right * scale), bottom: Math.ceil((pageHeight - rect.bottom) * scale) };
}

/** How much ink a pixel carries, 0 (white) to 1 (black). */
function ink(raster: Raster, x: number, y: number): number {
  return (255 - raster.grey[y * raster.width + x]!) / 255;
}

export interface Difference {
  /** The largest difference in ink found in any window, as a share of a fully black window. */
  worst: number;
  /** Where it is, in pixels. */
  at: { x: number; y: number };
}

/**
 * Compares two renderings of a page window by window: each square of `window` pixels (windows
 * overlap by half) holds about as much ink in both, or the pages differ there. Anti-aliasing
 * moves a little ink between neighbouring pixels, so it changes a window's ink little; a missing
 * glyph or value takes most of it away. `offset` is where in b the pixel (0, 0) of a is.
 */
export function compareInk(a: Raster, b: Raster, { window, shift = 0, within, offset = { x: 0, y: 0 } }: { window: number; shift?: number; within?: PixelBox; offset?: { x: number; y: number } }): Difference {
  const area = within ?? { left: 0, top: 0, right: Math.min(a.width, b.width), bottom: Math.min(a.height, b.height) };
  const step = Math.max(1, window >> 1);
  let worst: Difference = { worst: 0, at: { x: area.left, y: area.top } };
  const [sumsA, sumsB] = [summedInk(a), summedInk(b)];
  for (let y = area.top; y < area.bottom; y += step) {
    for (let x = area.left; x < area.right; x += step) {
      const box = { left: x, top: y, right: Math.min(x + window, area.right), bottom: Math.min(y + window, area.bottom) };
      const inA = sumsA(box);
      let difference = Infinity;
      for (let dy = -shift; dy <= shift; dy++) {
        for (let dx = -shift; dx <= shift; dx++) difference = Math.min(difference, Math.abs(inA - sumsB(clip(move(box, dx + offset.x, dy + offset.y), b))) / (window * window));
      }
      if (difference > worst.worst) worst = { worst: difference, at: { x, y } };
    }
  }
  return worst;
}

function move(box: PixelBox, dx: number, dy: number): PixelBox {
  return { left: box.left + dx, top: box.top + dy, right: box.right + dx, bottom: box.bottom + dy };
}

/** The ink in any box of a raster, from a summed-area table. */
function summedInk(raster: Raster): (box: PixelBox) => number {
  const width = raster.width + 1;
  const table = new Float64Array(width * (raster.height + 1));
  for (let y = 0; y < raster.height; y++) {
    let row = 0;
    for (let x = 0; x < raster.width; x++) {
      row += ink(raster, x, y);
      table[(y + 1) * width + x + 1] = table[y * width + x + 1]! + row;
    }
  }
  return ({ left, top, right, bottom }) => {
    const [r, b] = [Math.min(right, raster.width), Math.min(bottom, raster.height)];
    return table[b * width + r]! - table[top * width + r]! - table[b * width + left]! + table[top * width + left]!;
  };
}

/** Every pixel where two renderings of the same size differ by more than `threshold` ink. */
export function changedPixels(a: Raster, b: Raster, threshold = 0.25): { x: number; y: number }[] {
  const changed: { x: number; y: number }[] = [];
  for (let y = 0; y < Math.min(a.height, b.height); y++) {
    for (let x = 0; x < Math.min(a.width, b.width); x++) if (Math.abs(ink(a, x, y) - ink(b, x, y)) > threshold) changed.push({ x, y });
  }
  return changed;
}

function clip(box: PixelBox, raster: Raster): PixelBox {
  return { left: Math.max(0, box.left), top: Math.max(0, box.top), right: Math.min(raster.width, box.right), bottom: Math.min(raster.height, box.bottom) };
}

export function grow(box: PixelBox, by: number): PixelBox {
  return { left: box.left - by, top: box.top - by, right: box.right + by, bottom: box.bottom + by };
}

export function contains(box: PixelBox, { x, y }: { x: number; y: number }): boolean {
  return x >= box.left && x < box.right && y >= box.top && y < box.bottom;
}
