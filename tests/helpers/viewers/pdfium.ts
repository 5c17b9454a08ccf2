import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PDFiumLibrary } from '@hyzyla/pdfium';
import { loadFonts } from '../../../src/fonts/index.js';
import type { Answers, OpenedPdf, Raster, Viewer, Widget } from './types.js';

/**
 * PDFium, the engine of Chrome's and Android's PDF viewers, as the WebAssembly build of
 * @hyzyla/pdfium, driven through PDFium's own C interface (the package wraps only rendering): the
 * form-fill environment Chrome sets up, its typing and clicking calls, and FPDF_SaveAsCopy.
 */

type NativeFunction = (...args: number[]) => number;
/** The part of the WebAssembly JavaScript interface used here, which the project's TypeScript libraries do not declare. */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};
interface Native {
  [name: `_${string}`]: NativeFunction;
  HEAPU8: Uint8Array;
  wasmExports: { malloc(size: number): number; free(pointer: number): void; __indirect_function_table: { length: number; set(index: number, value: unknown): void } };
}

const ANNOT_FLAG = 0x01;
const GRAYSCALE_FLAG = 0x08;
const GREY_BITMAP = 1;
const WIDGET_SUBTYPE = 20;
const TEXT_OBJECT = 1;
const FIELD_TYPES: Record<number, Widget['type']> = { 2: 'checkbox', 3: 'radio', 6: 'text' };
const FORM_FILL_INFO_SIZE = 256;
const FULL_SAVE = 0;
/** Spare slots added to the module's function table, for the callbacks PDFium is given: a file writer and a system font interface. */
const SPARE_TABLE_SLOTS = 16;
/** Windows character sets PDFium asks a system font for: Shift-JIS, Hangul, GB 2312, Big5. */
const CJK_CHARSETS = new Set([128, 129, 134, 136]);
/** The device's CJK font: Noto Sans CJK, which every Android phone has, here as the project's own copy of its simplified Chinese face. */
const SYSTEM_CJK_FONT = { face: 'Noto Sans CJK SC', charset: 134 };

interface Library {
  native: Native;
  /** The function-table index of the file writer FPDF_SaveAsCopy calls with each block. */
  writeBlock: number;
  written: Uint8Array[];
}

let library: Promise<Library> | undefined;

function loadLibrary(): Promise<Library> {
  library ??= (async () => {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('@hyzyla/pdfium/pdfium.wasm'));
    const binary = withSpareTableSlots(wasm);
    const pdfium = await PDFiumLibrary.init({ wasmBinary: binary.buffer.slice(binary.byteOffset, binary.byteOffset + binary.byteLength) as ArrayBuffer });
    const native = (pdfium as unknown as { module: Native }).module;
    const written: Uint8Array[] = [];
    const writeBlock = addCallback(native, 3, true, (_self, data, size) => {
      written.push(native.HEAPU8.slice(data!, data! + size!));
      return 1;
    });
    installSystemFont(native, readFileSync((await loadFonts()).families['Noto Sans SC'].regular.file));
    return { native, writeBlock, written };
  })();
  return library;
}

/**
 * The module's function table is fixed in size and the build exports no addFunction, so no
 * callback (a file writer for FPDF_SaveAsCopy, a system font interface) could be handed to
 * PDFium: the table's declared size is raised by a few slots in the binary before it is compiled.
 */
function withSpareTableSlots(wasm: Uint8Array): Uint8Array {
  const TABLE_SECTION = 4;
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at]!;
    const size = readLeb(wasm, at + 1);
    const body = size.end;
    if (id === TABLE_SECTION) {
      // One table: count 1, funcref, flags (1: a maximum follows), initial, maximum.
      const flags = wasm[body + 2]!;
      const initial = readLeb(wasm, body + 3);
      const limits = flags === 1 ? [initial.value + SPARE_TABLE_SLOTS, readLeb(wasm, initial.end).value + SPARE_TABLE_SLOTS] : [initial.value + SPARE_TABLE_SLOTS];
      const content = [1, wasm[body + 1]!, flags, ...limits.flatMap(writeLeb)];
      return Buffer.concat([wasm.subarray(0, at), Buffer.from([TABLE_SECTION, ...writeLeb(content.length), ...content]), wasm.subarray(body + size.value)]);
    }
    at = body + size.value;
  }
  throw new Error('PDFium: no function table in the WebAssembly module');
}

