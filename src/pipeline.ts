import { join } from 'node:path';
import { collectProblems, HandoutsError, throwProblems, UsageError, ValueError, type Warning } from './diagnostics.js';
import { guideSpeakers, type Speaker } from './messages/index.js';
import { documentDate } from './dates.js';
import { parseMarkup, type DocumentTree, type ParsedDocuments } from './document/index.js';
import { canDraw, chainFor, loadFonts, withPreferredFaces, type FontSet } from './fonts/index.js';
import { loadGuide, selectLanguage, type FormField, type Guide, type GuideSource, type Printable } from './guide/index.js';
import { countKept, keepForNextRun, keptBytes, keptDocuments, keptFor, keptGuides, keptLayouts, keptMarkups, type Kept } from './cache/index.js';
import { layoutDocument, layoutKey, type LaidOutDocument, type LayoutOptions, type PairLayout, type PaperName } from './layout/index.js';
import { renderPdfs, writeFilesAtomically, type PdfJob, type WriteOptions } from './pdf/index.js';
import { fillTemplates, listTemplates, type FilledMarkups } from './templates/index.js';
import { validateValues, type FormValues, type RawValues } from './values/index.js';

/** Where a build's documents come from and how they are set. */
export interface SourceOptions {
  guide: GuideSource;
  templatesDir: string;
  paper: PaperName;
  /** How each text's two languages are set. */
  pairs: PairLayout;
  /** Tag or key of one of the guide's languages, for a single-language edition; both when absent. */
  lang?: string | undefined;
  /** SOURCE_DATE_EPOCH, when the environment sets it. */
  sourceDateEpoch: string | undefined;
  /** Folder where what a run made is kept for the next; in memory only when absent. */
  cacheDir?: string | undefined;
}

export interface BuildOptions extends SourceOptions {
  /** Only these documents (template names); every template when absent. */
  only?: readonly string[] | undefined;
  /** Write PDF/A-2b. */
  pdfa?: boolean;
}

/** A finished PDF, in memory. */
export interface RenderedDocument {
  /** The template's name, `-fillable` added for the version with form fields. */
  name: string;
  /** What a build names its file: `handout.pdf`, `handout-en.pdf` for a single-language edition. */
  fileName: string;
  /** The version with form fields to fill in on screen, which looks just like the printed one. */
  fillable: boolean;
  bytes: Uint8Array;
  pages: number;
  warnings: Warning[];
}

/** A document laid out and ready to draw. */
export type CheckedDocument = PdfJob & { name: string; fileName: string };

/** guide → templates → markup → layout (checkDocuments, one stage a line) → PDF bytes. */
export async function renderDocuments(options: BuildOptions): Promise<RenderedDocument[]> {
  const fonts = await loadFonts();
  const known = countKept(options.cacheDir, fonts);
  const checked = await checkDocuments(options);
  // Never PDF/A: its empty fields are drawn by the viewer, which PDF/A forbids.
  const fillable = checked.filter((job) => hasFields(job.layout)).map((job) => ({ ...job, name: `${job.name}-fillable`, fileName: job.fileName.replace(/\.pdf$/, '-fillable.pdf'), fillable: true, pdfa: false }));
  const jobs = [...checked, ...fillable];
  const bytes = await renderPdfs(jobs);
  await keepForNextRun(options.cacheDir, fonts, known);
  return jobs.map((job, index) => ({ name: job.name, fileName: job.fileName, fillable: job.fillable === true, bytes: bytes[index]!, pages: job.layout.pages.length, warnings: job.layout.warnings }));
}

/**
 * Everything short of drawing: the guide, every template, its markup and its layout. The
 * problems of all documents are reported together.
 */
