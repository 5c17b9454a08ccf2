import { readFile } from 'node:fs/promises';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { loadFonts } from '../../src/fonts/index.js';

/** fontkit's font, as far as its bytes, its tables' places and its subsets go. */
interface FontInternals {
  stream: { buffer: Uint8Array };
  directory: { tables: Record<string, { offset: number; length: number }> };
  createSubset(): { includeGlyph(glyph: number): number; encode(): Uint8Array };
}

const internals = (font: fontkit.Font) => font as unknown as FontInternals;

function encodedSubset(font: fontkit.Font, text: string): Buffer {
  const subset = internals(font).createSubset();
  for (const character of text) subset.includeGlyph(font.glyphForCodePoint(character.codePointAt(0)!).id);
  return Buffer.from(subset.encode());
}

describe('the fonts', () => {
  it('leave a CJK face’s outlines unread until a subset needs them, and then encode it as the whole file does', async () => {
    const { font, file } = (await loadFonts()).regular[0]!;
    const whole = fontkit.create(await readFile(file));
    const { offset, length } = internals(whole).directory.tables['CFF ']!;
    const outlines = (of: fontkit.Font) => Buffer.from(internals(of).stream.buffer.subarray(offset, offset + length));

    expect(length).toBeGreaterThan(1 << 20);
    expect(outlines(font).some((byte) => byte !== 0)).toBe(false);
    expect(encodedSubset(font, '取消智能卡 Smart SIM').equals(encodedSubset(whole, '取消智能卡 Smart SIM'))).toBe(true);
    expect(outlines(font).equals(outlines(whole))).toBe(true);
  });
});
