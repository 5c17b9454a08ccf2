import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPersonalFace } from './draw.js';

/**
 * Encoded font subsets by content: the font and the glyphs in the order the document used them.
 * Encoding a subset of the 8 MB CID-keyed CFF font is most of a build's time, and most builds
 * and most forms of a batch need one they have needed before.
 */
export interface SubsetCache {
  get(key: string): Uint8Array | undefined;
  set(key: string, bytes: Uint8Array): void;
}

// Enough for every face of a build and a batch's recent forms; old entries go first.
const MEMORY_ENTRIES = 32;

/**
 * A cache kept in memory and, when a folder is given, on disk, where it serves later runs. The
 * folder is safe to delete at any time; a file that cannot be read or written is simply skipped.
 */
export function createSubsetCache(folder: string | undefined): SubsetCache {
  const memory = new Map<string, Uint8Array>();
  const remember = (key: string, bytes: Uint8Array) => {
    memory.delete(key);
    memory.set(key, bytes);
    if (memory.size > MEMORY_ENTRIES) memory.delete(memory.keys().next().value!);
    return bytes;
  };
  return {
    get(key) {
      const known = memory.get(key) ?? (folder ? readQuietly(join(folder, key)) : undefined);
      return known && remember(key, known);
    },
    set(key, bytes) {
      remember(key, bytes);
      if (folder) writeQuietly(folder, key, bytes);
    },
  };
}

// Each file starts with the SHA-256 of the rest, so a damaged file is recomputed, never embedded.
const DIGEST_LENGTH = 32;
const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

function readQuietly(file: string): Uint8Array | undefined {
  try {
    const stored = readFileSync(file);
    const bytes = stored.subarray(DIGEST_LENGTH);
    return digest(bytes).equals(stored.subarray(0, DIGEST_LENGTH)) ? bytes : undefined;
  } catch {
    return undefined;
  }
}

function writeQuietly(folder: string, key: string, bytes: Uint8Array): void {
  // Written aside and renamed, so a concurrent run never reads half a file.
  const temporary = join(folder, `.${key}.${process.pid}.tmp`);
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(temporary, Buffer.concat([digest(bytes), bytes]));
    renameSync(temporary, join(folder, key));
  } catch {
    // A cache that cannot be written costs speed, never correctness.
  }
}

/** pdfkit's embedded font, which its typings do not declare. */
interface EmbeddedFont {
  font?: { postscriptName: string; version?: string; numGlyphs: number };
  subset?: { glyphs: number[]; encode(): Uint8Array };
}

/**
 * Makes each font the document used take its encoded subset from the cache, or store it there.
 * The subsets of a person's answers are never cached: their glyphs spell out personal data.
 * Called after drawing and before pdf.end(), when pdfkit encodes the subsets.
 */
export function useSubsetCache(pdf: PDFKit.PDFDocument, cache: SubsetCache): void {
  const families = Object.entries((pdf as unknown as { _fontFamilies: Record<string, EmbeddedFont> })._fontFamilies);
  const personal = new Set(families.filter(([name]) => isPersonalFace(name)).map(([, font]) => font));
  for (const { font, subset } of new Set(families.map(([, embedded]) => embedded).filter((embedded) => !personal.has(embedded)))) {
    if (!font || !subset) continue;
    const encode = subset.encode.bind(subset);
    subset.encode = () => {
      const key = createHash('sha256').update(`${font.postscriptName} ${font.version ?? ''} ${font.numGlyphs}\n${subset.glyphs.join(',')}`).digest('hex');
      const cached = cache.get(key);
      if (cached) return cached;
      const bytes = encode();
      cache.set(key, bytes);
      return bytes;
    };
  }
}
