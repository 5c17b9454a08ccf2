import { join } from 'node:path';
import { collectProblems, throwProblems, UsageError, type Warning } from './diagnostics.js';
import { documentDate } from './dates.js';
import { parseMarkup, type DocumentTree, type ParsedDocuments } from './document/index.js';
import { canDraw, chainFor, loadFonts, withPreferredFaces, type FontSet } from './fonts/index.js';
import { loadGuide, selectLanguage, type FormField, type Guide, type Printable } from './guide/index.js';
import { countKept, keepForNextRun, keptBytes, keptDocuments, keptFor, keptGuides, keptLayouts, keptMarkups, type Kept } from './cache/index.js';
import { layoutDocument, layoutKey, type LaidOutDocument, type LayoutOptions, type PairLayout, type PaperName } from './layout/index.js';
import { writePdfs, type PdfJob } from './pdf/index.js';
import { fillTemplates, listTemplates, type FilledMarkups } from './templates/index.js';
import { validateValues, type RawValues } from './values/index.js';

export interface BuildOptions {
  guideFile: string;
  templatesDir: string;
  outDir: string;
  paper: PaperName;
  /** How each text's two languages are set. */
  pairs: PairLayout;
  /** Tag or key of one of the guide's languages, for a single-language edition; both when absent. */
  lang?: string | undefined;
  /** Write PDF/A-2b. */
  pdfa?: boolean;
  /** Also write a PNG image of each page beside each PDF. */
  preview?: boolean;
  /** SOURCE_DATE_EPOCH, when the environment sets it. */
  sourceDateEpoch: string | undefined;
  /** Folder where font subsets and text shapes are kept between runs; in memory only when absent. */
  cacheDir?: string | undefined;
}

export interface BuiltDocument {
  name: string;
  path: string;
  pages: number;
  bytes: number;
  warnings: Warning[];
  /** The PNG images of its pages, when previews were asked for. */
  previews: string[];
}

/** guide → templates → markup → layout (checkDocuments, one stage a line) → PDF. */
export async function buildDocuments(options: BuildOptions): Promise<BuiltDocument[]> {
  const fonts = await loadFonts();
  const known = countKept(options.cacheDir, fonts);
  const checked = await checkDocuments(options);
  // Never PDF/A: its empty fields are drawn by the viewer, which PDF/A forbids.
  const fillable = checked.filter((job) => hasFields(job.layout)).map((job) => ({ ...job, name: `${job.name}-fillable`, path: job.path.replace(/\.pdf$/, '-fillable.pdf'), fillable: true, pdfa: false }));
  const jobs = [...checked, ...fillable];
  const files = await writePdfs(jobs);
  // The fillable form looks just like the printed one: one preview serves both.
  const previews = options.preview ? await writePreviews(files.slice(0, checked.length)) : [];
  await keepForNextRun(options.cacheDir, fonts, known);
  return jobs.map((job, index) => ({ name: job.name, path: job.path, pages: job.layout.pages.length, bytes: files[index]!.bytes.length, warnings: job.layout.warnings, previews: previews[index] ?? [] }));
}

/**
 * Everything short of writing: the guide, every template, its markup and its layout. The
 * problems of all documents are reported together; nothing is written.
 */
