import { statSync } from 'node:fs';
import { readingFile } from './font-file.js';
import { MEMORY_MODE_READONLY, startHarfBuzz, type HarfBuzzMemory } from './harfbuzz-wasm.js';
import { tagNumber } from './tables.js';

/** What to keep of a font: glyphs by id, or the glyphs of characters. */
export interface SubsetRequest {
  glyphs?: Iterable<number>;
  characters?: Iterable<number>;
  /** Keep each glyph at its id, leaving the others empty; otherwise the kept glyphs are renumbered in their order. */
  retainGids?: boolean;
  /** Tables left out, such as the layout tables a PDF never reads. */
  dropTables?: readonly string[];
  /** Keep the glyphs the layout features reach from these too, for a font that is still to be shaped (a web font). */
  forShaping?: boolean;
  /** Leave out the hints, which a subset of thousands of glyphs has no room for in the subsetter's memory. */
  withoutHints?: boolean;
  /**
   * Write each CFF glyph whole instead of calling subroutines: the same outlines and hints, and
   * for a few hundred glyphs a smaller font once deflated (by 6 % for the handout's), the
   * subroutines left being shared by few of them.
   */
  desubroutinize?: boolean;
}

/**
 * Every table of a CFF face but the outlines and the few HarfBuzz writes any face with (head,
 * maxp): what a subset for a PDF, which embeds the CFF table alone, leaves out rather than cuts.
 */
export const BESIDE_CFF_OUTLINES = ['GSUB', 'GPOS', 'GDEF', 'BASE', 'JSTF', 'VORG', 'vhea', 'vmtx', 'STAT', 'name', 'cmap', 'hmtx', 'hhea', 'post', 'OS/2'];

/** The functions of HarfBuzz's subsetter (hb-subset.h) that harfbuzzjs ships compiled in harfbuzz-subset.wasm. */
interface Subsetter extends HarfBuzzMemory {
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_set(input: number, kind: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
  hb_subset_preprocess(face: number): number;
}

// hb-subset.h's values.
const NO_HINTING = 0x1;
const RETAIN_GIDS = 0x2;
const DESUBROUTINIZE = 0x4;
const NO_LAYOUT_CLOSURE = 0x200;
const SETS = { glyphs: 0, characters: 1, dropTables: 3 };

let subsetter: Subsetter | undefined;

/**
 * The face last subset, left in the subsetter's memory with the tables HarfBuzz parsed from it:
 * a batch cuts the same face for every form, and reading its 8 MB again took most of each cut
 * (8 ms of 9 for a form's 25 glyphs). Only one stays: the memory's 64 MB cannot grow, and the
 * field font's cut of thousands of glyphs needs much of it.
 */
let openedFace: { file: string; size: number; modifiedMs: number; cuts: number; face: number; close(): void } | undefined;

/**
 * The cuts of one face after which it is preprocessed (hb_subset_preprocess): HarfBuzz then keeps
 * every table parsed, and a form's cut takes 0.2 ms rather than 4. Preprocessing a CJK face takes
 * some 330 ms and 20 MB of the subsetter's memory, which only many cuts win back: a batch, the
 * server, a long watch. A build cuts a face at most five times.
 */
const CUTS_BEFORE_PREPROCESSING = 8;

function faceOf(hb: Subsetter, file: string): number {
  const { size, mtimeMs: modifiedMs } = statSync(file);
  if (openedFace?.file !== file || openedFace.size !== size || openedFace.modifiedMs !== modifiedMs) {
    openedFace?.close();
    // Nothing is left open if this file cannot be.
    openedFace = undefined;
    openedFace = { file, size, modifiedMs, cuts: 0, ...openFace(hb, file, size) };
  }
  if (++openedFace.cuts === CUTS_BEFORE_PREPROCESSING) preprocess(hb, openedFace);
  return openedFace.face;
}

/**
 * The face replaced by its preprocessed copy. That copy may still read the file's bytes, which
 * HarfBuzz keeps alive only when a blob of its own holds them (its subset-preprocessing.md): they
 * are freed with it.
 */
function preprocess(hb: Subsetter, opened: { face: number; close(): void }): void {
  const preprocessed = hb.hb_subset_preprocess(opened.face);
  const closeSource = opened.close;
  opened.face = preprocessed;
  opened.close = () => {
    hb.hb_face_destroy(preprocessed);
    closeSource();
  };
}

/** The face copied into the subsetter's memory, its file read straight into it. Returns the face and what frees it. */
function openFace(hb: Subsetter, file: string, length: number): { face: number; close(): void } {
  const data = hb.malloc(length);
  if (!data) throw new Error('the font does not fit HarfBuzz’s memory');
  try {
    readingFile(file, (read) => read(new Uint8Array(hb.memory.buffer, data, length), 0));
  } catch (error) {
    hb.free(data);
    throw error;
  }
  const blob = hb.hb_blob_create(data, length, MEMORY_MODE_READONLY, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  return {
    face,
    close: () => {
      hb.hb_face_destroy(face);
      hb.free(data);
    },
  };
}

/**
 * A font cut down to the glyphs asked for by HarfBuzz's subsetter, which keeps them in their
 * order, prunes the CFF subroutines they do not call and leaves out layout closure: a PDF draws
 * the very glyphs the layout chose. The font is given by its file's path.
 */
export function subsetFont(file: string, request: SubsetRequest): Uint8Array {
  const hb = (subsetter ??= startHarfBuzz<Subsetter>('harfbuzz-subset.wasm'));
  const source = faceOf(hb, file);
  const input = hb.hb_subset_input_create_or_fail();
  try {
    const fill = (kind: number, values: Iterable<number>) => {
      const set = hb.hb_subset_input_set(input, kind);
      for (const value of values) hb.hb_set_add(set, value);
    };
    fill(SETS.glyphs, request.glyphs ?? []);
    fill(SETS.characters, request.characters ?? []);
    fill(SETS.dropTables, (request.dropTables ?? []).map(tagNumber));
    hb.hb_subset_input_set_flags(input, (request.forShaping ? 0 : NO_LAYOUT_CLOSURE) | (request.retainGids ? RETAIN_GIDS : 0) | (request.withoutHints ? NO_HINTING : 0) | (request.desubroutinize ? DESUBROUTINIZE : 0));
    const subset = hb.hb_subset_or_fail(source, input);
    if (!subset) throw new Error('HarfBuzz could not subset the font');
    const blob = hb.hb_face_reference_blob(subset);
    const copy = new Uint8Array(hb.memory.buffer, hb.hb_blob_get_data(blob, 0), hb.hb_blob_get_length(blob)).slice();
    hb.hb_blob_destroy(blob);
    hb.hb_face_destroy(subset);
    return copy;
  } finally {
    hb.hb_subset_input_destroy(input);
  }
}
