import { MEMORY_MODE_READONLY, startHarfBuzz, type HarfBuzzMemory } from './harfbuzz-wasm.js';
import { tagNumber } from './tables.js';

/** A glyph as HarfBuzz shaped it, in font units. */
export interface ShapedGlyph {
  id: number;
  /** Index in the shaped text of the first UTF-16 unit of the cluster the glyph belongs to. */
  cluster: number;
  advance: number;
  dx: number;
  dy: number;
  /** Whether the text cut before this glyph's cluster would shape differently on either side (HarfBuzz's UNSAFE_TO_BREAK). */
  unsafeToBreak: boolean;
}

/** A face opened in HarfBuzz's shaper, for as long as the process runs. */
export interface ShapingFace {
  readonly unitsPerEm: number;
  /** A copy of one of the face's tables, by tag, if it has it. */
  table(tag: string): Uint8Array | undefined;
  /** The glyph the face's cmap gives a character, if any. */
  glyph(codePoint: number): number | undefined;
  advance(glyph: number): number;
  shape(text: string, options: { lang: string; features?: readonly string[] | undefined }): ShapedGlyph[];
}

/**
 * The functions of HarfBuzz's shaping API (hb.h) that harfbuzzjs ships compiled in
 * harfbuzz.wasm, called as the subsetter's are: its JavaScript wrapper, an ES module that starts
 * the WebAssembly with a top-level await, took some 20 ms of every command to load, against 5.
 */
interface Shaper extends HarfBuzzMemory {
  __wasm_call_ctors(): void;
  hb_face_get_upem(face: number): number;
  hb_face_reference_table(face: number, tag: number): number;
  hb_font_create(face: number): number;
  hb_font_get_nominal_glyph(font: number, codePoint: number, glyph: number): number;
  hb_font_get_glyph_h_advance(font: number, glyph: number): number;
  hb_buffer_create(): number;
  hb_buffer_reset(buffer: number): void;
  hb_buffer_add_utf16(buffer: number, text: number, length: number, offset: number, itemLength: number): void;
  hb_buffer_guess_segment_properties(buffer: number): void;
  hb_buffer_set_language(buffer: number, language: number): void;
  hb_buffer_get_length(buffer: number): number;
  hb_buffer_get_glyph_infos(buffer: number, length: number): number;
  hb_buffer_get_glyph_positions(buffer: number, length: number): number;
  hb_glyph_info_get_glyph_flags(info: number): number;
  hb_language_from_string(text: number, length: number): number;
  hb_feature_from_string(text: number, length: number, feature: number): number;
  hb_shape(font: number, buffer: number, features: number, count: number): void;
}

// hb.h's values and sizes.
const UNSAFE_TO_BREAK = 1;
/** hb_glyph_info_t and hb_glyph_position_t: five 32-bit fields each. */
const GLYPH_FIELDS = 5;
const FEATURE_BYTES = 16;
const PAGE_BYTES = 65_536;

let shaper: Shaper | undefined;

/** HarfBuzz started, with the few functions of Emscripten's runtime it calls: only growing its memory is ever needed. */
function startShaper(): Shaper {
  const fail = () => {
    throw new Error('HarfBuzz stopped');
  };
  const grow = (bytes: number) => {
    try {
      hb.memory.grow(Math.ceil((bytes - hb.memory.buffer.byteLength) / PAGE_BYTES));
      return 1;
    } catch {
      return 0;
    }
  };
  const runtime = { env: { _abort_js: fail, _emscripten_runtime_keepalive_clear: () => undefined, _setitimer_js: () => 0, emscripten_resize_heap: grow }, wasi_snapshot_preview1: { proc_exit: fail } };
  const hb = startHarfBuzz<Shaper>('harfbuzz.wasm', runtime);
  hb.__wasm_call_ctors();
  return hb;
}

