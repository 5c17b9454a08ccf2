import type { FontRole, FontSet } from '../fonts/index.js';
import type { TextStyle } from './style.js';

export interface Measurer {
  /** Advance width of the text in points. */
  width(text: string, font: FontRole, size: number): number;
  /** Distance from a line box's top to its baseline, centring the em box in the line. */
  baselineOffset(style: TextStyle): number;
  /** Ascent as a fraction of the em, for placing a baseline. */
  readonly ascent: number;
  /** The distinct characters of the text that the fonts cannot draw. */
  missingCharacters(text: string): string[];
}

/** Measures with the very font objects the PDF writer embeds, so layout and drawing agree. */
export function createMeasurer(fonts: FontSet): Measurer {
  const caches: Record<FontRole, Map<string, number>> = { regular: new Map(), bold: new Map() };
  const { font } = fonts.regular;
  const ascent = font.ascent / font.unitsPerEm;
  const descent = -font.descent / font.unitsPerEm;
  return {
    ascent,
    width(text, role, size) {
      const cache = caches[role];
      let perEm = cache.get(text);
      if (perEm === undefined) {
        const roleFont = fonts[role].font;
        perEm = roleFont.layout(text).advanceWidth / roleFont.unitsPerEm;
        cache.set(text, perEm);
      }
      return perEm * size;
    },
    missingCharacters(text) {
      // Regular and bold cover the same characters; whitespace is never drawn.
      return [...new Set(text)].filter((character) => !/\s/u.test(character) && !font.hasGlyphForCodePoint(character.codePointAt(0)!));
    },
    baselineOffset({ size, leading }) {
      return (size * leading - (ascent + descent) * size) / 2 + ascent * size;
    },
  };
}
