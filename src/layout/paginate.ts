import { LayoutError, type SourcePosition } from '../diagnostics.js';
import { shiftItems, type Slice } from './slices.js';
import type { Item } from './types.js';

/**
 * Places slices on pages top to bottom. A run of slices joined by keepWithNext moves to a new
 * page whole when it does not fit but would fit on an empty page; space above a slice is
 * dropped at the top of a page. Returns each page's items relative to the content area.
 */
export function paginate(slices: readonly Slice[], areaHeight: number, at: SourcePosition): Item[][] {
  const pages: Item[][] = [[]];
  let y = 0;
  slices.forEach((part, index) => {
    if (part.height > areaHeight) {
      throw new LayoutError(`a block is ${Math.ceil(part.height)} pt tall but a page holds only ${Math.floor(areaHeight)} pt`, { ...at, hint: 'shorten the texts of this block' });
    }
    const space = y === 0 ? 0 : part.spaceBefore;
    const chain = chainHeight(slices, index);
    const overflows = y + space + part.height > areaHeight;
    const chainMoves = y + space + chain > areaHeight && chain <= areaHeight;
    if (y > 0 && (part.breakBefore || overflows || chainMoves)) {
      pages.push([]);
      y = 0;
    } else {
      y += space;
    }
    pages.at(-1)!.push(...shiftItems(part.items, 0, y));
    y += part.height;
  });
  return pages;
}

/** Height of the slice and every slice it is kept with, counting the space between them. */
function chainHeight(slices: readonly Slice[], start: number): number {
  let height = slices[start]!.height;
  for (let index = start; slices[index]!.keepWithNext && index + 1 < slices.length; index++) {
    const next = slices[index + 1]!;
    height += next.spaceBefore + next.height;
  }
  return height;
}