export async function checkDocuments(options: BuildOptions): Promise<(PdfJob & { name: string })[]> {
  const { guide, fonts, filled, parsed } = await loadSource(options);
  const { subsets, pdfs } = keptBytes(options.cacheDir, fonts);
  const date = documentDate(guide.contentDate, options.sourceDateEpoch);
  const suffix = options.lang ? `-${guide.languages.primary.tag}` : '';
  // One template at a time, so that a broken one does not hide the problems of the others.
  return collectProblems(listTemplates(options.templatesDir), async (name) => {
    const [template] = await fillTemplates({ guide, templatesDir: options.templatesDir, only: [name], filled });
    const document = parseMarkup(template!, { parsed });
    const layout = layoutOnce({ document, fonts, paper: options.paper, pairs: options.pairs }, options.cacheDir);
    return { name, path: join(options.outDir, `${name}${suffix}.pdf`), layout, metadata: document.metadata, fonts, date, pdfa: options.pdfa, subsetCache: subsets, drawn: pdfs };
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
async function loadSource(options: Pick<BuildOptions, 'guideFile' | 'lang' | 'cacheDir'>): Promise<{ guide: Guide; fonts: FontSet; filled: FilledMarkups; parsed: ParsedDocuments }> {
  const fonts = await loadFonts();
  // Asked in the order of the guide's own language, so a face is read only for a character the ones before it lack.
  const printable: Printable = (character, { primary, secondary }) => canDraw(chainFor(fonts, primary.tag, [primary.tag, secondary.tag]), character);
  const guide = await loadGuide(options.guideFile, { printable, validated: keptGuides(options.cacheDir) });
  const edition = options.lang ? selectLanguage(guide, options.lang) : guide;
  return { guide: edition, fonts: withPreferredFaces(fonts, guide.fonts), filled: keptMarkups(options.cacheDir), parsed: keptDocuments(options.cacheDir) };
}

/** The form's fields, which the form command's options are made of, read before any option is parsed. */
export async function loadFormFields(options: Pick<BuildOptions, 'guideFile' | 'cacheDir'>): Promise<readonly FormField[]> {
  return (await loadGuide(options.guideFile, { validated: keptGuides(options.cacheDir) })).form.fields;
}

/** PNG images of each PDF's pages beside it; the rasteriser is large, so loaded only when asked for. */
async function writePreviews(...args: Parameters<typeof import('./preview/index.js').writePreviews>): Promise<string[][]> {
  return (await import('./preview/index.js')).writePreviews(...args);
}

/** A document with lines or boxes that answer form fields also gets a version to fill in on screen. */
function hasFields(layout: LaidOutDocument): boolean {
  return layout.pages.some((page) => page.items.some((item) => item.kind === 'write-in' || (item.kind === 'checkbox' && item.answers !== undefined)));
}


export interface FormOptions extends BuildOptions {
  /** The template whose document is the form, such as `store-visit-form`. */
  template: string;
  raw: RawValues;
  showSensitive: boolean;
  force: boolean;
  today: string;
  /** Output file name without `.pdf`. */
  fileName: string;
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
}

export async function prepareForm(options: Pick<FormOptions, 'guideFile' | 'templatesDir' | 'template' | 'sourceDateEpoch' | 'lang' | 'cacheDir'>): Promise<PreparedForm> {
  const { guide, fonts, filled, parsed } = await loadSource(options);
  const known = countKept(options.cacheDir, fonts);
  const kept = keptFor(options.cacheDir, fonts);
  if (!listTemplates(options.templatesDir).includes(options.template)) {
    throw new UsageError(`there is no template named "${options.template}"`, { path: '--template', hint: `add ${options.template}.hbs to the templates folder` });
  }
  const [template] = await fillTemplates({ guide, templatesDir: options.templatesDir, only: [options.template], filled });
  const date = documentDate(guide.contentDate, options.sourceDateEpoch);
  return { name: options.template, fields: guide.form.fields, document: parseMarkup(template!, { parsed }), fonts, date, kept, known };
}

/**
 * Keeps the shapes laying out the blank form added, for the next run. A person's answers are
 * measured and drawn apart from the kept shapes, so nothing of theirs is among them.
 */
export function keepFormShapes(form: PreparedForm, cacheDir: string | undefined): Promise<void> {
  return keepForNextRun(cacheDir, form.fonts, form.known);
}

/** One person's prefilled form: validated values printed into the laid-out form, written 0600. */
export async function buildForm(options: FormOptions): Promise<BuiltDocument> {
  const form = await prepareForm(options);
  const { values, problems } = validateValues(form.fields, options.raw, { showSensitive: options.showSensitive, today: options.today, source: {} });
  throwProblems(problems);
  const layout = layoutDocument({ document: form.document, fonts: form.fonts, paper: options.paper, pairs: options.pairs, values, shapes: form.kept.shapes });
  const path = join(options.outDir, `${options.fileName}.pdf`);
  const writeOptions = { mode: 0o600, overwrite: options.force };
  const [file] = await writePdfs([{ path, layout, metadata: form.document.metadata, fonts: form.fonts, date: form.date, pdfa: options.pdfa, subsetCache: form.kept.subsets }], writeOptions);
  const previews = options.preview ? await writePreviews([file!], writeOptions) : [];
  await keepFormShapes(form, options.cacheDir);
  return { name: form.name, path, pages: layout.pages.length, bytes: file!.bytes.length, warnings: layout.warnings, previews: previews[0] ?? [] };
}
