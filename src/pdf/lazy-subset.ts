import { keepCalledSubroutines } from './subroutines.js';

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
      if (isCffSubset(subset)) dropUncalledSubroutines(subset);
      return subset.encode();
    },
  };
}

/** fontkit's CFF subset, as far as its encode() builds the font dicts that are written. */
interface CffSubset extends FontSubset {
  charstrings: Uint8Array[];
  gsubrs: Uint8Array[];
  subsetFontdict(topDict: CffTopDict): void;
  createCIDFontdict(topDict: CffTopDict): void;
}
interface CffTopDict {
  CharStrings: Uint8Array[];
  FDArray: { Private?: { Subrs?: Uint8Array[] | null } | null }[];
  FDSelect: { fds?: number[] };
}

function isCffSubset(subset: FontSubset): subset is CffSubset {
  return 'cff' in subset && typeof (subset as Partial<CffSubset>).subsetFontdict === 'function';
}

/**
 * fontkit's encode() makes the font dicts last, after the charstrings and global subroutines:
 * from there the charstrings are rewritten to call only the subroutines they use.
 */
function dropUncalledSubroutines(subset: CffSubset): void {
  for (const method of ['subsetFontdict', 'createCIDFontdict'] as const) {
    const makeFontDicts = subset[method].bind(subset);
    subset[method] = (topDict) => {
      makeFontDicts(topDict);
      replaceSubroutines(subset, topDict);
    };
  }
}

function replaceSubroutines(subset: CffSubset, topDict: CffTopDict): void {
  const compact = keepCalledSubroutines({
    glyphs: subset.charstrings,
    fontDicts: topDict.FDSelect.fds ?? subset.charstrings.map(() => 0),
    localSubrs: topDict.FDArray.map((fontDict) => fontDict.Private?.Subrs ?? []),
    globalSubrs: subset.gsubrs,
  });
  if (!compact) return;
  subset.charstrings = topDict.CharStrings = [...compact.glyphs];
  subset.gsubrs = [...compact.globalSubrs];
  topDict.FDArray.forEach((fontDict, index) => {
    const subrs = compact.localSubrs[index]!;
    // fontkit copied each Private dict before changing it, so the font's own stay untouched.
    if (fontDict.Private?.Subrs) fontDict.Private.Subrs = subrs.length > 0 ? [...subrs] : null;
  });
}
