import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import { commonCharacters } from './common-characters.js';
import { BESIDE_CFF_OUTLINES, subsetFont } from './subset.js';
import { tableOf } from './tables.js';
import type { LoadedFont } from './index.js';

/** The font a fillable form's text fields type with: CFF outlines and, for each character it has, its CID and width. */
export interface FieldFont {
  name: string;
  /**
   * The subset's CID-keyed CFF table, deflated (zlib) as a PDF's FlateDecode stream holds it,
   * once as it is cut rather than in every document that embeds it.
   */
  deflatedOutlines: Uint8Array;
  /** [code point, CID, width per 1000 em] of every character kept. */
  characters: [number, number, number][];
  metrics: { ascent: number; descent: number; bbox: number[] };
}

const deflateAside = promisify(deflate);

// Latin letters, digits and punctuation, with accents: a name on a passport.
const LATIN = new Set([...range(0x20, 0x7e), ...range(0xa0, 0xff)]);

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

/**
 * The common characters of the document's CJK language: the standard of the first of its
 * languages that has one (通用规范汉字表 for Simplified Chinese, Big5's for Traditional, JIS X 0208
 * for Japanese), of Simplified Chinese in a document without one.
 */
function commonOf(langs: readonly string[]): ReadonlySet<number> {
  return commonCharacters(langs.find((lang) => commonCharacters(lang) !== undefined) ?? 'zh-Hans')!;
}

/** The characters a form's fields keep: its language's common characters, Latin, and every character the document prints. */
export function fieldCharacters(langs: readonly string[], printed: Iterable<string>): number[] {
  const all = new Set<number>([...LATIN, ...commonOf(langs)]);
  for (const text of printed) for (const character of text) all.add(character.codePointAt(0)!);
  return [...all].sort((a, b) => a - b);
}

/** The printed characters that fieldCharacters adds to the common ones and Latin, each once: with the languages, all that tells one field font from another. */
export function uncommonCharacters(langs: readonly string[], printed: string): string {
  const common = commonOf(langs);
  const uncommon = [...printed].filter((character) => !LATIN.has(character.codePointAt(0)!) && !common.has(character.codePointAt(0)!));
  return [...new Set(uncommon)].sort().join('');
}

/**
 * A CJK face cut by HarfBuzz to the glyphs the face's cmap gives the characters, renumbered in
 * order; each glyph keeps its CID, and its CID and width are the face's own. Without hints: typed
 * text is drawn at one size on screen, and thousands of glyphs' hints would not fit the
 * subsetter's memory. Without subroutines too: with the hints gone, each glyph written whole made
 * the Simplified Chinese cut a third quicker (80 ms against 122) and 5 % smaller once deflated.
 * Its 1.7 MB CFF table is deflated on zlib's thread pool, some 35 ms spent beside the drawing of
 * the other documents rather than before it.
 */
export async function cutFieldFont(face: LoadedFont, characters: readonly number[]): Promise<FieldFont> {
  const glyphs = characters.flatMap((codePoint): [number, number][] => {
    const glyph = face.glyph(codePoint);
    return glyph ? [[codePoint, glyph]] : [];
  });
  const subset = subsetFont(face.file, { glyphs: [...new Set(glyphs.map(([, glyph]) => glyph))].sort((a, b) => a - b), withoutHints: true, desubroutinize: true, dropTables: BESIDE_CFF_OUTLINES });
  const outlines = tableOf(subset, 'CFF ')!;
  // Room for all of it: the thread pool hands back each full chunk through the busy main thread.
  const deflating = deflateAside(outlines, { chunkSize: outlines.length + 2 ** 16 });
  const cids = face.cids!;
  const scale = 1000 / face.unitsPerEm;
  const [ascent, descent] = [Math.round(face.ascent * scale), Math.round(face.descent * scale)];
  const kept = glyphs.map(([codePoint, glyph]): [number, number, number] => [codePoint, cids[glyph]!, Math.round(face.advance(glyph) * scale)]);
  return { name: face.name, deflatedOutlines: await deflating, characters: kept, metrics: { ascent, descent, bbox: [0, descent, 1000, ascent] } };
}
