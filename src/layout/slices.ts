import type { Item } from './types.js';

/**
 * A vertically unbreakable strip of content: items are relative to the strip's top-left.
 * Pagination only ever moves whole slices.
 */
export interface Slice {
  height: number;
  /** Space above the slice, dropped at the top of a page. */
  spaceBefore: number;
  /** Must stay on the same page as the following slice. */
  keepWithNext: boolean;
  /** Must start a new page. */
  breakBefore: boolean;
  items: Item[];
}

export function slice(height: number, items: Item[], options: Partial<Omit<Slice, 'height' | 'items'>> = {}): Slice {
  return { height, items, spaceBefore: 0, keepWithNext: false, breakBefore: false, ...options };
}

function shiftItem(item: Item, dx: number, dy: number): Item {
  if (item.kind === 'rule') return { ...item, x1: item.x1 + dx, x2: item.x2 + dx, y1: item.y1 + dy, y2: item.y2 + dy };
  if (item.kind === 'text' || item.kind === 'write-in') return { ...item, x: item.x + dx, y: item.y + dy, baseline: item.baseline + dy };
  return { ...item, x: item.x + dx, y: item.y + dy };
}

export function shiftItems(items: readonly Item[], dx: number, dy: number): Item[] {
  return items.map((item) => shiftItem(item, dx, dy));
}

/** Stacks slices into one, keeping their spacing; the result keeps the first slice's space above. */
export function mergeSlices(slices: readonly Slice[]): Slice {
  let y = 0;
  const items: Item[] = [];
  slices.forEach((part, index) => {
    if (index > 0) y += part.spaceBefore;
    items.push(...shiftItems(part.items, 0, y));
    y += part.height;
  });
  return slice(y, items, { spaceBefore: slices[0]?.spaceBefore ?? 0, keepWithNext: slices.at(-1)?.keepWithNext ?? false });
}

export function withSpaceBefore(slices: Slice[], spaceBefore: number): Slice[] {
  const [first, ...rest] = slices;
  return first ? [{ ...first, spaceBefore }, ...rest] : slices;
}

export function keepAll(slices: Slice[]): Slice[] {
  return slices.map((part) => ({ ...part, keepWithNext: true }));
}

/** The baseline of the slice's first text, if it has one. */
export function firstBaseline(part: Slice): number | undefined {
  return part.items.find((item) => item.kind === 'text')?.baseline;
}

/** The baseline of the slice's last text, if it has one. */
export function lastBaseline(part: Slice): number | undefined {
  return part.items.findLast((item) => item.kind === 'text')?.baseline;
}