function readLeb(bytes: Uint8Array, start: number): { value: number; end: number } {
  let value = 0;
  let shift = 0;
  let at = start;
  for (;;) {
    const byte = bytes[at++]!;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(byte & 0x80)) return { value, end: at };
  }
}

function writeLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  do {
    const low = rest & 0x7f;
    rest = Math.floor(rest / 128);
    bytes.push(rest ? low | 0x80 : low);
  } while (rest);
  return bytes;
}

let nextSlot = 0;

/** Puts a JavaScript function into a spare table slot, through a tiny module that imports and exports it with the C signature: integer (pointer) arguments, an integer or no result. */
function addCallback(native: Native, parameters: number, returns: boolean, callback: (...args: number[]) => number | void): number {
  const signature = [0x60, parameters, ...Array<number>(parameters).fill(0x7f), ...(returns ? [1, 0x7f] : [0])];
  const section = (id: number, body: number[]) => [id, body.length, ...body];
  const bytes = new Uint8Array([
    ...[0, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, [1, ...signature]),
    ...section(2, [1, 1, 0x65, 1, 0x66, 0, 0]),
    ...section(7, [1, 1, 0x66, 0, 0]),
  ]);
  const wrapper = new WebAssembly.Instance(new WebAssembly.Module(bytes), { e: { f: callback } });
  const table = native.wasmExports.__indirect_function_table;
  if (nextSlot >= SPARE_TABLE_SLOTS) throw new Error('PDFium: no spare function-table slot left');
  const slot = table.length - SPARE_TABLE_SLOTS + nextSlot++;
  table.set(slot, wrapper.exports.f);
  return slot;
}

/**
 * PDFium draws typed CJK text with a system font chosen by character set, never with the
 * field's own font; a build without system fonts draws nothing. Chrome and Android give it the
 * device's fonts; this gives it one, the way FPDF_SetSystemFontInfo lets an embedder: MapFont
 * answers with the CJK font for a CJK character set, and nothing otherwise (PDFium then uses its
 * built-in Latin fonts).
 */
function installSystemFont(native: Native, font: Buffer): void {
  const FONT = 1;
  const name = Buffer.from(`${SYSTEM_CJK_FONT.face}\0`, 'latin1');
  const copyOut = (bytes: Buffer, buffer: number | undefined, size: number | undefined) => {
    if (buffer && size! >= bytes.length) native.HEAPU8.set(bytes, buffer);
    return bytes.length;
  };
  // FPDF_SYSFONTINFO's callbacks in its order, each with its parameter count and whether it returns a value.
  const callbacks: [number, boolean, (...args: number[]) => number | void][] = [
    [1, false, () => {}], // Release
    [2, false, (_self, mapper) => void native._FPDF_AddInstalledFont!(mapper!, cString(native, SYSTEM_CJK_FONT.face), SYSTEM_CJK_FONT.charset)], // EnumFonts
    [7, true, (_self, _weight, _italic, charset) => (CJK_CHARSETS.has(charset!) ? FONT : 0)], // MapFont
    [2, true, () => 0], // GetFont, by face name: only MapFont finds the font
    [5, true, (_self, _font, table, buffer, size) => (table === 0 ? copyOut(font, buffer, size) : 0)], // GetFontData: table 0 is the whole file
    [4, true, (_self, _font, buffer, size) => copyOut(name, buffer, size)], // GetFaceName
    [2, true, () => SYSTEM_CJK_FONT.charset], // GetFontCharset
    [2, false, () => {}], // DeleteFont
  ];
  const info = native.wasmExports.malloc(4 * (callbacks.length + 1));
  const view = new DataView(native.HEAPU8.buffer);
  view.setInt32(info, 1, true);
  callbacks.forEach(([parameters, returns, callback], index) => view.setInt32(info + 4 * (index + 1), addCallback(native, parameters, returns, callback), true));
  native._FPDF_SetSystemFontInfo!(info);
}

