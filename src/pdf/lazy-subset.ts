import { keepCalledSubroutines, type SubroutineList } from './subroutines.js';

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
    const subset = isCidKeyedCff(fontkits) ? new (compactingClass(fontkits))(this.font) : fontkits;
    for (const id of this.glyphs) subset.includeGlyph(id);
    return subset.encode();
  }
}

/** fontkit's CFF subset, as far as its encode() builds the charstrings and font dicts written. */
interface CffSubset extends FontSubset {
  cff: ParsedCff;
  charstrings: Uint8Array[];
  gsubrs: Uint8Array[];
  subsetCharstrings(): void;
  subsetFontdict(topDict: CffTopDict): void;
}
type CffSubsetClass = new (font: SubsettableFont) => CffSubset;

/** Where a subroutine's charstring is in the font. */
interface StoredSubr {
  offset: number;
  length: number;
}
interface PrivateDict {
  Subrs?: readonly StoredSubr[] | Uint8Array[] | null;
}
interface FontDict {
  FontName?: unknown;
  Private?: PrivateDict | null;
}
interface ParsedCff {
  stream: { buffer: Uint8Array };
  globalSubrIndex: readonly StoredSubr[];
  topDict: { FDArray: FontDict[] };
  isCIDFont: boolean;
  getCharString(glyph: number): Uint8Array;
  fdForGlyph(glyph: number): number | null;
}
interface CffTopDict {
  CharStrings: Uint8Array[];
  FDArray: FontDict[];
  FDSelect: { version: number; fds: number[] };
}

/** A subset of a CID-keyed CFF font, as CJK fonts are; others are left to fontkit as they are. */
function isCidKeyedCff(subset: FontSubset): subset is CffSubset {
  return typeof (subset as Partial<CffSubset>).subsetFontdict === 'function' && (subset as Partial<CffSubset>).cff?.isCIDFont === true;
}

const compactingClasses = new WeakMap<CffSubsetClass, CffSubsetClass>();

/**
 * fontkit's CFF subset, keeping only the subroutines its glyphs call. fontkit learns which those
 * are by drawing every glyph's outline; reading the charstrings tells as much, at a fraction of
 * the cost. A charstring that cannot be read that way leaves the subset to fontkit, outlines and
 * all, with every subroutine slot kept.
 */
function compactingClass(subset: CffSubset): CffSubsetClass {
  const fontkits = subset.constructor as CffSubsetClass;
  const known = compactingClasses.get(fontkits);
  if (known) return known;
  const compacting = class extends fontkits {
    /**
     * fontkit starts the subset's top dict as a copy of the font's, which decodes the font's
     * charset (its glyph ids for all 65,535 glyphs) only to replace it: a copy without it is used.
     */
    override encode(): Uint8Array {
      const { cff } = this;
      this.cff = Object.create(cff, { topDict: { value: withoutCharset(cff.topDict) } }) as ParsedCff;
      try {
        return super.encode();
      } finally {
        this.cff = cff;
      }
    }
    override subsetCharstrings(): void {
      this.charstrings = this.glyphs.map((glyph) => this.cff.getCharString(glyph));
      this.gsubrs = [];
    }
    override subsetFontdict(topDict: CffTopDict): void {
      if (replaceSubroutines(this, topDict, pickFontDicts(this, topDict))) return;
      super.subsetCharstrings();
      topDict.CharStrings = this.charstrings;
      super.subsetFontdict(topDict);
    }
  };
  compactingClasses.set(fontkits, compacting);
  return compacting;
}

/** The dict with the same entries, still decoded when first read, but a charset and encoding of none. */
function withoutCharset(topDict: object): object {
  const none = { value: null, enumerable: true, writable: true, configurable: true };
  return Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(topDict), charset: none, Encoding: none });
}

/** The font dicts the glyphs use, in order of first use, as fontkit picks them; the font's own, by new index. */
function pickFontDicts(subset: CffSubset, topDict: CffTopDict): FontDict[] {
  const fds: number[] = [];
  const originals: FontDict[] = [];
  const newIndex = new Map<number, number>();
  for (const glyph of subset.glyphs) {
    const fd = subset.cff.fdForGlyph(glyph);
    if (fd === null || fd === undefined) continue;
    if (!newIndex.has(fd)) newIndex.set(fd, originals.push(subset.cff.topDict.FDArray[fd]!) - 1);
    fds.push(newIndex.get(fd)!);
  }
  topDict.FDSelect = { version: 0, fds };
  // Copies, without the name, as fontkit writes them; the font's own dicts stay untouched.
  topDict.FDArray = originals.map(({ FontName: _name, ...fontDict }) => ({ ...fontDict, ...(fontDict.Private ? { Private: { ...fontDict.Private } } : {}) }));
  return originals;
}

/** Charstrings and subroutines rewritten to call only those used; false where they cannot be. */
function replaceSubroutines(subset: CffSubset, topDict: CffTopDict, fontDicts: readonly FontDict[]): boolean {
  const compact = keepCalledSubroutines({
    glyphs: subset.charstrings,
    fontDicts: topDict.FDSelect.fds,
    localSubrs: fontDicts.map((fontDict) => storedSubrs(subset, (fontDict.Private?.Subrs ?? []) as readonly StoredSubr[])),
    globalSubrs: storedSubrs(subset, subset.cff.globalSubrIndex),
  });
  if (!compact) return false;
  subset.charstrings = topDict.CharStrings = compact.glyphs;
  subset.gsubrs = compact.globalSubrs;
  topDict.FDArray.forEach((fontDict, index) => {
    const subrs = compact.localSubrs[index]!;
    if (fontDict.Private?.Subrs) fontDict.Private.Subrs = subrs.length > 0 ? subrs : null;
  });
  return true;
}

/** The font's subroutines, each read (as a view of the font's bytes) when first called. */
function storedSubrs({ cff }: CffSubset, subrs: readonly StoredSubr[]): SubroutineList {
  const read = new Map<number, Uint8Array>();
  return {
    length: subrs.length,
    at(index) {
      const subr = subrs[index];
      if (!subr) return undefined;
      const known = read.get(index) ?? cff.stream.buffer.subarray(subr.offset, subr.offset + subr.length);
      read.set(index, known);
      return known;
    },
  };
}
