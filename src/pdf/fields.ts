import type { CheckboxItem, Item, Page, WriteInItem } from '../layout/index.js';
import { ROUND_MARK } from './draw.js';
import { embedFieldFont, type PreparedFieldFont } from './field-font.js';

type Pdf = PDFKit.PDFDocument;
type Ref = PDFKit.PDFKitReference;

/**
 * pdfkit's form state, which its typings do not declare. pdfkit 0.20.2 (the newest release) offers no
 * documented way to do what these fields need: its forms type only with a font of its own, which it
 * embeds cut to the glyphs drawn on the page (none here), so no font of ours can be named in the
 * form's DR and DA; and since 0.20.0 a field's options are only those it maps, so TU cannot be set
 * (foliojs/pdfkit#1803). `initForm({ embedFonts: true })` (foliojs/pdfkit#1789, merged but not yet
 * released) embeds the form's font whole: given the cut face as an OpenType file, it should
 * replace the font part of this.
 */
interface FormInternals {
  _acroform: { fonts: Record<string, Ref> };
  _root: { data: { AcroForm: { data: { Fields: Ref[]; DA: unknown; DR: { Font: Record<string, Ref> } } } } };
  _font: { id: string };
  page: { annotations: Ref[] };
}

// A Ff flag pair: a radio group (bit 16) whose chosen button cannot be switched off by clicking it (bit 15).
const RADIO_FLAGS = (1 << 15) | (1 << 14);
const TEXT_SIZE = 11;
/** The text fields' font in the form's resources, named in their default appearance. */
export const FIELD_FONT = 'Field';

/**
 * Real form fields over the drawn form: a text field on each write-in line, a checkbox for each
 * multiple-answer option, a radio group for each single choice. Every box carries its own
 * appearance streams, so ticked and unticked boxes show in viewers that do not draw their own.
 * Text fields type with the document's CJK face cut to its language's common characters, so that
 * a viewer that draws typed text with the field's font (pdf.js, Acrobat) can show a name the
 * printed form never uses.
 */
export function createFieldAdder(pdf: Pdf, fieldFont: PreparedFieldFont): (page: Page) => void {
  const form = pdf as unknown as Pdf & FormInternals;
  // pdfkit's form needs a current font, which it lists in the form's resources: the fields' own replaces it.
  pdf.font('Helvetica').initForm();
  delete form._acroform.fonts[form._font.id];
  delete form._root.data.AcroForm.data.DR.Font[form._font.id];
  form._acroform.fonts[FIELD_FONT] = embedFieldFont(pdf, fieldFont);
  // pdfkit asks for auto-sized text (0 Tf), which fills a tall box with oversized letters.
  form._root.data.AcroForm.data.DA = new String(`/${FIELD_FONT} ${TEXT_SIZE} Tf 0 g`);
  form._acroform.fonts.ZaDb = endedRef(pdf, { Type: 'Font', Subtype: 'Type1', BaseFont: 'ZapfDingbats' });
  const groups = new Map<string, Ref>();
  return (page) => {
    for (const item of page.items) addField(form, item, groups);
  };
}

function addField(form: Pdf & FormInternals, item: Item, groups: Map<string, Ref>): void {
  if (item.kind === 'write-in') addTextField(form, item);
  if (item.kind === 'checkbox' && item.answers) addBox(form, item, groups);
}

// The text field flag that lets an answer run over several lines.
const MULTILINE = 1 << 12;

function addTextField(form: Pdf & FormInternals, item: WriteInItem): void {
  form.annotate(item.x, item.y, item.width, item.height, {
    Subtype: 'Widget',
    FT: 'Tx',
    T: new String(item.fieldId),
    TU: new String(item.label),
    F: 4,
    ...((item.rows ?? 1) > 1 ? { Ff: MULTILINE } : {}),
  } as never);
  form._root.data.AcroForm.data.Fields.push(lastAnnotation(form));
}