function cString(native: Native, text: string): number {
  const bytes = Buffer.from(`${text}\0`, 'latin1');
  const pointer = native.wasmExports.malloc(bytes.length);
  native.HEAPU8.set(bytes, pointer);
  return pointer;
}

function utf16(native: Native, text: string): number {
  const pointer = native.wasmExports.malloc((text.length + 1) * 2);
  const view = new DataView(native.HEAPU8.buffer);
  for (let index = 0; index < text.length; index++) view.setUint16(pointer + index * 2, text.charCodeAt(index), true);
  view.setUint16(pointer + text.length * 2, 0, true);
  return pointer;
}

/** Calls a PDFium getter that fills a UTF-16 buffer and returns its length in bytes, terminator included. */
function readUtf16(native: Native, get: (buffer: number, length: number) => number): string {
  const length = get(0, 0);
  if (length <= 2) return '';
  const buffer = native.wasmExports.malloc(length);
  try {
    get(buffer, length);
    return Buffer.from(native.HEAPU8.slice(buffer, buffer + length - 2)).toString('utf16le');
  } finally {
    native.wasmExports.free(buffer);
  }
}

interface Session {
  native: Native;
  document: number;
  form: number;
  problems: string[];
  /** Runs an action with a loaded page, as Chrome holds one: the form environment knows it while it is open. */
  withPage<T>(page: number, action: (handle: number) => T): T;
  close(): void;
}

async function openSession(bytes: Uint8Array): Promise<Session> {
  const { native } = await loadLibrary();
  const data = native.wasmExports.malloc(bytes.length);
  native.HEAPU8.set(bytes, data);
  const document = native._FPDF_LoadMemDocument!(data, bytes.length, 0);
  if (!document) {
    native.wasmExports.free(data);
    throw new Error(`PDFium cannot open the file (error ${native._FPDF_GetLastError!()})`);
  }
  const problems: string[] = [];
  if (!native._FPDF_DocumentHasValidCrossReferenceTable!(document)) problems.push('the cross-reference table is invalid; PDFium rebuilt it');
  // The form-fill environment with no callbacks, version 1 (no XFA), as a viewer without scripting sets it up.
  const info = native.wasmExports.malloc(FORM_FILL_INFO_SIZE);
  native.HEAPU8.fill(0, info, info + FORM_FILL_INFO_SIZE);
  new DataView(native.HEAPU8.buffer).setInt32(info, 1, true);
  const form = native._FPDFDOC_InitFormFillEnvironment!(document, info);
  return {
    native,
    document,
    form,
    problems,
    withPage(page, action) {
      const handle = native._FPDF_LoadPage!(document, page);
      if (!handle) throw new Error(`PDFium cannot load page ${page + 1}`);
      native._FORM_OnAfterLoadPage!(handle, form);
      try {
        return action(handle);
      } finally {
        native._FORM_OnBeforeClosePage!(handle, form);
        native._FPDF_ClosePage!(handle);
      }
    },
    close() {
      native._FPDFDOC_ExitFormFillEnvironment!(form);
      native._FPDF_CloseDocument!(document);
      native.wasmExports.free(info);
      native.wasmExports.free(data);
    },
  };
}

