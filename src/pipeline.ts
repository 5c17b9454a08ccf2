import { join } from 'node:path';
import { collectProblems, HandoutsError, throwProblems, UsageError, ValueError, type Warning } from './diagnostics.js';
import { guideSpeakers, type Speaker } from './messages/index.js';
import { documentDate } from './dates.js';
import { parseMarkup, type DocumentTree } from './document/index.js';
import { canDraw, chainFor, cutFieldFont, fieldCharacters, findFonts, fontsKey, loadFonts, uncommonCharacters, withPreferredFaces, type FontChain, type FontSet } from './fonts/index.js';
import { loadGuide, parseGuide, readGuideFile, selectLanguage, type FormField, type Guide, type GuideSource, type Printable } from './guide/index.js';
import { planLayout, prefillDocument, type LaidOutDocument, type PairLayout, type PaperName } from './layout/index.js';
import { digest } from './checked-files.js';
import { createMemo, type Memo } from './memo.js';
import * as batch from './batch/index.js';
import { prepareFieldFont, renderPdf, type PreparedFieldFont, type RenderOptions } from './pdf/index.js';
import { compileTemplate, fillTemplates, listTemplates, readTemplateFolder, type TemplateFolder, type TemplateSource } from './templates/index.js';
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
export type CheckedDocument = RenderOptions & { name: string; fileName: string; laidOutFrom: LayoutInputs };

/** What a blank layout follows from, which the memo knows it by. */
interface LayoutInputs {
  document: DocumentTree;
  fonts: string;
  paper: PaperName;
  pairs: PairLayout;
}

/**
 * guide → templates → markup → layout → PDF bytes, each stage's result kept by the memo between
 * the stages; the fillable form types with its fonts' CJK face cut to the common characters. The
 * documents themselves are kept by what they are made from, as read: a rebuild with nothing
 * changed reads them back and fills no template.
 */
export async function renderDocuments(options: BuildOptions): Promise<RenderedDocument[]> {
  const memo = memoFor(options.cacheDir);
  const source = readSource(options);
  const inputs = { options, guide: source.text, templates: source.folder, fonts: fontsId(findFonts()) };
  return memo('documents', inputs, () => drawDocuments(options, source, memo));
}

async function drawDocuments(options: BuildOptions, source: Source, memo: Memo): Promise<RenderedDocument[]> {
  const checked = await checkSource(options, source, memo);
  // Never PDF/A: its empty fields are drawn by the viewer, which PDF/A forbids.
  const fillable = checked.filter((job) => hasFields(job.layout)).map(async (job) => ({ ...job, name: `${job.name}-fillable`, fileName: job.fileName.replace(/\.pdf$/, '-fillable.pdf'), pdfa: false, fieldFont: await fieldFont(job, memo) }));
  // The printed documents are drawn while a field font is deflated aside.
  const jobs = await Promise.all([...checked, ...fillable].map(async (pending) => {
    const job = await pending;
    return { job, bytes: await memo('pdf', pdfInputs(job), () => renderPdf(job)) };
  }));
  return jobs.map(({ job, bytes }) => ({ name: job.name, fileName: job.fileName, fillable: job.fieldFont !== undefined, bytes, pages: job.layout.pages.length, warnings: job.layout.warnings }));
}

/** Everything a drawn document follows from, for the memo: never a person's form. */
function pdfInputs({ laidOutFrom, date, pdfa = false, fieldFont }: CheckedDocument): unknown {
  // The layout follows from what it was laid out from, which is far shorter to key by.
  return { laidOutFrom, date: date.toISOString(), pdfa, fieldFont: fieldFont?.name };
}

/** The first CJK face of the document's chain, cut to its language's common characters and every character the document prints. */
function fieldFont({ fonts, metadata, layout }: CheckedDocument, memo: Memo): Promise<PreparedFieldFont> {
  const faces = chainFor(fonts, metadata.lang, [metadata.lang, metadata.secondaryLang]).regular;
  const face = faces.find((candidate) => candidate.cff) ?? faces[0]!;
  const printed = layout.pages.flatMap((page) => page.items.flatMap((item) => (item.kind === 'text' ? [item.text] : []))).join('');
  const langs = [metadata.lang, metadata.secondaryLang];
  // Kept by what its characters follow from, rather than by the 8,000 of them.
  const uncommon = uncommonCharacters(langs, printed);
  return memo('field font', { face: [face.name, face.tables], langs, uncommon }, async () => prepareFieldFont(await cutFieldFont(face, fieldCharacters(langs, [uncommon]))));
}

/**
 * Everything short of drawing: the guide, every template, its markup and its layout. The
 * problems of all documents are reported together.
 */
export async function checkDocuments(options: BuildOptions): Promise<CheckedDocument[]> {
  return checkSource(options, readSource(options), memoFor(options.cacheDir));
}

