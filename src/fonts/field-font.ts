import { commonCharacters } from './common-characters.js';
import { subsetFont } from './subset.js';
import { cidsOf, tableOf } from './tables.js';
import { harfbuzz } from './engine.js';
import type { LoadedFont } from './index.js';

/** The font a fillable form's text fields type with: CFF outlines and, for each character it has, its CID and width. */
export interface FieldFont {
  name: string;
  /** The subset's CID-keyed CFF table. */
  outlines: Uint8Array;
  /** [code point, CID, width per 1000 em] of every character kept. */
  characters: [number, number, number][];
  metrics: { ascent: number; descent: number; bbox: number[] };
}

// Latin letters, digits and punctuation, with accents: a name on a passport.
const LATIN = [...range(0x20, 0x7e), ...range(0xa0, 0xff)];

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

/**
 * The characters a form's fields keep: the common-character standard of the document's CJK
 * language (通用规范汉字表 for Simplified Chinese, Big5's for Traditional, JIS X 0208 for
 * Japanese), of Simplified Chinese in a document without one; Latin; and every character the
 * document prints.
 */
export function fieldCharacters(langs: readonly string[], printed: Iterable<string>): number[] {
  const cjk = langs.find((lang) => commonCharacters(lang) !== undefined) ?? 'zh-Hans';
  const common = commonCharacters(cjk)!;
  const all = new Set<number>([...LATIN, ...common]);
  for (const text of printed) for (const character of text) all.add(character.codePointAt(0)!);
  return [...all].sort((a, b) => a - b);
}

/**
 * A CJK face cut by HarfBuzz to the characters, renumbered in order; each glyph keeps its CID.
 * Without hints: typed text is drawn at one size on screen, and thousands of glyphs' hints would
 * not fit the subsetter's memory.
 */
export function cutFieldFont(face: LoadedFont, characters: readonly number[]): FieldFont {
  const subset = subsetFont(face.bytes, { characters, withoutHints: true, dropTables: ['GSUB', 'GPOS', 'GDEF', 'BASE', 'VORG', 'vhea', 'vmtx'] });
  const outlines = tableOf(subset, 'CFF ')!;
  const cids = cidsOf(outlines);
  const hb = harfbuzz();
  const font = new hb.Font(new hb.Face(new hb.Blob(subset)));
  const scale = 1000 / face.unitsPerEm;
  const kept = characters.flatMap((codePoint): [number, number, number][] => {
    const glyph = font.nominalGlyph(codePoint);
    return glyph ? [[codePoint, cids[glyph]!, Math.round(font.glyphHAdvance(glyph) * scale)]] : [];
  });
  return { name: face.name, outlines, characters: kept, metrics: { ascent: Math.round(face.ascent * scale), descent: Math.round(face.descent * scale), bbox: [0, Math.round(face.descent * scale), 1000, Math.round(face.ascent * scale)] } };
}