function renderPage(session: Session, page: number, dpi: number): Raster {
  const { native, form } = session;
  return session.withPage(page, (handle) => {
    const width = Math.round((native._FPDF_GetPageWidthF!(handle) * dpi) / 72);
    const height = Math.round((native._FPDF_GetPageHeightF!(handle) * dpi) / 72);
    const bitmap = native._FPDFBitmap_CreateEx!(width, height, GREY_BITMAP, 0, 0);
    try {
      native._FPDFBitmap_FillRect!(bitmap, 0, 0, width, height, 0xffffffff);
      // As Chrome draws a page: its content and annotations, then the form fields over them.
      native._FPDF_RenderPageBitmap!(bitmap, handle, 0, 0, width, height, 0, ANNOT_FLAG | GRAYSCALE_FLAG);
      native._FPDF_FFLDraw!(form, bitmap, handle, 0, 0, width, height, 0, GRAYSCALE_FLAG);
      const stride = native._FPDFBitmap_GetStride!(bitmap);
      const buffer = native._FPDFBitmap_GetBuffer!(bitmap);
      const grey = new Uint8Array(width * height);
      for (let row = 0; row < height; row++) grey.set(native.HEAPU8.subarray(buffer + row * stride, buffer + row * stride + width), row * width);
      return { width, height, grey };
    } finally {
      native._FPDFBitmap_Destroy!(bitmap);
    }
  });
}

function pageText(session: Session, page: number): string {
  const { native } = session;
  return session.withPage(page, (handle) => {
    const textPage = native._FPDFText_LoadPage!(handle);
    try {
      const count = native._FPDFText_CountChars!(textPage);
      for (let index = 0; index < count; index++) {
        if (native._FPDFText_HasUnicodeMapError!(textPage, index) === 1) session.problems.push(`page ${page + 1}: character ${index} has no Unicode mapping`);
      }
      const buffer = native.wasmExports.malloc((count + 1) * 2);
      try {
        const written = native._FPDFText_GetText!(textPage, 0, count, buffer);
        return Buffer.from(native.HEAPU8.slice(buffer, buffer + Math.max(0, written - 1) * 2)).toString('utf16le');
      } finally {
        native.wasmExports.free(buffer);
      }
    } finally {
      native._FPDFText_ClosePage!(textPage);
    }
  });
}

interface WidgetHandle extends Widget {
  annotation: number;
}

/** Each widget of a loaded page; the annotation handles stay valid while the page is. */
function pageWidgets(session: Session, page: number, handle: number): WidgetHandle[] {
  const { native, form } = session;
  const widgets: WidgetHandle[] = [];
  const rect = native.wasmExports.malloc(16);
  try {
    for (let index = 0; index < native._FPDFPage_GetAnnotCount!(handle); index++) {
      const annotation = native._FPDFPage_GetAnnot!(handle, index);
      const type = FIELD_TYPES[native._FPDFAnnot_GetFormFieldType!(form, annotation)];
      if (native._FPDFAnnot_GetSubtype!(annotation) !== WIDGET_SUBTYPE || !type) {
        native._FPDFPage_CloseAnnot!(annotation);
        continue;
      }
      native._FPDFAnnot_GetRect!(annotation, rect);
      const view = new DataView(native.HEAPU8.buffer, rect, 16);
      const [left, top, right, bottom] = [0, 4, 8, 12].map((offset) => view.getFloat32(offset, true)) as [number, number, number, number];
      const name = readUtf16(native, (buffer, length) => native._FPDFAnnot_GetFormFieldName!(form, annotation, buffer, length));
      const exportValue = type === 'text' ? undefined : readUtf16(native, (buffer, length) => native._FPDFAnnot_GetFormFieldExportValue!(form, annotation, buffer, length));
      widgets.push({ page, name, type, ...(exportValue === undefined ? {} : { exportValue }), rect: { left, bottom: Math.min(top, bottom), right, top: Math.max(top, bottom) }, annotation });
    }
  } finally {
    native.wasmExports.free(rect);
  }
  return widgets;
}

function eachPageWidgets<T>(session: Session, action: (handle: number, widgets: WidgetHandle[]) => T[]): T[] {
  const count = session.native._FPDF_GetPageCount!(session.document);
  return Array.from({ length: count }, (_, page) =>
    session.withPage(page, (handle) => {
      const widgets = pageWidgets(session, page, handle);
      try {
        return action(handle, widgets);
      } finally {
        for (const widget of widgets) session.native._FPDFPage_CloseAnnot!(widget.annotation);
      }
    }),
  ).flat();
}

