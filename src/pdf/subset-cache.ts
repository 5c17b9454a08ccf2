import { deflateSync } from 'node:zlib';
import { digest } from '../checked-files.js';
import { isPersonalFace } from './faces.js';
import { holdsOnlyPreset } from './personal-subset.js';

/**
 * Bytes by the digest of what they follow from, such as an encoded font subset by the font and
 * its glyphs in the order numbered: encoding a subset of the 8 MB CID-keyed CFF
 * font is most of a build's time, and most builds and most forms of a batch need one they have
 * needed before.
 */
export interface ByteCache {
  get(key: string): Uint8Array | undefined;
  set(key: string, bytes: Uint8Array): void;
}

/** pdfkit's embedded font and document internals, which its typings do not declare. */
interface EmbeddedFont {
  font?: { postscriptName: string; version?: string; numGlyphs: number };
  subset?: { glyphs: number[]; encode(): Uint8Array };
  unicode: number[][];
  embed(): void;
  toUnicodeCmap(): Stream;
}
interface Stream {
  compress: boolean;
  data: Record<string, unknown>;
  end(chunk?: string | Uint8Array): void;
}
interface Internals {
  _fontFamilies: Record<string, EmbeddedFont>;
  ref(data?: object): Stream;
  compress: boolean;
}

/**
 * Makes each font the document used take its subset, encoded and compressed, from the cache, or
 * store it there. The subsets of a person's answers are cached only while they hold nothing but
 * the characters every such subset starts with: beyond those, their glyphs spell out personal
 * data. Called after drawing and before pdf.end(), when pdfkit embeds the fonts.
 */
export function useSubsetCache(pdf: PDFKit.PDFDocument, cache: ByteCache): void {
  const internals = pdf as unknown as Internals;
  const families = Object.entries(internals._fontFamilies);
  const personal = new Set(families.filter(([name]) => isPersonalFace(name)).map(([, font]) => font));
  for (const embedded of new Set(families.map(([, font]) => font).filter((font) => !personal.has(font) || holdsOnlyPreset(font)))) {
    const { font, subset } = embedded;
    if (!font || !subset) continue;
    const embed = embedded.embed.bind(embedded);
    embedded.embed = () => {
      const key = subsetKey(font, subset.glyphs, internals.compress);
      const bytes = cache.get(key) ?? store(cache, key, encodeStream(internals, subset.encode()));
      subset.encode = () => bytes;
      nextStreamIsStored(internals);
      embedUnicodeMap(internals, embedded, { cache, key });
      embed();
    };
  }
}

/**
 * The map from glyphs back to text, which pdfkit writes out and compresses for each document:
 * from the cache too, by the subset and the characters each of its glyphs was drawn for.
 */
function embedUnicodeMap(internals: Internals, embedded: EmbeddedFont, { cache, key }: { cache: ByteCache; key: string }): void {
  const toUnicodeCmap = embedded.toUnicodeCmap.bind(embedded);
  embedded.toUnicodeCmap = () => {
    // JSON writes the code points of a subset of thousands of glyphs in one builtin call.
    const mapKey = digest(`ToUnicode ${key}\n${JSON.stringify(embedded.unicode)}`);
    const known = cache.get(mapKey);
    if (known) {
      const stream = storedStream(internals, internals.ref());
      stream.end(known);
      return stream;
    }
    nextStreamIsStored(internals, (stream) => {
      const end = stream.end.bind(stream);
      // pdfkit ends its map with the whole text, a line, as it writes any.
      stream.end = (text) => end(store(cache, mapKey, encodeStream(internals, Buffer.from(`${text as string}\n`, 'latin1'))));
    });
    return toUnicodeCmap();
  };
}

/** A stream that takes its bytes as they are, already deflated when the document is compressed. */
function storedStream(internals: Internals, stream: Stream): Stream {
  if (!internals.compress) return stream;
  stream.compress = false;
  stream.data.Filter = 'FlateDecode';
  return stream;
}

const encodeStream = (internals: Internals, bytes: Uint8Array) => (internals.compress ? deflateSync(bytes) : bytes);

function subsetKey(font: NonNullable<EmbeddedFont['font']>, glyphs: readonly number[], deflated: boolean): string {
  return digest(`${font.postscriptName} ${font.version ?? ''} ${font.numGlyphs} ${deflated ? 'deflated' : 'raw'}\n${glyphs.join(',')}`);
}

function store(cache: ByteCache, key: string, bytes: Uint8Array): Uint8Array {
  cache.set(key, bytes);
  return bytes;
}

/**
 * The next stream pdfkit creates (the font file, first in embed(), or the glyph-to-text map)
 * takes its bytes as stored: already deflated, exactly as pdfkit would deflate them.
 */
function nextStreamIsStored(internals: Internals, adjust: (stream: Stream) => void = () => {}): void {
  const ref = internals.ref;
  internals.ref = (data) => {
    internals.ref = ref;
    const stream = storedStream(internals, ref.call(internals, data));
    adjust(stream);
    return stream;
  };
}
