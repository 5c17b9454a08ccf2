import { describe, expect, it, vi } from 'vitest';
import { loadFonts } from '../../src/fonts/index.js';
import type { FieldFontData } from '../../src/pdf/field-font-cache.js';

const DATA: FieldFontData = { name: 'Face', outlines: Buffer.from('outlines'), toUnicode: Buffer.from('map'), widths: [1, [500, 600]], descriptor: { Flags: 4 } };

describe("the form fields' whole font", () => {
  it('is made once, and a later process takes it from the cache, as made, without reading the face', async () => {
    const face = (await loadFonts()).families['Noto Sans SC'].regular;
    const entries = new Map<string, Uint8Array>();
    const cache = { get: (key: string) => entries.get(key), set: (key: string, bytes: Uint8Array) => void entries.set(key, bytes) };
    const first = await import('../../src/pdf/field-font-cache.js');
    const make = vi.fn(() => DATA);
    expect(first.keptFieldFont(face, { compress: true, cache, make })).toEqual(DATA);
    expect(entries.size).toBe(1);
    vi.resetModules();
    const later = await import('../../src/pdf/field-font-cache.js');
    const kept = later.keptFieldFont(face, { compress: true, cache, make });
    expect(make).toHaveBeenCalledTimes(1);
    expect({ ...kept, outlines: Buffer.from(kept.outlines), toUnicode: Buffer.from(kept.toUnicode) }).toEqual(DATA);
    // Uncompressed streams are another entry.
    later.keptFieldFont(face, { compress: false, cache, make });
    expect(make).toHaveBeenCalledTimes(2);
    expect(face.parsed).toBe(false);
  });
});
