import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/** The parts of HarfBuzz's subsetter (harfbuzzjs's hb-subset build) used here: its C API, over its own memory. */
interface HbSubset {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_set_add(set: number, codePoint: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_READONLY = 1;

let subsetter: Promise<HbSubset> | undefined;

/** HarfBuzz's subsetter, compiled once a process. */
function harfBuzz(): Promise<HbSubset> {
  subsetter ??= (async () => {
    const wasm = await readFile(createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
    const { instance } = await WebAssembly.instantiate(wasm);
    return instance.exports as unknown as HbSubset;
  })();
  return subsetter;
}

/**
 * A font face cut down by HarfBuzz to the glyphs that draw the text's characters (with the
 * layout features that use them), as an OpenType file of the same kind: a web font for a page.
 */
export async function subsetFace(face: Uint8Array, text: string): Promise<Uint8Array> {
  const hb = await harfBuzz();
  const fontData = hb.malloc(face.byteLength);
  new Uint8Array(hb.memory.buffer, fontData, face.byteLength).set(face);
  const blob = hb.hb_blob_create(fontData, face.byteLength, HB_MEMORY_MODE_READONLY, 0, 0);
  const source = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  const input = hb.hb_subset_input_create_or_fail();
  const unicodes = hb.hb_subset_input_unicode_set(input);
  for (const character of new Set(text)) hb.hb_set_add(unicodes, character.codePointAt(0)!);
  const subset = hb.hb_subset_or_fail(source, input);
  hb.hb_subset_input_destroy(input);
  try {
    if (!subset) throw new Error('HarfBuzz could not subset the face');
    const result = hb.hb_face_reference_blob(subset);
    // Copied out: the subset lives in HarfBuzz's memory, which is freed below and may move as it grows.
    const bytes = new Uint8Array(hb.memory.buffer, hb.hb_blob_get_data(result, 0), hb.hb_blob_get_length(result)).slice();
    hb.hb_blob_destroy(result);
    return bytes;
  } finally {
    if (subset) hb.hb_face_destroy(subset);
    hb.hb_face_destroy(source);
    hb.free(fontData);
  }
}