function addBox(form: Pdf & FormInternals, item: CheckboxItem, groups: Map<string, Ref>): void {
  const answers = item.answers!;
  const on = answers.exclusive ? answers.optionId : 'Yes';
  const widget: Record<string, unknown> = {
    Subtype: 'Widget',
    F: 4,
    AS: 'Off',
    // ZapfDingbats: 4 is a tick, l a dot.
    MK: { CA: new String(answers.exclusive ? 'l' : '4') },
    DA: new String('/ZaDb 0 Tf 0 g'),
    AP: { N: { [on]: tickAppearance(form, item, true), Off: tickAppearance(form, item, false) } },
  };
  if (answers.exclusive) {
    const parent = groups.get(answers.fieldId) ?? radioGroup(form, answers.fieldId, answers.label);
    groups.set(answers.fieldId, parent);
    form.annotate(item.x, item.y, item.width, item.height, { ...widget, Parent: parent, TU: new String(`${answers.label}: ${answers.optionLabel}`) } as never);
    (parent.data as unknown as { Kids: Ref[] }).Kids.push(lastAnnotation(form));
    return;
  }
  form.annotate(item.x, item.y, item.width, item.height, { ...widget, FT: 'Btn', T: new String(`${answers.fieldId}_${answers.optionId}`), TU: new String(`${answers.label}: ${answers.optionLabel}`), V: 'Off' } as never);
  form._root.data.AcroForm.data.Fields.push(lastAnnotation(form));
}

/** The group's own field; pdfkit writes it out at the end, once its Kids are known. */
function radioGroup(form: Pdf & FormInternals, fieldId: string, label: string): Ref {
  const parent = form.ref({ FT: 'Btn', Ff: RADIO_FLAGS, T: new String(fieldId), TU: new String(label), V: 'Off', Kids: [] });
  form._root.data.AcroForm.data.Fields.push(parent);
  return parent;
}

/**
 * A box's look when ticked (a drawn tick, or a dot in a round mark, as printed; no font needed)
 * or not (nothing over the printed mark).
 */
function tickAppearance(pdf: Pdf, { width: size, shape }: CheckboxItem, ticked: boolean): Ref {
  const stream = ref(pdf, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, size, size], Resources: {} });
  const point = (x: number, y: number) => `${(x * size).toFixed(2)} ${((1 - y) * size).toFixed(2)}`;
  const tick = `q 0 G 1.4 w 1 J 1 j ${point(0.2, 0.55)} m ${point(0.42, 0.78)} l ${point(0.82, 0.22)} l S Q`;
  stream.end(ticked ? (shape === 'round' ? `q 0 g ${dot(size / 2, size * ROUND_MARK)} f Q` : tick) : 'q Q');
  return stream;
}

/** A filled circle's path around (centre, centre), four Bézier curves. */
function dot(centre: number, radius: number): string {
  const k = radius * 0.5523;
  const at = (x: number, y: number) => `${(centre + x).toFixed(2)} ${(centre + y).toFixed(2)}`;
  return [
    `${at(radius, 0)} m`,
    `${at(radius, k)} ${at(k, radius)} ${at(0, radius)} c`,
    `${at(-k, radius)} ${at(-radius, k)} ${at(-radius, 0)} c`,
    `${at(-radius, -k)} ${at(-k, -radius)} ${at(0, -radius)} c`,
    `${at(k, -radius)} ${at(radius, -k)} ${at(radius, 0)} c`,
  ].join(' ');
}

function ref(pdf: Pdf, data: object): Ref {
  return pdf.ref(data as never);
}

/** A plain dictionary object: pdfkit writes a stream only for a non-empty chunk. */
function endedRef(pdf: Pdf, data: object): Ref {
  const created = ref(pdf, data);
  created.end('');
  return created;
}

function lastAnnotation(form: FormInternals): Ref {
  return form.page.annotations.at(-1)!;
}