/** The face's file (or the tables of it that shaping reads) copied into HarfBuzz's memory, which holds it while the process runs. */
export function openShapingFace(bytes: Uint8Array): ShapingFace {
  const hb = (shaper ??= startShaper());
  const data = hb.malloc(bytes.length);
  if (!data) throw new Error('the font does not fit HarfBuzz’s memory');
  new Uint8Array(hb.memory.buffer, data, bytes.length).set(bytes);
  const blob = hb.hb_blob_create(data, bytes.length, MEMORY_MODE_READONLY, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  const font = hb.hb_font_create(face);
  const found = hb.malloc(4);
  return {
    unitsPerEm: hb.hb_face_get_upem(face),
    table: (tag) => tableOf(hb, face, tag),
    // Asked for every character a guide prints, when it is checked: one place to find the glyph in.
    glyph: (codePoint) => (hb.hb_font_get_nominal_glyph(font, codePoint, found) ? new Uint32Array(hb.memory.buffer, found, 1)[0] : undefined),
    advance: (glyph) => hb.hb_font_get_glyph_h_advance(font, glyph),
    shape: (text, options) => shape(hb, font, text, options),
  };
}

function tableOf(hb: Shaper, face: number, tag: string): Uint8Array | undefined {
  const blob = hb.hb_face_reference_table(face, tagNumber(tag));
  const length = hb.hb_blob_get_length(blob);
  const copy = length ? new Uint8Array(hb.memory.buffer, hb.hb_blob_get_data(blob, 0), length).slice() : undefined;
  hb.hb_blob_destroy(blob);
  return copy;
}

// One buffer for every text, reset each time, and each language and feature found once: HarfBuzz
// keeps a language for good, and its memory never shrinks between a batch's thousands of rows.
let shapingBuffer: number | undefined;
const languages = new Map<string, number>();
const features = new Map<string, Uint8Array>();

function shape(hb: Shaper, font: number, text: string, { lang, features: named = [] }: { lang: string; features?: readonly string[] | undefined }): ShapedGlyph[] {
  const buffer = (shapingBuffer ??= hb.hb_buffer_create());
  hb.hb_buffer_reset(buffer);
  withScratch(hb, 2 * text.length, (units) => {
    const view = new Uint16Array(hb.memory.buffer, units, text.length);
    for (let index = 0; index < text.length; index++) view[index] = text.charCodeAt(index);
    hb.hb_buffer_add_utf16(buffer, units, text.length, 0, text.length);
  });
  hb.hb_buffer_guess_segment_properties(buffer);
  hb.hb_buffer_set_language(buffer, languageOf(hb, lang));
  withScratch(hb, FEATURE_BYTES * named.length, (list) => {
    named.forEach((feature, index) => new Uint8Array(hb.memory.buffer, list + FEATURE_BYTES * index, FEATURE_BYTES).set(featureOf(hb, feature)));
    hb.hb_shape(font, buffer, list, named.length);
  });
  const count = hb.hb_buffer_get_length(buffer);
  const infos = hb.hb_buffer_get_glyph_infos(buffer, 0);
  // Read after shaping, which may have grown the memory: hb_glyph_info_t holds the glyph, a mask
  // and the cluster; hb_glyph_position_t the x and y advances, then the x and y offsets.
  const glyphs = new Uint32Array(hb.memory.buffer, infos, GLYPH_FIELDS * count);
  const positions = new Int32Array(hb.memory.buffer, hb.hb_buffer_get_glyph_positions(buffer, 0), GLYPH_FIELDS * count);
  return Array.from({ length: count }, (_, index) => {
    const at = GLYPH_FIELDS * index;
    const unsafeToBreak = (hb.hb_glyph_info_get_glyph_flags(infos + 4 * at) & UNSAFE_TO_BREAK) !== 0;
    return { id: glyphs[at]!, cluster: glyphs[at + 2]!, advance: positions[at]!, dx: positions[at + 2]!, dy: positions[at + 3]!, unsafeToBreak };
  });
}

/** HarfBuzz's language for a BCP 47 tag. */
function languageOf(hb: Shaper, tag: string): number {
  const known = languages.get(tag) ?? withScratch(hb, tag.length, (text) => hb.hb_language_from_string(asciiAt(hb, text, tag), tag.length));
  languages.set(tag, known);
  return known;
}

/** An OpenType feature as HarfBuzz parses it (`halt`, `-kern`), as the bytes of its hb_feature_t. */
function featureOf(hb: Shaper, feature: string): Uint8Array {
  const known =
    features.get(feature) ??
    withScratch(hb, FEATURE_BYTES + feature.length, (parsed) => {
      const text = asciiAt(hb, parsed + FEATURE_BYTES, feature);
      if (!hb.hb_feature_from_string(text, feature.length, parsed)) throw new Error(`HarfBuzz does not know the feature ${feature}`);
      return new Uint8Array(hb.memory.buffer, parsed, FEATURE_BYTES).slice();
    });
  features.set(feature, known);
  return known;
}

/** Writes an ASCII text at a place in HarfBuzz's memory, and returns that place. */
function asciiAt(hb: Shaper, at: number, text: string): number {
  const view = new Uint8Array(hb.memory.buffer, at, text.length);
  for (let index = 0; index < text.length; index++) view[index] = text.charCodeAt(index);
  return at;
}

/** Some bytes of HarfBuzz's memory for the length of a call. */
function withScratch<T>(hb: Shaper, bytes: number, use: (at: number) => T): T {
  const at = hb.malloc(Math.max(bytes, 4));
  if (!at) throw new Error('HarfBuzz’s memory is full');
  try {
    return use(at);
  } finally {
    hb.free(at);
  }
}
