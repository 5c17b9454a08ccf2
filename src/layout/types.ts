import type { Warning } from '../diagnostics.js';
import type { FontRole } from '../fonts/index.js';

/** All coordinates are PDF points from the page's top-left corner. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One glyph as HarfBuzz shaped it and the layout placed it, in points. */
export interface PlacedGlyph {
  id: number;
  /** How far the next glyph starts from this one's origin, any spacing the layout added included. */
  advance: number;
  /** Where the glyph is drawn from its origin: right and up. */
  dx: number;
  dy: number;
  /** The text of the cluster the glyph begins; empty for a cluster's further glyphs. */
  text: string;
}

/** Part of a text drawn with one face of the font chain: the glyphs to draw, in order. */
export interface TextRun {
  /** Name of the face in the font set. */
  face: string;
  /** Offset of the first glyph's origin from the text item's x. */
  x: number;
  glyphs: readonly PlacedGlyph[];
}

/** Standard structure types of tagged PDF that documents use. */
export type StructureRole = 'Sect' | 'H1' | 'H2' | 'H3' | 'P' | 'L' | 'LI' | 'Lbl' | 'LBody' | 'Span' | 'Div' | 'Form';

/** One element on the way from the document root to a text: its role and a key unique among its siblings. */
export interface StructureStep {
  role: StructureRole;
  key: string;
  /** BCP 47 tag, when it differs from the document's. */
  lang?: string;
}

export interface TextItem extends Rect {
  kind: 'text';
  /** y of the alphabetic baseline. */
  baseline: number;
  text: string;
  runs: TextRun[];
  font: FontRole;
  size: number;
  color: string;
  /** BCP 47 tag of the text's language. */
  lang: string;
  /** Where the text sits in the document's logical structure; empty for page furniture such as footers. */
  structure: readonly StructureStep[];
  /** A person's answer printed into a form, kept apart from everything that may be cached or logged. */
  personal?: true;
}

export interface RuleItem {
  kind: 'rule';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  thickness: number;
  color: string;
}

export interface FrameItem extends Rect {
  kind: 'frame';
  thickness: number;
  color: string;
  fill: string | undefined;
}

/** The form field a box or line answers, for prefilling and for fillable PDF fields. */
export interface FieldRef {
  fieldId: string;
  /** What a screen reader announces: the bilingual label. */
  label: string;
}

export interface CheckboxItem extends Rect {
  kind: 'checkbox';
  /** Round for one of a choice's options (one answer), square where several may be ticked. */
  shape: 'square' | 'round';
  checked: boolean;
  /** The field and option this box answers; absent on a plain checklist. */
  answers: (FieldRef & { optionId: string; optionLabel: string; exclusive: boolean }) | undefined;
}

/** Where a person writes (or a prefilled value is printed): the line is drawn at the bottom. */
export interface WriteInItem extends Rect, FieldRef {
  kind: 'write-in';
  /** The baseline of the last row, whose line is drawn at the bottom. */
  baseline: number;
  /** Rows of a field written on several lines, `pitch` apart, each with its line; one when absent. */
  rows?: number;
  pitch?: number;
  /** The field's structure element, which a prefilled value joins. */
  structure: readonly StructureStep[];
}

export type Item = TextItem | RuleItem | FrameItem | CheckboxItem | WriteInItem;

export interface Page {
  width: number;
  height: number;
  items: Item[];
}

export type PaperName = 'a4' | 'letter' | 'folio';

export interface PageGeometry {
  paper: PaperName;
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface LaidOutDocument {
  geometry: PageGeometry;
  pages: Page[];
  warnings: Warning[];
}
