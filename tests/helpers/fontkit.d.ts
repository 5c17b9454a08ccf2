// The parts of fontkit the tests read fonts back with; fontkit ships no type declarations.
declare module 'fontkit' {
  export interface Glyph {
    id: number;
    advanceWidth: number;
  }
  export interface GlyphRun {
    glyphs: Glyph[];
    advanceWidth: number;
  }
  export interface Font {
    postscriptName: string;
    familyName: string;
    fullName: string;
    /** The version string of the font's name table. */
    version: string;
    numGlyphs: number;
    /** The table directory, read as the font is opened: each table's place, length and checksum. */
    directory: { tables: Record<string, { checkSum: number; offset: number; length: number }> };
    unitsPerEm: number;
    ascent: number;
    descent: number;
    lineGap: number;
    layout(text: string, features?: readonly string[] | Record<string, boolean>): GlyphRun;
    hasGlyphForCodePoint(codePoint: number): boolean;
    glyphForCodePoint(codePoint: number): Glyph;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
