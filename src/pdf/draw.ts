import type { CheckboxItem, FrameItem, Item, RuleItem, TextItem, TextRun, WriteInItem } from '../layout/index.js';
import type { FontWriter, PageFont, TextState } from './fonts.js';

type Pdf = PDFKit.PDFDocument;
type Draw<K extends Item['kind']> = (pdf: Pdf, item: Extract<Item, { kind: K }>, fonts: FontWriter) => void;

const DRAW: { [K in Item['kind']]: Draw<K> } = {
  text: drawText,
  rule: drawRule,
  frame: drawFrame,
  checkbox: drawCheckbox,
  'write-in': drawWriteIn,
};

/** Draws one positioned item exactly where the layout put it; nothing here shapes, measures or moves. */
export function drawItem(pdf: Pdf, item: Item, fonts: FontWriter): void {
  (DRAW[item.kind] as Draw<Item['kind']>)(pdf, item, fonts);
}

/**
 * The layout's glyphs as text operators: each run from its place, each glyph moved from where its
 * width in the font would leave the next to where the layout put it. Where a glyph stood for other
 * text elsewhere in the document, the text is said with ActualText.
 */
function drawText(pdf: Pdf, item: TextItem, fonts: FontWriter): void {
  const runs = item.runs.map((run) => ({ run, font: fonts.use(run.face, item.personal === true) }));
  const plain = runs.every(({ run, font }) => run.glyphs.every((glyph) => font.stands(glyph.id, glyph.text)));
  const { state } = fonts;
  const color = state.color === item.color ? [] : [`${rgb(item.color)} rg`];
  state.color = item.color;
  const operators = runs.map(({ run, font }) => runOperators(run, font, { x: item.x + run.x, y: item.baseline, size: item.size, state }));
  if (!plain) pdf.markContent('Span', { actual: item.text });
  pdf.addContent([...color, 'BT', ...operators, 'ET'].join(' '));
  if (!plain) pdf.endMarkedContent();
}

function runOperators(run: TextRun, font: PageFont, { x, y, size, state }: { x: number; y: number; size: number; state: TextState }): string {
  const parts: string[] = [];
  if (state.font !== font.resource || state.size !== size) parts.push(`/${font.resource} ${number(size)} Tf`);
  Object.assign(state, { font: font.resource, size });
  // pdfkit's pages run y downwards; the text matrix turns the glyphs upright again.
  parts.push(`1 0 0 -1 ${number(x)} ${number(y)} Tm`);
  let rise = 0;
  // A TJ's operands, built as text: numbers, and the codes of glyphs that follow one another
  // without a move, which share a string. A string per glyph cost cold code more than the drawing.
  let shown = '';
  let codes = '';
  const endCodes = () => {
    if (codes) shown += `${shown ? ' ' : ''}<${codes}>`;
    codes = '';
  };
  const move = (value: number) => {
    endCodes();
    shown += `${shown ? ' ' : ''}${number(value)}`;
  };
  const show = () => {
    endCodes();
    if (shown) parts.push(`[${shown}] TJ`);
    shown = '';
  };
  for (const glyph of run.glyphs) {
    if (glyph.dy !== rise) {
      show();
      rise = glyph.dy;
      parts.push(`${number(rise)} Ts`);
    }
    // TJ's numbers move the next glyph left by thousandths of the size.
    const shift = (glyph.dx * 1000) / size;
    if (shift) move(-shift);
    codes += font.code(glyph.id).toString(16).padStart(4, '0');
    const gap = font.width(glyph.id) + shift - (glyph.advance * 1000) / size;
    if (Math.abs(gap) >= 0.001) move(gap);
  }
  show();
  if (rise) parts.push('0 Ts');
  return parts.join(' ');
}

/** A colour as the operands of rg. */
function rgb(color: string): string {
  const value = Number.parseInt(color.slice(1), 16);
  return [16, 8, 0].map((shift) => number(((value >> shift) & 0xff) / 255)).join(' ');
}

/** A number as a content stream writes it: at most three decimals, the same bytes every time. */
function number(value: number): string {
  const rounded = Math.round(value * 1000) / 1000;
  return Object.is(rounded, -0) ? '0' : String(rounded);
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