export async function checkDocuments(options: BuildOptions): Promise<CheckedDocument[]> {
  const { guide, fonts, filled, parsed } = await loadSource(options);
  const { subsets, pdfs } = keptBytes(options.cacheDir, fonts);
  const date = documentDate(guide.contentDate, options.sourceDateEpoch);
  const suffix = options.lang ? `-${guide.languages.primary.tag}` : '';
  const names = listTemplates(options.templatesDir).filter((name) => !options.only || options.only.includes(name));
  // One template at a time, so that a broken one does not hide the problems of the others.
  return collectProblems(names, async (name) => {
    const [template] = await fillTemplates({ guide, templatesDir: options.templatesDir, only: [name], filled });
    const document = parseMarkup(template!, { parsed });
    const layout = layoutOnce({ document, fonts, paper: options.paper, pairs: options.pairs }, options.cacheDir);
    return { name, fileName: `${name}${suffix}.pdf`, layout, metadata: document.metadata, fonts, date, pdfa: options.pdfa, subsetCache: subsets, drawn: pdfs };
  });
}

/** A blank document as an earlier build laid it out, or laid out now with the shapes earlier runs kept. */
function layoutOnce(options: Omit<LayoutOptions, 'values' | 'shapes'>, cacheDir: string | undefined): LaidOutDocument {
  const layouts = keptLayouts(cacheDir);
  const key = layoutKey(options);
  const known = layouts.get(key);
  if (known) return known;
  const layout = layoutDocument({ ...options, shapes: keptFor(cacheDir, options.fonts).shapes });
  layouts.set(key, layout);
  return layout;
}

/** The fonts in the guide's order, the guide checked against them in the edition asked for, and what earlier runs filled and parsed. */
async function loadSource(options: Pick<SourceOptions, 'guide' | 'lang' | 'cacheDir'>): Promise<{ guide: Guide; fonts: FontSet; filled: FilledMarkups; parsed: ParsedDocuments }> {
  const fonts = await loadFonts();
  // Asked in the order of the guide's own language, so a face is read only for a character the ones before it lack.
  const printable: Printable = (character, { primary, secondary }) => canDraw(chainFor(fonts, primary.tag, [primary.tag, secondary.tag]), character);
  const guide = await loadGuide(options.guide, { printable, validated: keptGuides(options.cacheDir) });
  const edition = options.lang ? selectLanguage(guide, options.lang) : guide;
  return { guide: edition, fonts: withPreferredFaces(fonts, guide.fonts), filled: keptMarkups(options.cacheDir), parsed: keptDocuments(options.cacheDir) };
}

/** The guide checked against the fonts, in the edition asked for. */
export async function readGuide(options: Pick<SourceOptions, 'guide' | 'lang' | 'cacheDir'>): Promise<Guide> {
  return (await loadSource(options)).guide;
}

/** The form's fields, which the form command's options are made of, read before any option is parsed. */
export async function loadFormFields(options: Pick<SourceOptions, 'guide' | 'cacheDir'>): Promise<readonly FormField[]> {
  return (await loadGuide(options.guide, { validated: keptGuides(options.cacheDir) })).form.fields;
}

/** A document with lines or boxes that answer form fields also gets a version to fill in on screen. */
function hasFields(layout: LaidOutDocument): boolean {
  return layout.pages.some((page) => page.items.some((item) => item.kind === 'write-in' || (item.kind === 'checkbox' && item.answers !== undefined)));
}

/** Writes documents into a folder, each file replacing its earlier version only once complete; their paths. */
export async function writeDocuments(documents: readonly RenderedDocument[], { outDir, ...options }: { outDir: string } & Partial<WriteOptions>): Promise<string[]> {
  const files = documents.map((document) => ({ path: join(outDir, document.fileName), bytes: document.bytes }));
  await writeFilesAtomically(files, { mode: 0o644, overwrite: true, ...options });
  return files.map((file) => file.path);
}

export interface FormOptions extends SourceOptions {
  /** The template whose document is the form, such as `store-visit-form`. */
  template: string;
  raw: RawValues;
  showSensitive: boolean;
  today: string;
  pdfa?: boolean;
}

/** The blank form a person's values are printed into, with what is needed to lay it out and date it. */
export interface PreparedForm {
  name: string;
  fields: readonly FormField[];
  document: DocumentTree;
  fonts: FontSet;
  date: Date;
  kept: Kept;
  /** How many shapes were kept when it was prepared, to tell whether laying out forms added any. */
  known: number;
  /** The guide's two languages, which the problems of a person's answers are told in. */
  speakers: readonly Speaker[];
}

