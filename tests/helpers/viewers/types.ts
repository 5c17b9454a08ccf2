export type ViewerName = 'pdfium' | 'pdf.js' | 'mupdf';

/** A page drawn on white, one grey level a pixel (0 black, 255 white), rows top to bottom. */
export interface Raster {
  width: number;
  height: number;
  grey: Uint8Array;
}

/** A form field's widget as a viewer reports it; the rectangle in PDF points, origin bottom left. */
export interface Widget {
  page: number;
  name: string;
  type: 'text' | 'checkbox' | 'radio';
  /** The value a checkbox or radio button takes when ticked. */
  exportValue?: string;
  rect: { left: number; bottom: number; right: number; top: number };
}

/** What a person fills in: text by field name, checkboxes ticked by field name, a radio group's chosen export value. */
export interface Answers {
  text: Record<string, string>;
  ticked: readonly string[];
  chosen: Record<string, string>;
}

export interface OpenedPdf {
  pageCount: number;
  /** The page's size in points. */
  size(page: number): Promise<{ width: number; height: number }>;
  /** The page drawn with its annotations and form fields, at the given resolution. */
  render(page: number, dpi: number): Promise<Raster>;
  text(page: number): Promise<string>;
  widgets(): Promise<Widget[]>;
  /** Each field's value by name, as the viewer reads it. */
  values(): Promise<Record<string, string>>;
  /** Errors and warnings the viewer reported about the file since it was opened. */
  problems(): string[];
  close(): void;
}

export interface Viewer {
  name: ViewerName;
  open(bytes: Uint8Array): Promise<OpenedPdf>;
  /** Fills the form through the viewer's own form interface, as a person would, and saves it. */
  fill(bytes: Uint8Array, answers: Answers): Promise<Uint8Array>;
}
