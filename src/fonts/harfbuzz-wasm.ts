import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageFolder } from './packages.js';

/**
 * What both of harfbuzzjs's WebAssembly builds export: their memory, and HarfBuzz's blobs and
 * faces (hb-blob.h, hb-face.h), called directly as HarfBuzz's C API.
 */
export interface HarfBuzzMemory {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
}

/** hb_memory_mode_t: HarfBuzz reads the bytes where they are, and never writes them. */
export const MEMORY_MODE_READONLY = 1;

// Node has WebAssembly; the project's type libraries leave it out.
declare const WebAssembly: { Module: new (bytes: Uint8Array) => object; Instance: new (module: object, imports?: object) => { exports: object } };

/** One of harfbuzzjs's builds (`harfbuzz.wasm`, `harfbuzz-subset.wasm`) compiled and started, with the imports it calls. */
export function startHarfBuzz<T extends HarfBuzzMemory>(build: string, imports: object = {}): T {
  const folder = packageFolder('harfbuzzjs', 'dist');
  if (!folder) throw new Error('cannot find the package harfbuzzjs: run npm ci');
  return new WebAssembly.Instance(new WebAssembly.Module(readFileSync(join(folder, build))), imports).exports as unknown as T;
}
