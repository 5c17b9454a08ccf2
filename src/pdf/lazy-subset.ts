/** The part of a fontkit font and its subset that pdfkit uses. */
interface SubsettableFont {
  directory: { tables: Record<string, unknown> };
  createSubset(): FontSubset;
}
interface FontSubset {
  glyphs: number[];
  includeGlyph(glyph: number | { id: number }): number;
  encode(): Uint8Array;
}

const deferred = new WeakSet<object>();

/**
 * pdfkit creates a font's subset as soon as it opens the font, and fontkit then parses the whole
 * CFF table, which a subset found in the cache never needs. This gives the font subsets that
 * collect glyphs as fontkit's do and create the real one only when asked to encode. It changes
 * the font object itself, once, before pdfkit first opens it.
 */
export function deferSubsets(font: object): void {
  if (deferred.has(font)) return;
  deferred.add(font);
  const subsettable = font as SubsettableFont;
  const createSubset = subsettable.createSubset.bind(subsettable);
  subsettable.createSubset = () => deferredSubset(subsettable, createSubset);
}

function deferredSubset(font: SubsettableFont, createSubset: () => FontSubset): FontSubset & { cff: true | null } {
  const glyphs: number[] = [];
  const mapping = new Map<number, number>();
  const includeGlyph = (glyph: number | { id: number }) => {
    const id = typeof glyph === 'object' ? glyph.id : glyph;
    if (!mapping.has(id)) mapping.set(id, glyphs.push(id) - 1);
    return mapping.get(id)!;
  };
  // Like fontkit's, a subset starts with the missing glyph.
  includeGlyph(0);
  return {
    glyphs,
    includeGlyph,
    // pdfkit asks only whether the font is CFF-based, which the table directory tells.
    cff: font.directory.tables['CFF '] === undefined ? null : true,
    encode() {
      const subset = createSubset();
      for (const id of glyphs) subset.includeGlyph(id);
      return subset.encode();
    },
  };
}
