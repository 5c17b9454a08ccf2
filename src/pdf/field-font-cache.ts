import { digest } from '../checked-files.js';
import type { LoadedFont } from '../fonts/index.js';
import type { ByteCache } from './subset-cache.js';

/** A font program and its maps, ready to write: the same for every form drawn with that face. */
export interface FieldFontData {
  name: string;
  outlines: Uint8Array;
  toUnicode: Uint8Array;
  widths: (number | number[])[];
  descriptor: Record<string, unknown>;
}

// Made once a process; kept between processes in the subset cache, where a build after an edit
// finds it: making it reads and deflates the face's 16 MB of outlines (~0.3 s of such a build).
const prepared = new Map<string, FieldFontData>();

/** The field font's data for a face, from this process, the cache, or made now and kept in both. */
export function keptFieldFont(face: LoadedFont, { compress, cache, make }: { compress: boolean; cache: ByteCache | undefined; make: () => FieldFontData }): FieldFontData {
  // Known by the face's table directory, checksums and all: no byte of the face need be read.
  const key = digest(`field font ${compress} ${JSON.stringify(face.tables)}`);
  const known = prepared.get(key) ?? unpack(cache?.get(key));
  const data = known ?? make();
  if (!known) cache?.set(key, pack(data));
  prepared.set(key, data);
  return data;
}

/** A JSON head with the byte lengths, then the outlines and the ToUnicode map. */
function pack({ outlines, toUnicode, ...rest }: FieldFontData): Uint8Array {
  const head = Buffer.from(JSON.stringify({ ...rest, lengths: [outlines.length, toUnicode.length] }), 'utf8');
  const size = Buffer.alloc(4);
  size.writeUInt32BE(head.length);
  return Buffer.concat([size, head, outlines, toUnicode]);
}

function unpack(bytes: Uint8Array | undefined): FieldFontData | undefined {
  if (!bytes) return undefined;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headEnd = 4 + buffer.readUInt32BE(0);
  const { lengths, ...rest } = JSON.parse(buffer.toString('utf8', 4, headEnd)) as Omit<FieldFontData, 'outlines' | 'toUnicode'> & { lengths: [number, number] };
  const outlinesEnd = headEnd + lengths[0];
  return { ...rest, outlines: buffer.subarray(headEnd, outlinesEnd), toUnicode: buffer.subarray(outlinesEnd, outlinesEnd + lengths[1]) };
}
