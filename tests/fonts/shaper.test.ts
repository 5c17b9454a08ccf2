import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Blob, Buffer, Face, Feature, Font, shape } from 'harfbuzzjs';
import { openShapingFace, type ShapedGlyph } from '../../src/fonts/shaper.js';
import { findFonts } from '../../src/fonts/index.js';

/** The same text shaped through harfbuzzjs's own wrapper of the same harfbuzz.wasm. */
function shapedByWrapper(file: string, text: string, lang: string, features: readonly string[]): ShapedGlyph[] {
  const buffer = new Buffer();
  buffer.addText(text);
  buffer.guessSegmentProperties();
  buffer.setLanguage(lang);
  shape(new Font(new Face(new Blob(readFileSync(file)))), buffer, features.map((feature) => Feature.fromString(feature)!));
  const positions = buffer.getGlyphPositions();
  return buffer.getGlyphInfos().map((info, index) => {
    const { xAdvance, xOffset, yOffset } = positions[index]!;
    return { id: info.codepoint, cluster: info.cluster, advance: xAdvance, dx: xOffset, dy: yOffset, unsafeToBreak: (info.flags & 1) !== 0 };
  });
}

describe('the shaper, HarfBuzz’s hb.h called in harfbuzz.wasm', () => {
  const file = findFonts().families['Noto Sans SC'].regular.file;
  const face = openShapingFace(readFileSync(file));

  it('shapes as harfbuzzjs’s wrapper does, with features, and grows its memory for a long text', () => {
    // HarfBuzz's memory starts at 256 KB: the face, then this text's 3 MB of glyph records, grow it.
    const text = '陈大文王镕，「Latin」 ﬁ fi office。'.repeat(4_000);
    const ours = face.shape(text, { lang: 'zh-Hans', features: ['halt'] });
    expect(ours.length).toBeGreaterThan(80_000);
    expect(ours).toEqual(shapedByWrapper(file, text, 'zh-Hans', ['halt']));
  });

  it('tells a character’s glyph, none for a character the face lacks, and reads a table', () => {
    expect(face.glyph('镕'.codePointAt(0)!)).toBeGreaterThan(0);
    expect(face.glyph(0x10ffff)).toBeUndefined();
    expect(face.unitsPerEm).toBe(1000);
    expect(face.table('hhea')?.length).toBe(36);
    expect(face.table('zzzz')).toBeUndefined();
  });

  it('refuses a feature HarfBuzz cannot parse', () => {
    expect(() => face.shape('王', { lang: 'zh-Hans', features: [''] })).toThrow('HarfBuzz does not know the feature');
  });
});
