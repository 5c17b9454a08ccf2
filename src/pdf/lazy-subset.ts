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
  subsettable.createSubset = () => new DeferredSubset(subsettable, createSubset);
}

// Methods, not closures made for each subset: optimised code that calls a closure holds on to
// it, and is thrown away and compiled again when the closure dies with its document.
class DeferredSubset implements FontSubset {
  readonly glyphs: number[] = [];
  private readonly mapping = new Map<number, number>();
  /** pdfkit asks only whether the font is CFF-based, which the table directory tells. */
  readonly cff: true | null;

  constructor(
    private readonly font: SubsettableFont,
    private readonly createSubset: () => FontSubset,
  ) {
    this.cff = font.directory.tables['CFF '] === undefined ? null : true;
    // Like fontkit's, a subset starts with the missing glyph.
    this.includeGlyph(0);
  }

  includeGlyph(glyph: number | { id: number }): number {
    const id = typeof glyph === 'object' ? glyph.id : glyph;
    const known = this.mapping.get(id);
    if (known !== undefined) return known;
    this.mapping.set(id, this.glyphs.length);
    return this.glyphs.push(id) - 1;
  }

  encode(): Uint8Array {
    const fontkits = this.createSubset();
    const subset = isCffSubset(fontkits) ? new (compactingClass(fontkits))(this.font) : fontkits;
    for (const id of this.glyphs) subset.includeGlyph(id);
    return subset.encode();
  }
}

/** fontkit's CFF subset, as far as its encode() builds the font dicts that are written. */
interface CffSubset extends FontSubset {
  cff: { stream: { pos: number; readBuffer(length: number): Uint8Array } };
  charstrings: Uint8Array[];
  gsubrs: Uint8Array[];
  subsetFontdict(topDict: CffTopDict): void;
  createCIDFontdict(topDict: CffTopDict): void;
  subsetSubrs(subrs: readonly { offset: number; length: number }[], used: Record<number, boolean>): Uint8Array[];
}
type CffSubsetClass = new (font: SubsettableFont) => CffSubset;
interface CffTopDict {
  CharStrings: Uint8Array[];
  FDArray: { Private?: { Subrs?: Uint8Array[] | null } | null }[];
  FDSelect: { fds?: number[] };
}

function isCffSubset(subset: FontSubset): subset is CffSubset {
  return 'cff' in subset && typeof (subset as Partial<CffSubset>).subsetFontdict === 'function';
}

const UNCALLED = Uint8Array.of(11);

function readSubr({ cff }: CffSubset, { offset, length }: { offset: number; length: number }): Uint8Array {
  cff.stream.pos = offset;
  return cff.stream.readBuffer(length);
}

const compactingClasses = new WeakMap<CffSubsetClass, CffSubsetClass>();

/**
 * fontkit's CFF subset, which makes the font dicts last in encode(), after the charstrings and
 * global subroutines: from there the charstrings are rewritten to call only what they use.
 */
function compactingClass(subset: CffSubset): CffSubsetClass {
  const fontkits = subset.constructor as CffSubsetClass;
  const known = compactingClasses.get(fontkits);
  if (known) return known;
  const compacting = class extends fontkits {
    // fontkit reads each called subroutine and makes an empty one for each of the thousands
    // uncalled, which are dropped here anyway: they all share one.
    override subsetSubrs(subrs: readonly { offset: number; length: number }[], used: Record<number, boolean>): Uint8Array[] {
      return subrs.map((subr, index) => (used[index] ? readSubr(this, subr) : UNCALLED));
    }
    override subsetFontdict(topDict: CffTopDict): void {
      super.subsetFontdict(topDict);
      replaceSubroutines(this, topDict);
    }
    override createCIDFontdict(topDict: CffTopDict): void {
      super.createCIDFontdict(topDict);
      replaceSubroutines(this, topDict);
    }
  };
  compactingClasses.set(fontkits, compacting);
  return compacting;
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
