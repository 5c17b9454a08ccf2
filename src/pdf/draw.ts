import type { CheckboxItem, FrameItem, Item, RuleItem, TextItem, WriteInItem } from '../layout/index.js';
import { openFace, personalFace } from './faces.js';
import { writeKeptRun, type FragmentOptions } from './kept-runs.js';
import { presetPersonalSubset } from './personal-subset.js';

type Pdf = PDFKit.PDFDocument;
type Draw<K extends Item['kind']> = (pdf: Pdf, item: Extract<Item, { kind: K }>) => void;

const DRAW: { [K in Item['kind']]: Draw<K> } = {
  text: drawText,
  rule: drawRule,
  frame: drawFrame,
  checkbox: drawCheckbox,
  'write-in': drawWriteIn,
};

/** Draws one positioned item exactly where the layout put it; nothing here measures or moves. */
export function drawItem(pdf: Pdf, item: Item): void {
  (DRAW[item.kind] as Draw<Item['kind']>)(pdf, item);
}

/** The part of pdfkit's text() that writes one line of text at a place, and the face it writes in. */
interface TextFragments {
  _fragment(text: string, x: number, y: number, options: FragmentOptions): void;
  _font: object;
}

/**
 * Each run goes straight to the part of pdfkit's text() that writes it: text() would first
 * measure the run twice more, for links, underlines and the next run's place, which the layout
 * has already decided. A person's answers are drawn afresh every time; other runs may be written
 * again as an earlier document drew them.
 */
function drawText(pdf: Pdf, item: TextItem): void {
  pdf.fontSize(item.size);
  setTextColor(pdf, item.color);
  for (const run of item.runs) {
    const options: FragmentOptions = { baseline: 'alphabetic', characterSpacing: item.spacing ?? 0, textWidth: 0, wordCount: 0, ...(run.features ? { features: [...run.features] } : {}) };
    const at = { text: run.text, x: item.x + run.x, y: item.baseline, options };
    openFace(pdf, run.face);
    if (item.personal) {
      const writer = pdf.font(personalFace(run.face)) as unknown as TextFragments;
      presetPersonalSubset(writer._font);
      writer._fragment(at.text, at.x, at.y, options);
    } else {
      pdf.font(run.face);
      writeKeptRun(pdf, at);
    }
  }
}

/**
 * The fill colour each page's text last set. Every other drawing sets its colours between a save
 * and a restore, which puts the page's colour back, so text in the colour already set sets none.
 */
const textColorOf = new WeakMap<object, string>();

function setTextColor(pdf: Pdf, color: string): void {
  const { page } = pdf as unknown as { page: object };
  if (textColorOf.get(page) === color) return;
  pdf.fillColor(color);
  textColorOf.set(page, color);
}

function drawRule(pdf: Pdf, item: RuleItem): void {
  pdf.save().lineWidth(item.thickness).strokeColor(item.color).moveTo(item.x1, item.y1).lineTo(item.x2, item.y2).stroke().restore();
}

function drawFrame(pdf: Pdf, item: FrameItem): void {
  pdf.save().lineWidth(item.thickness).rect(item.x, item.y, item.width, item.height);
  if (item.fill) pdf.fillAndStroke(item.fill, item.color);
  else pdf.strokeColor(item.color).stroke();
  pdf.restore();
}

/** A square ticked, or a round mark filled in the middle, as a radio button is. */
function drawCheckbox(pdf: Pdf, item: CheckboxItem): void {
  const { x, y, width: size } = item;
  pdf.save().lineWidth(0.9).strokeColor('#000000');
  if (item.shape === 'round') {
    pdf.circle(x + size / 2, y + size / 2, size / 2).stroke();
    if (item.checked) pdf.circle(x + size / 2, y + size / 2, size * ROUND_MARK).fill('#000000');
  } else {
    pdf.rect(x, y, size, size).stroke();
    if (item.checked) pdf.lineWidth(1.4).moveTo(x + size * 0.2, y + size * 0.55).lineTo(x + size * 0.42, y + size * 0.78).lineTo(x + size * 0.82, y + size * 0.22).stroke();
  }
  pdf.restore();
}

/** The radius of a chosen round mark's dot, as a share of the mark's size. */
export const ROUND_MARK = 0.27;

function drawWriteIn(pdf: Pdf, item: WriteInItem): void {
  const lineY = item.y + item.height;
  pdf.save().lineWidth(0.7).strokeColor('#000000').moveTo(item.x, lineY).lineTo(item.x + item.width, lineY).stroke().restore();
}
