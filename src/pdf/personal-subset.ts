import type { Font } from 'fontkit';

/** pdfkit's embedded font, as far as its subset, widths and code points go. */
interface EmbeddedFont {
  font: Font;
  subset: { glyphs: readonly number[]; includeGlyph(glyph: number): number };
  widths: number[];
  unicode: number[][];
  scale: number;
}

interface PresetGlyph {
  id: number;
  advanceWidth: number;
  codePoint: number;
}

const PRINTABLE_ASCII = Array.from({ length: 0x7e - 0x20 + 1 }, (_, index) => 0x20 + index);
const presetsByFont = new WeakMap<Font, PresetGlyph[]>();
const presetLengths = new WeakMap<object, number>();

/**
 * A person's answers are drawn in faces of their own, with subsets of their own. Each starts with
 * every printable ASCII character the font has, in code point order, so that answers in ASCII
 * (numbers, dates, most names as written on an ID) give one font file for everyone: a file that
 * holds nothing of any person, so it can be cached. Other characters come after them, and a
 * subset holding any is never cached. Done at the face's first use, before any of its glyphs:
 * a document without answers never looks these characters up.
 */
export function presetPersonalSubset(embedded: object): void {
  const face = embedded as EmbeddedFont;
  if (presetLengths.has(face.subset)) return;
  for (const { id, advanceWidth, codePoint } of presetGlyphs(face.font)) {
    const index = face.subset.includeGlyph(id);
    // pdfkit writes a width and a code point for every glyph of the subset, used or not.
    face.widths[index] ??= advanceWidth * face.scale;
    face.unicode[index] ??= [codePoint];
  }
  presetLengths.set(face.subset, face.subset.glyphs.length);
}

/** Whether a person's face has used nothing beyond the characters every such subset starts with. */
export function holdsOnlyPreset(embedded: object): boolean {
  const { subset } = embedded as EmbeddedFont;
  return presetLengths.get(subset) === subset.glyphs.length;
}

function presetGlyphs(font: Font): PresetGlyph[] {
  const known = presetsByFont.get(font);
  if (known) return known;
  const glyphs = PRINTABLE_ASCII.filter((codePoint) => font.hasGlyphForCodePoint(codePoint)).map((codePoint) => {
    const glyph = font.glyphForCodePoint(codePoint);
    return { id: glyph.id, advanceWidth: glyph.advanceWidth, codePoint };
  });
  presetsByFont.set(font, glyphs);
  return glyphs;
}