function fieldValues(session: Session): Record<string, string> {
  const { native, form } = session;
  const entries = eachPageWidgets(session, (_handle, widgets) =>
    widgets.flatMap((widget) => {
      if (widget.type === 'radio' && !native._FPDFAnnot_IsChecked!(form, widget.annotation)) return [];
      const value = widget.type === 'text' ? readUtf16(native, (buffer, length) => native._FPDFAnnot_GetFormFieldValue!(form, widget.annotation, buffer, length)) : native._FPDFAnnot_IsChecked!(form, widget.annotation) ? widget.exportValue! : 'Off';
      return [[widget.name, value] as const];
    }),
  );
  return Object.fromEntries(entries);
}

/** Types into text fields as an input method commits text, and clicks boxes and radio buttons, then saves as Chrome does. */
async function fillAndSave(bytes: Uint8Array, answers: Answers): Promise<Uint8Array> {
  const { writeBlock, written } = await loadLibrary();
  const session = await openSession(bytes);
  const { native, form } = session;
  try {
    eachPageWidgets(session, (handle, widgets) => {
      for (const widget of widgets) {
        const text = answers.text[widget.name];
        if (widget.type === 'text' && text !== undefined) typeInto(native, form, handle, widget.annotation, text);
        const ticked = widget.type === 'checkbox' && answers.ticked.includes(widget.name);
        const chosen = widget.type === 'radio' && answers.chosen[widget.name] === widget.exportValue;
        if (ticked || chosen) click(native, form, handle, widget);
      }
      native._FORM_ForceToKillFocus!(form);
      return [];
    });
    const fileWrite = native.wasmExports.malloc(8);
    new DataView(native.HEAPU8.buffer).setInt32(fileWrite, 1, true);
    new DataView(native.HEAPU8.buffer).setInt32(fileWrite + 4, writeBlock, true);
    written.length = 0;
    const saved = native._FPDF_SaveAsCopy!(session.document, fileWrite, FULL_SAVE);
    native.wasmExports.free(fileWrite);
    if (!saved) throw new Error('PDFium could not save the filled form');
    return Buffer.concat(written.splice(0));
  } finally {
    session.close();
  }
}

function typeInto(native: Native, form: number, page: number, annotation: number, text: string): void {
  if (!native._FORM_SetFocusedAnnot!(form, annotation)) throw new Error('PDFium would not focus a text field');
  native._FORM_SelectAllText!(form, page);
  const wide = utf16(native, text);
  native._FORM_ReplaceSelection!(form, page, wide);
  native.wasmExports.free(wide);
  native._FORM_ForceToKillFocus!(form);
}

function click(native: Native, form: number, page: number, { rect }: Widget): void {
  const [x, y] = [(rect.left + rect.right) / 2, (rect.bottom + rect.top) / 2];
  native._FORM_OnMouseMove!(form, page, 0, x, y);
  native._FORM_OnLButtonDown!(form, page, 0, x, y);
  native._FORM_OnLButtonUp!(form, page, 0, x, y);
}

/** A character PDFium finds on a page, with its box in PDF points (origin bottom left). */
export interface PlacedCharacter {
  character: string;
  rect: { left: number; bottom: number; right: number; top: number };
}

/** Every character of a page's text with the box of its glyph, as PDFium's text interface gives them to Chrome's find and select. */
export async function readCharacters(bytes: Uint8Array, page: number): Promise<PlacedCharacter[]> {
  const session = await openSession(bytes);
  const { native } = session;
  try {
    return session.withPage(page, (handle) => {
      const textPage = native._FPDFText_LoadPage!(handle);
      const box = native.wasmExports.malloc(32);
      try {
        return Array.from({ length: native._FPDFText_CountChars!(textPage) }, (_, index) => {
          native._FPDFText_GetCharBox!(textPage, index, box, box + 8, box + 16, box + 24);
          const view = new DataView(native.HEAPU8.buffer, box, 32);
          const [left, right, bottom, top] = [0, 8, 16, 24].map((offset) => view.getFloat64(offset, true)) as [number, number, number, number];
          return { character: String.fromCodePoint(native._FPDFText_GetUnicode!(textPage, index)), rect: { left, bottom, right, top } };
        });
      } finally {
        native.wasmExports.free(box);
        native._FPDFText_ClosePage!(textPage);
      }
    });
  } finally {
    session.close();
  }
}