async function checkSource(options: BuildOptions, source: Source, memo: Memo): Promise<CheckedDocument[]> {
  const { guide, fonts } = await loadSource(options, source.text, memo);
  const date = documentDate(guide.contentDate, options.sourceDateEpoch);
  const suffix = options.lang ? `-${guide.languages.primary.tag}` : '';
  const names = source.folder.templates.map(({ name }) => name).filter((name) => !options.only || options.only.includes(name));
  // One template at a time, so that a broken one does not hide the problems of the others.
  return collectProblems(names, async (name) => {
    const [template] = await fillTemplates({ guide, folder: source.folder, only: [name], compile: keptTemplates(memo) });
    const document = parseMarkup(template!);
    const laidOutFrom = layoutInputs(document, fonts, options);
    const layout = await layOut(laidOutFrom, fonts, memo);
    return { name, fileName: `${name}${suffix}.pdf`, layout, laidOutFrom, metadata: document.metadata, fonts, date, pdfa: options.pdfa, keepFontFiles: keptFontFiles(memo) };
  });
}

function layoutInputs(document: DocumentTree, fonts: FontSet, { paper, pairs }: Pick<SourceOptions, 'paper' | 'pairs'>): LayoutInputs {
  return { document, fonts: fontsId(fonts), paper, pairs };
}

/** Kept whole, and each block on its own too: an edit lays out again only the blocks it changed. */
function layOut(inputs: LayoutInputs, fonts: FontSet, memo: Memo): Promise<LaidOutDocument> {
  const { document, paper, pairs } = inputs;
  return memo('layout', inputs, async () => {
    const plan = planLayout({ document, fonts, paper, pairs });
    const slices = await Promise.all(plan.blocks.map((block) => memo('block', { inputs: block.inputs, fonts: inputs.fonts }, block.layOut)));
    return plan.paginate(slices);
  });
}

/** The fonts as the memo knows them: a digest of their faces' table directories, short to repeat in every block's key. */
function fontsId(fonts: FontSet): string {
  return digest(JSON.stringify(fontsKey(fonts)));
}

/** Each template and partial compiled, kept by its text: a guide edit fills them again, but compiles nothing. */
function keptTemplates(memo: Memo) {
  return (template: TemplateSource) => memo('template', template, () => compileTemplate(template));
}

/** Each face cut to a document's glyphs, kept: the same glyphs, the same font file, whichever document drew them. */
function keptFontFiles(memo: Memo) {
  return (inputs: unknown, make: () => Uint8Array) => memo('font file', inputs, make);
}

const memos = new Map<string | undefined, Memo>();

/** One memo a cache folder, a process long, so a watch session or a server finds what it made. */
function memoFor(cacheDir: string | undefined): Memo {
  const known = memos.get(cacheDir) ?? createMemo({ folder: cacheDir && join(cacheDir, 'memo') });
  memos.set(cacheDir, known);
  return known;
}

/** What a build reads: the guide's text (unless the guide is given as data) and the templates folder. */
interface Source {
  text: string | undefined;
  folder: TemplateFolder;
}

function readSource(options: Pick<SourceOptions, 'guide' | 'templatesDir'>): Source {
  return { text: guideText(options.guide), folder: readTemplateFolder(options.templatesDir) };
}

/** The guide file's text; none for a guide given as data. */
function guideText(guide: GuideSource): string | undefined {
  return typeof guide === 'string' ? readGuideFile(guide) : undefined;
}

/** The fonts in the guide's order, and the guide checked against them in the edition asked for. */
async function loadSource(options: Pick<SourceOptions, 'guide' | 'lang'>, text: string | undefined, memo: Memo): Promise<{ guide: Guide; fonts: FontSet }> {
  const fonts = await loadFonts();
  // Asked in the order of the guide's own language, so a face is read only for a character the
  // ones before it lack; the chain is found once for the guide's few hundred distinct characters.
  const chains = new Map<string, FontChain>();
  const printable: Printable = (character, { primary, secondary }) => {
    const key = `${primary.tag} ${secondary.tag}`;
    const chain = chains.get(key) ?? chainFor(fonts, primary.tag, [primary.tag, secondary.tag]);
    chains.set(key, chain);
    return canDraw(chain, character);
  };
  const source = options.guide;
  const guide = await memo('guide', { source, text, fonts: fontsId(fonts) }, () => (typeof source === 'string' ? parseGuide(text!, source, { printable }) : loadGuide(source, { printable })));
  const edition = options.lang ? selectLanguage(guide, options.lang) : guide;
  return { guide: edition, fonts: withPreferredFaces(fonts, guide.fonts) };
}

/** The guide checked against the fonts, in the edition asked for. */
export async function readGuide(options: Pick<SourceOptions, 'guide' | 'lang' | 'cacheDir'>): Promise<Guide> {
  return (await loadSource(options, guideText(options.guide), memoFor(options.cacheDir))).guide;
}

