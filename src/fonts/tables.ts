/** A table's entry in an OpenType file's table directory. */
export interface TableRecord {
  tag: string;
  checkSum: number;
  offset: number;
  length: number;
}

const TABLE_RECORDS_AT = 12;
const TABLE_RECORD_BYTES = 16;

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The records of the table directory at the start of an OpenType file. */
export function tableRecords(bytes: Uint8Array): TableRecord[] {
  const data = view(bytes);
  return Array.from({ length: data.getUint16(4) }, (_, index) => {
    const record = TABLE_RECORDS_AT + index * TABLE_RECORD_BYTES;
    const tag = String.fromCharCode(...bytes.subarray(record, record + 4));
    return { tag, checkSum: data.getUint32(record + 4), offset: data.getUint32(record + 8), length: data.getUint32(record + 12) };
  });
}

/** One table's bytes out of an OpenType file. */
export function tableOf(bytes: Uint8Array, tag: string): Uint8Array | undefined {
  const record = tableRecords(bytes).find((entry) => entry.tag === tag);
  return record && bytes.subarray(record.offset, record.offset + record.length);
}

/** Bytes of a table, from a place in it, as far as it goes: a CFF table's CIDs take some kilobytes of its 8 MB. */
export type ReadBytes = (at: number, length: number) => Uint8Array;

/**
 * Each glyph's CID in a CID-keyed CFF table, by glyph id: read from the charset its top DICT
 * points to (CFF spec, Adobe TN 5176, sections 5–13). A PDF addresses a CID-keyed font's glyphs
 * by CID, and the CJK faces here number their glyphs apart from their CIDs.
 */
export function cidsOf(cff: Uint8Array | ReadBytes): number[] {
  const read: ReadBytes = typeof cff === 'function' ? cff : (at, length) => cff.subarray(at, at + length);
  const names = read(2, 1)[0]!;
  const [start, end] = indexAt(read, indexAt(read, names).end).items[0]!;
  const top = parseDict(read(start, end - start));
  // The CharStrings INDEX starts with its count: one a glyph.
  const glyphCount = view(read(top.get(CHAR_STRINGS)![0]!, 2)).getUint16(0);
  // A charset takes at most 4 bytes a glyph, whatever its format.
  const charset = view(read(top.get(CHARSET)![0]!, 1 + 4 * glyphCount));
  const format = charset.getUint8(0);
  const cids = [0];
  for (let at = 1; cids.length < glyphCount; ) {
    if (format === 0) {
      cids.push(charset.getUint16(at));
      at += 2;
      continue;
    }
    const first = charset.getUint16(at);
    const left = format === 1 ? charset.getUint8(at + 2) : charset.getUint16(at + 2);
    at += format === 1 ? 3 : 4;
    for (let step = 0; step <= left; step++) cids.push(first + step);
  }
  return cids.slice(0, glyphCount);
}

const CHARSET = 15;
const CHAR_STRINGS = 17;

/** An INDEX's items as [start, end) byte ranges, and where the INDEX ends. */
function indexAt(read: ReadBytes, at: number): { items: [number, number][]; end: number } {
  const head = read(at, 3);
  const count = view(head).getUint16(0);
  if (count === 0) return { items: [], end: at + 2 };
  const offsetSize = head[2]!;
  const offsets = read(at + 3, (count + 1) * offsetSize);
  const offset = (index: number) => {
    let value = 0;
    for (let byte = 0; byte < offsetSize; byte++) value = value * 256 + offsets[index * offsetSize + byte]!;
    return value;
  };
  const base = at + 2 + (count + 1) * offsetSize;
  const items = Array.from({ length: count }, (_, index): [number, number] => [base + offset(index), base + offset(index + 1)]);
  return { items, end: base + offset(count) };
}

/** A DICT's operands by operator (two-byte operators as 1200 + the second byte). */
function parseDict(bytes: Uint8Array): Map<number, number[]> {
  const entries = new Map<number, number[]>();
  let operands: number[] = [];
  for (let at = 0; at < bytes.length; ) {
    const b0 = bytes[at]!;
    if (b0 <= 21) {
      const operator = b0 === 12 ? 1200 + bytes[at + 1]! : b0;
      at += b0 === 12 ? 2 : 1;
      entries.set(operator, operands);
      operands = [];
    } else if (b0 === 28) {
      operands.push(((bytes[at + 1]! << 24) | (bytes[at + 2]! << 16)) >> 16);
      at += 3;
    } else if (b0 === 29) {
      operands.push((bytes[at + 1]! << 24) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 8) | bytes[at + 4]!);
      at += 5;
    } else if (b0 === 30) {
      // A real number, which no offset is: skipped nibble by nibble to its end marker.
      do at++;
      while ((bytes[at]! & 0x0f) !== 0x0f && (bytes[at]! & 0xf0) !== 0xf0);
      at++;
      operands.push(0);
    } else if (b0 <= 246) {
      operands.push(b0 - 139);
      at += 1;
    } else if (b0 <= 250) {
      operands.push((b0 - 247) * 256 + bytes[at + 1]! + 108);
      at += 2;
    } else {
      operands.push(-(b0 - 251) * 256 - bytes[at + 1]! - 108);
      at += 2;
    }
  }
  return entries;
}

/** A table's four-letter tag as the number HarfBuzz takes (hb_tag_t). */
export function tagNumber(tag: string): number {
  return ((tag.charCodeAt(0) << 24) | (tag.charCodeAt(1) << 16) | (tag.charCodeAt(2) << 8) | tag.charCodeAt(3)) >>> 0;
}