/** An element of the tagged structure as PDFium's accessibility interface reads it: the content it marks, then its children, in reading order. */
export interface StructureElement {
  type: string;
  lang: string;
  /** The text of the content the element itself marks. */
  text: string;
  children: StructureElement[];
}

/** The text of each piece of marked content on a page, by its marked-content id. */
function markedText(native: Native, page: number, textPage: number): Map<number, string> {
  const texts = new Map<number, string>();
  for (let index = 0; index < native._FPDFPage_CountObjects!(page); index++) {
    const object = native._FPDFPage_GetObject!(page, index);
    const id = native._FPDFPageObj_GetMarkedContentID!(object);
    if (id < 0 || native._FPDFPageObj_GetType!(object) !== TEXT_OBJECT) continue;
    texts.set(id, (texts.get(id) ?? '') + readUtf16(native, (buffer, length) => native._FPDFTextObj_GetText!(object, textPage, buffer, length)));
  }
  return texts;
}

function structureElement(native: Native, element: number, texts: Map<number, string>): StructureElement {
  const ids = Array.from({ length: Math.max(0, native._FPDF_StructElement_GetMarkedContentIdCount!(element)) }, (_, index) => native._FPDF_StructElement_GetMarkedContentIdAtIndex!(element, index));
  const children = Array.from({ length: Math.max(0, native._FPDF_StructElement_CountChildren!(element)) }, (_, index) => native._FPDF_StructElement_GetChildAtIndex!(element, index)).filter(Boolean);
  return {
    type: readUtf16(native, (buffer, length) => native._FPDF_StructElement_GetType!(element, buffer, length)),
    lang: readUtf16(native, (buffer, length) => native._FPDF_StructElement_GetLang!(element, buffer, length)),
    text: ids.map((id) => texts.get(id) ?? '').join(''),
    children: children.map((child) => structureElement(native, child, texts)),
  };
}

/** A page's tagged structure as PDFium gives it to Chrome's accessibility tree. */
export async function readStructure(bytes: Uint8Array, page: number): Promise<StructureElement[]> {
  const session = await openSession(bytes);
  const { native } = session;
  try {
    return session.withPage(page, (handle) => {
      const textPage = native._FPDFText_LoadPage!(handle);
      const tree = native._FPDF_StructTree_GetForPage!(handle);
      try {
        const texts = markedText(native, handle, textPage);
        return Array.from({ length: native._FPDF_StructTree_CountChildren!(tree) }, (_, index) => structureElement(native, native._FPDF_StructTree_GetChildAtIndex!(tree, index), texts));
      } finally {
        native._FPDF_StructTree_Close!(tree);
        native._FPDFText_ClosePage!(textPage);
      }
    });
  } finally {
    session.close();
  }
}

export const pdfium: Viewer = {
  name: 'pdfium',
  async open(bytes) {
    const session = await openSession(bytes);
    const opened: OpenedPdf = {
      pageCount: session.native._FPDF_GetPageCount!(session.document),
      size: async (page) => session.withPage(page, (handle) => ({ width: session.native._FPDF_GetPageWidthF!(handle), height: session.native._FPDF_GetPageHeightF!(handle) })),
      render: async (page, dpi) => renderPage(session, page, dpi),
      text: async (page) => pageText(session, page),
      widgets: async () => eachPageWidgets(session, (_handle, widgets) => widgets.map(({ annotation: _annotation, ...widget }) => widget)),
      values: async () => fieldValues(session),
      problems: () => [...session.problems],
      close: () => session.close(),
    };
    return opened;
  },
  fill: fillAndSave,
};
