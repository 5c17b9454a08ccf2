import * as mupdf from 'mupdf';
import type { Answers, OpenedPdf, Raster, Viewer, Widget } from './types.js';

/** MuPDF, the engine of many small phone and desktop readers (MuPDF, SumatraPDF, KOReader), as the mupdf package's WebAssembly build. */

let reported: string[] = [];
mupdf.setLog({ error: (message) => reported.push(`error: ${message}`), warning: (message) => reported.push(`warning: ${message}`) });

/** What MuPDF reports while an action runs. */
function reportsOf<T>(action: () => T, into: string[]): T {
  reported = [];
  try {
    return action();
  } finally {
    into.push(...reported);
  }
}

function openDocument(bytes: Uint8Array, problems: string[]): mupdf.PDFDocument {
  const document = reportsOf(() => new mupdf.PDFDocument(bytes), problems);
  if (document.wasRepaired()) problems.push('the file was broken; MuPDF repaired it');
  return document;
}

function render(page: mupdf.PDFPage, dpi: number): Raster {
  const [left, top, right, bottom] = page.getBounds();
  const [width, height] = [Math.round(((right - left) * dpi) / 72), Math.round(((bottom - top) * dpi) / 72)];
  const pixmap = new mupdf.Pixmap(mupdf.ColorSpace.DeviceGray, [0, 0, width, height], false);
  pixmap.clear(255);
  const device = new mupdf.DrawDevice(mupdf.Matrix.scale(dpi / 72, dpi / 72), pixmap);
  try {
    page.run(device, mupdf.Matrix.identity);
    device.close();
    const stride = pixmap.getStride();
    const pixels = pixmap.getPixels();
    const grey = new Uint8Array(width * height);
    for (let row = 0; row < height; row++) grey.set(pixels.subarray(row * stride, row * stride + width), row * width);
    return { width, height, grey };
  } finally {
    device.destroy();
    pixmap.destroy();
  }
}

/** The value a checkbox or radio button widget takes when ticked: its "on" appearance's name. */
function onValue(widget: mupdf.PDFWidget): string {
  const names: string[] = [];
  widget.getObject().get('AP', 'N').forEach((_value, key) => names.push(String(key)));
  return names.find((name) => name !== 'Off') ?? '';
}

function describe(widget: mupdf.PDFWidget, page: number, pageHeight: number): Widget | undefined {
  const type = widget.isText() ? 'text' : widget.isCheckbox() ? 'checkbox' : widget.isRadioButton() ? 'radio' : undefined;
  if (!type) return undefined;
  // MuPDF's rectangles are in its page space, origin top left.
  const [left, top, right, bottom] = widget.getRect();
  const rect = { left, right, bottom: pageHeight - bottom, top: pageHeight - top };
  return { page, name: widget.getName(), type, ...(type === 'text' ? {} : { exportValue: onValue(widget) }), rect };
}

function eachWidget(document: mupdf.PDFDocument, action: (widget: mupdf.PDFWidget, described: Widget) => void): void {
  for (let index = 0; index < document.countPages(); index++) {
    const page = document.loadPage(index);
    const height = page.getBounds()[3] - page.getBounds()[1];
    for (const widget of page.getWidgets()) {
      const described = describe(widget, index, height);
      if (described) action(widget, described);
    }
    page.update();
  }
}

export const mupdfViewer: Viewer = {
  name: 'mupdf',
  async open(bytes) {
    const problems: string[] = [];
    const document = openDocument(bytes, problems);
    const page = (index: number) => reportsOf(() => document.loadPage(index), problems);
    return {
      pageCount: document.countPages(),
      size: async (index) => {
        const [left, top, right, bottom] = page(index).getBounds();
        return { width: right - left, height: bottom - top };
      },
      render: async (index, dpi) => reportsOf(() => render(page(index), dpi), problems),
      text: async (index) => reportsOf(() => page(index).toStructuredText('preserve-whitespace').asText(), problems),
      widgets: async () => {
        const widgets: Widget[] = [];
        eachWidget(document, (_widget, described) => widgets.push(described));
        return widgets;
      },
      values: async () => {
        const values: Record<string, string> = {};
        eachWidget(document, (widget, described) => {
          if (described.type !== 'radio' || widget.getValue() === described.exportValue) values[described.name] = widget.getValue();
        });
        return values;
      },
      problems: () => [...problems],
      close: () => document.destroy(),
    } satisfies OpenedPdf;
  },
  /** Sets each text field's value and toggles boxes as MuPDF's viewer does on a click, updating their appearances, then saves. */
  async fill(bytes, answers: Answers) {
    const problems: string[] = [];
    const document = openDocument(bytes, problems);
    try {
      reportsOf(
        () =>
          eachWidget(document, (widget, { name, type, exportValue }) => {
            const text = answers.text[name];
            if (type === 'text' && text !== undefined) widget.setTextValue(text);
            if ((type === 'checkbox' && answers.ticked.includes(name)) || (type === 'radio' && answers.chosen[name] === exportValue)) widget.toggle();
            widget.update();
          }),
        problems,
      );
      if (problems.length > 0) throw new Error(`MuPDF reported problems while filling: ${problems.join('; ')}`);
      return document.saveToBuffer('').asUint8Array().slice();
    } finally {
      document.destroy();
    }
  },
};
