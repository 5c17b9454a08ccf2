import { createCanvas } from '@napi-rs/canvas';
import { AnnotationMode, getDocument, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Answers, OpenedPdf, Raster, Viewer, Widget } from './types.js';

/**
 * pdf.js, Firefox's viewer. Pages are drawn with their annotations and form fields from the
 * document's annotation storage, as Firefox prints them (on screen it lays HTML inputs over the
 * fields instead, which only a browser can draw).
 */

type RenderParameters = Parameters<PDFPageProxy['render']>[0];
const WARNINGS = 1;

interface Annotation {
  id: string;
  subtype: string;
  fieldName?: string;
  fieldType?: string;
  checkBox?: boolean;
  radioButton?: boolean;
  buttonValue?: string;
  exportValue?: string;
  rect: [number, number, number, number];
}

/**
 * Without OffscreenCanvas, which only a browser has, pdf.js warns each time it draws a field's
 * value; Firefox has it. Every other warning counts.
 */
const ONLY_IN_NODE = /OffscreenCanvas is not supported/;

/**
 * pdf.js reports warnings and errors only on the console (console.warn and console.log); they
 * are collected while it works. Under Node its worker runs in this thread, so its warnings come
 * here too.
 */
async function collectingWarnings<T>(problems: string[], action: () => Promise<T>): Promise<T> {
  const console_ = console as unknown as Record<'log' | 'warn' | 'error', (...parts: unknown[]) => void>;
  const originals = { log: console_.log, warn: console_.warn, error: console_.error };
  for (const method of ['log', 'warn', 'error'] as const) {
    console_[method] = (...parts: unknown[]) => {
      const line = parts.map(String).join(' ');
      if (/^(Warning|Error)/i.test(line)) {
        if (!ONLY_IN_NODE.test(line)) problems.push(line);
      } else originals[method](...parts);
    };
  }
  try {
    return await action();
  } finally {
    Object.assign(console_, originals);
  }
}

function load(bytes: Uint8Array, problems: string[]): Promise<PDFDocumentProxy> {
  return collectingWarnings(problems, () => getDocument({ data: new Uint8Array(bytes), verbosity: WARNINGS, isEvalSupported: false, useSystemFonts: false, stopAtErrors: true }).promise);
}

async function render(pdf: PDFDocumentProxy, index: number, dpi: number): Promise<Raster> {
  const page = await pdf.getPage(index + 1);
  const viewport = page.getViewport({ scale: dpi / 72 });
  const [width, height] = [Math.round(viewport.width), Math.round(viewport.height)];
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  const target = { canvas: canvas as unknown as RenderParameters['canvas'], canvasContext: context as unknown as RenderParameters['canvasContext'] };
  await page.render({ ...target, viewport, annotationMode: AnnotationMode.ENABLE_STORAGE }).promise;
  const rgba = context.getImageData(0, 0, width, height).data;
  const grey = new Uint8Array(width * height);
  // The luma weights a printer driver and PDFium's own grey rendering use.
  for (let pixel = 0; pixel < grey.length; pixel++) grey[pixel] = Math.round(rgba[pixel * 4]! * 0.299 + rgba[pixel * 4 + 1]! * 0.587 + rgba[pixel * 4 + 2]! * 0.114);
  page.cleanup();
  return { width, height, grey };
}

async function annotations(pdf: PDFDocumentProxy): Promise<(Annotation & { page: number })[]> {
  const pages = await Promise.all(Array.from({ length: pdf.numPages }, async (_, index) => ((await (await pdf.getPage(index + 1)).getAnnotations()) as Annotation[]).map((annotation) => ({ ...annotation, page: index }))));
  return pages.flat().filter((annotation) => annotation.subtype === 'Widget' && annotation.fieldName);
}

function describe(annotation: Annotation & { page: number }): Widget | undefined {
  const type = annotation.fieldType === 'Tx' ? 'text' : annotation.checkBox ? 'checkbox' : annotation.radioButton ? 'radio' : undefined;
  if (!type) return undefined;
  const [left, bottom, right, top] = annotation.rect;
  const exportValue = annotation.radioButton ? annotation.buttonValue : annotation.exportValue;
  return { page: annotation.page, name: annotation.fieldName!, type, ...(type === 'text' ? {} : { exportValue: exportValue ?? '' }), rect: { left, bottom, right, top } };
}

export const pdfjs: Viewer = {
  name: 'pdf.js',
  async open(bytes) {
    const problems: string[] = [];
    const pdf = await load(bytes, problems);
    return {
      pageCount: pdf.numPages,
      size: async (index) => {
        const [left, bottom, right, top] = (await pdf.getPage(index + 1)).view as [number, number, number, number];
        return { width: right - left, height: top - bottom };
      },
      render: (index, dpi) => collectingWarnings(problems, () => render(pdf, index, dpi)),
      text: (index) =>
        collectingWarnings(problems, async () => {
          const content = await (await pdf.getPage(index + 1)).getTextContent();
          return content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
        }),
      widgets: async () => (await annotations(pdf)).flatMap((annotation) => describe(annotation) ?? []),
      values: async () => {
        const fields = ((await pdf.getFieldObjects()) ?? {}) as Record<string, { value?: unknown }[]>;
        return Object.fromEntries(Object.entries(fields).map(([name, widgets]) => [name, String(widgets.find((widget) => widget.value !== undefined)?.value ?? '')]));
      },
      problems: () => [...problems],
      close: () => void pdf.destroy(),
    } satisfies OpenedPdf;
  },
  /** Stores each value as Firefox's form layer does when a person types or clicks, then saves as its download button does. */
  async fill(bytes, answers: Answers) {
    const problems: string[] = [];
    const pdf = await load(bytes, problems);
    try {
      for (const annotation of await annotations(pdf)) {
        const widget = describe(annotation);
        if (!widget) continue;
        const text = answers.text[widget.name];
        if (widget.type === 'text' && text !== undefined) pdf.annotationStorage.setValue(annotation.id, { value: text });
        if (widget.type === 'checkbox' && answers.ticked.includes(widget.name)) pdf.annotationStorage.setValue(annotation.id, { value: true });
        if (widget.type === 'radio' && widget.name in answers.chosen) pdf.annotationStorage.setValue(annotation.id, { value: answers.chosen[widget.name] === widget.exportValue });
      }
      const saved = await collectingWarnings(problems, () => pdf.saveDocument());
      if (problems.length > 0) throw new Error(`pdf.js reported problems while saving: ${problems.join('; ')}`);
      return saved;
    } finally {
      await pdf.destroy();
    }
  },
};