export async function prepareForm(options: Pick<FormOptions, 'guide' | 'templatesDir' | 'template' | 'sourceDateEpoch' | 'lang' | 'cacheDir'>): Promise<PreparedForm> {
  const { guide, fonts, filled, parsed } = await loadSource(options);
  const known = countKept(options.cacheDir, fonts);
  const kept = keptFor(options.cacheDir, fonts);
  if (!listTemplates(options.templatesDir).includes(options.template)) {
    throw new UsageError(`there is no template named "${options.template}"`, { path: '--template', hint: `add ${options.template}.hbs to the templates folder` });
  }
  const [template] = await fillTemplates({ guide, templatesDir: options.templatesDir, only: [options.template], filled });
  const date = documentDate(guide.contentDate, options.sourceDateEpoch);
  return { name: options.template, fields: guide.form.fields, document: parseMarkup(template!, { parsed }), fonts, date, kept, known, speakers: guideSpeakers(guide) };
}

/**
 * Keeps the shapes laying out the blank form added, for the next run. A person's answers are
 * measured and drawn apart from the kept shapes, so nothing of theirs is among them.
 */
export function keepFormShapes(form: PreparedForm, cacheDir: string | undefined): Promise<void> {
  return keepForNextRun(cacheDir, form.fonts, form.known);
}

/** One person's prefilled form: their values validated, then printed into the laid-out form. */
export async function renderForm(options: FormOptions): Promise<RenderedDocument> {
  const form = await prepareForm(options);
  try {
    const { values, problems } = validateValues(form.fields, options.raw, { showSensitive: options.showSensitive, today: options.today, source: {} });
    throwProblems(problems);
    return await drawForm(form, { ...options, layout: layOutForm(form, options, values) });
  } catch (error) {
    throw toldIn(error, form.speakers);
  }
}

/** A problem with a person's answers, told in the guide's languages (`error.messages`); anything else as it is. */
export function toldIn<E>(error: E, speakers: readonly Speaker[]): E | HandoutsError {
  return error instanceof HandoutsError ? error.toldIn(speakers) : error;
}

/**
 * The form as a person is still filling it in, for a preview: what is valid so far is printed,
 * and the problems with the rest (missing required fields too) are returned, never thrown.
 */
export async function renderFormDraft(options: FormOptions): Promise<{ document: RenderedDocument; problems: ValueError[] }> {
  const form = await prepareForm(options);
  const checked = validateValues(form.fields, options.raw, { showSensitive: options.showSensitive, today: options.today, source: {} });
  const problems = [...checked.problems];
  let values: FormValues = checked.values;
  for (;;) {
    try {
      return { document: await drawForm(form, { ...options, layout: layOutForm(form, options, values) }), problems: problems.map((problem) => problem.toldIn(form.speakers) as ValueError) };
    } catch (error) {
      // A value that does not fit is left out of the draft, and said.
      const field = error instanceof ValueError ? error.position.path : undefined;
      if (field === undefined || !(field in values)) throw toldIn(error, form.speakers);
      problems.push(error as ValueError);
      values = Object.fromEntries(Object.entries(values).filter(([id]) => id !== field));
    }
  }
}

function layOutForm(form: PreparedForm, options: Pick<FormOptions, 'paper' | 'pairs'>, values: FormValues): LaidOutDocument {
  return layoutDocument({ document: form.document, fonts: form.fonts, paper: options.paper, pairs: options.pairs, values, shapes: form.kept.shapes });
}

async function drawForm(form: PreparedForm, options: Pick<FormOptions, 'pdfa' | 'cacheDir'> & { layout: LaidOutDocument }): Promise<RenderedDocument> {
  const { layout } = options;
  const [bytes] = await renderPdfs([{ layout, metadata: form.document.metadata, fonts: form.fonts, date: form.date, pdfa: options.pdfa, subsetCache: form.kept.subsets }]);
  await keepFormShapes(form, options.cacheDir);
  return { name: form.name, fileName: `${form.name}-filled.pdf`, fillable: false, bytes: bytes!, pages: layout.pages.length, warnings: layout.warnings };
}
