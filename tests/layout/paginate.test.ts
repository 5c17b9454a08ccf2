import { describe, expect, it } from 'vitest';
import { LayoutError } from '../../src/diagnostics.js';
import { paginate } from '../../src/layout/paginate.js';
import { slice, type Slice } from '../../src/layout/slices.js';
import type { Item } from '../../src/layout/types.js';

/** A slice whose single marker item records which slice it was. */
function marked(id: number, height: number, options: Partial<Slice> = {}): Slice {
  const marker: Item = { kind: 'frame', x: id, y: 0, width: 1, height, thickness: 0, color: '#000', fill: undefined };
  return slice(height, [marker], options);
}

const placement = (pages: Item[][]) => pages.map((page) => page.map((item) => ({ id: (item as { x: number }).x, y: (item as { y: number }).y })));

describe('pagination', () => {
  it('stacks slices with their space above, dropping that space at the top of a page', () => {
    const pages = paginate([marked(1, 40), marked(2, 40, { spaceBefore: 10 }), marked(3, 40, { spaceBefore: 10 })], 100, {});
    expect(placement(pages)).toEqual([[{ id: 1, y: 0 }, { id: 2, y: 50 }], [{ id: 3, y: 0 }]]);
  });

  it('moves a heading to the next page with the slice it is kept with', () => {
    const pages = paginate([marked(1, 50), marked(2, 20, { keepWithNext: true }), marked(3, 40)], 100, {});
    expect(placement(pages)).toEqual([[{ id: 1, y: 0 }], [{ id: 2, y: 0 }, { id: 3, y: 20 }]]);
  });

  it('breaks inside a kept run only when the run is taller than a page', () => {
    const run = [marked(1, 60, { keepWithNext: true }), marked(2, 60, { keepWithNext: true }), marked(3, 60)];
    expect(placement(paginate(run, 100, {})).map((page) => page.map((entry) => entry.id))).toEqual([[1], [2], [3]]);
  });

  it('starts a new page at a page break, but not an empty one', () => {
    const pages = paginate([marked(1, 10), marked(2, 0, { breakBefore: true }), marked(3, 10)], 100, {});
    expect(placement(pages).map((page) => page.map((entry) => entry.id))).toEqual([[1], [2, 3]]);
  });

  it('rejects a block taller than a page, naming where it came from', () => {
    expect(() => paginate([marked(1, 150)], 100, { file: 'templates/form.hbs', line: 3 })).toThrow(LayoutError);
    expect(() => paginate([marked(1, 150)], 100, { file: 'templates/form.hbs', line: 3 })).toThrow(/150 pt tall/);
  });
});