/** The form's fields, which the form command's options are made of, read before any option is parsed. */
export async function loadFormFields(options: Pick<SourceOptions, 'guide' | 'cacheDir'>): Promise<readonly FormField[]> {
  return (await loadGuide(options.guide)).form.fields;
}

/** A document with lines or boxes that answer form fields also gets a version to fill in on screen. */
function hasFields(layout: LaidOutDocument): boolean {
  return layout.pages.some((page) => page.items.some((item) => item.kind === 'write-in' || (item.kind === 'checkbox' && item.answers !== undefined)));
}

export interface FormOptions extends SourceOptions {
  /** The template whose document is the form, such as `store-visit-form`. */
  template: string;
  raw: RawValues;
  showSensitive: boolean;
  today: string;
  pdfa?: boolean;
}

/** The blank form, laid out, that a person's values are printed into, with what is needed to draw it. */
export type PreparedForm = batch.BatchForm;

export async function prepareForm(options: Pick<FormOptions, 'guide' | 'templatesDir' | 'template' | 'sourceDateEpoch' | 'lang' | 'cacheDir' | 'paper' | 'pairs'>): Promise<PreparedForm> {
  const memo = memoFor(options.cacheDir);
  const { guide, fonts } = await loadSource(options, guideText(options.guide), memo);
  if (!listTemplates(options.templatesDir).includes(options.template)) {
    throw new UsageError(`there is no template named "${options.template}"`, { path: '--template', hint: `add ${options.template}.hbs to the templates folder` });
  }
  const [template] = await fillTemplates({ guide, templatesDir: options.templatesDir, only: [options.template], compile: keptTemplates(memo) });
  const document = parseMarkup(template!);
  const date = documentDate(guide.contentDate, options.sourceDateEpoch);
  return { name: options.template, fields: guide.form.fields, document, fonts, date, pairs: options.pairs, blank: await layOut(layoutInputs(document, fonts, options), fonts, memo), keepFontFiles: keptFontFiles(memo), speakers: guideSpeakers(guide) };
}

/** One person's prefilled form: their values validated, then printed into the laid-out form. */
export async function renderForm(options: FormOptions): Promise<RenderedDocument> {
  const form = await prepareForm(options);
  try {
    const { values, problems } = validateValues(form.fields, options.raw, { showSensitive: options.showSensitive, today: options.today, source: {} });
    throwProblems(problems);
    return await drawForm(form, { ...options, layout: prefillForm(form, values) });
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
      return { document: await drawForm(form, { ...options, layout: prefillForm(form, values) }), problems: problems.map((problem) => problem.toldIn(form.speakers) as ValueError) };
    } catch (error) {
      // A value that does not fit is left out of the draft, and said.
      const field = error instanceof ValueError ? error.position.path : undefined;
      if (field === undefined || !(field in values)) throw toldIn(error, form.speakers);
      problems.push(error as ValueError);
      values = Object.fromEntries(Object.entries(values).filter(([id]) => id !== field));
    }
  }
}

/** A person's values printed into the blank form; never kept. */
export function prefillForm(form: PreparedForm, values: FormValues): LaidOutDocument {
  return prefillDocument(form.blank, { document: form.document, fonts: form.fonts, pairs: form.pairs, values });
}

async function drawForm(form: PreparedForm, options: Pick<FormOptions, 'pdfa'> & { layout: LaidOutDocument }): Promise<RenderedDocument> {
  const { layout } = options;
  const bytes = await renderPdf({ layout, metadata: form.document.metadata, fonts: form.fonts, date: form.date, pdfa: options.pdfa, keepFontFiles: form.keepFontFiles });
  return { name: form.name, fileName: `${form.name}-filled.pdf`, fillable: false, bytes, pages: layout.pages.length, warnings: layout.warnings };
}

/** What a batch's form is made from. */
export type FormSource = Pick<FormOptions, 'guide' | 'templatesDir' | 'template' | 'sourceDateEpoch' | 'lang' | 'cacheDir' | 'paper' | 'pairs' | 'pdfa'>;

/** A prefilled form per CSV row, in memory: the blank form is prepared once, then each row printed into it. */
export async function renderFormBatch(options: FormSource & batch.BatchOptions & { combine: boolean }): Promise<batch.BatchInMemory> {
  return batch.renderFormBatch({ ...(await prepareForm(options)), pdfa: options.pdfa }, options);
}

/** The same batch streamed into a folder, each form written 0600 as it is drawn. */
export async function writeFormBatch(options: FormSource & batch.BatchFileOptions): Promise<batch.BatchFileResult> {
  return batch.writeFormBatch({ ...(await prepareForm(options)), pdfa: options.pdfa }, options);
}
