/**
 * The library both front doors use, the command line and the web page: a guide in, PDF bytes
 * and warnings out. Bad input throws the stage errors the command line prints (`GuideError`,
 * `TemplateError`, `ValueError`, … or a `ProblemList` of several); nothing is written to disk
 * unless `cacheDir` names a folder to keep what a run made for the next.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValueError, Warning } from './diagnostics.js';
import type { Guide, GuideSource } from './guide/index.js';
import type { PairLayout, PaperName } from './layout/index.js';
import * as pipeline from './pipeline.js';
import type * as batch from './batch/index.js';
import * as messages from './messages/index.js';
import type { CsvEncoding, CsvSource, RawValues } from './values/index.js';

const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The guide and templates this package ships: the Smart SIM cancellation guide. */
export const SHIPPED = {
  guide: join(PACKAGE_ROOT, 'guides', 'smart-sim-cancellation.yaml'),
  templates: join(PACKAGE_ROOT, 'templates'),
  form: 'store-visit-form',
} as const;

export interface DocumentOptions {
  /** A guide YAML file's path, or a guide's data (as the YAML would hold it); the shipped guide when absent. */
  guide?: GuideSource;
  /** The folder of `*.hbs` document templates; the shipped templates when absent. */
  templates?: string;
  paper?: PaperName;
  /** `stacked`: each text with its translation beneath; `parallel`: the two languages side by side. */
  layout?: PairLayout;
  /** A single-language edition in this language of the guide (tag or key); both when absent. */
  lang?: string;
  /** Write PDF/A-2b, for archiving. */
  pdfa?: boolean;
  /** The PDFs' date, in seconds since 1970 (as SOURCE_DATE_EPOCH); the guide's content date when absent. */
  sourceDateEpoch?: string | number;
  /** A folder where what a build made is kept for the next, such as `~/.cache/handouts`; memory only when absent. */
  cacheDir?: string;
}

export interface BuildOptions extends DocumentOptions {
  /** Only these documents, by template name (`handout`); all when absent. */
  only?: readonly string[];
}

export interface FormOptions extends DocumentOptions {
  /** A person's answers by field id; a checkboxes field takes a list or comma-separated option ids. */
  values: RawValues;
  /** The form's template name; `store-visit-form` when absent. */
  template?: string;
  /** Print sensitive fields (the ID number) in full instead of masked. */
  showIdNumber?: boolean;
  /** Today's date, YYYY-MM-DD, for a date given as `today`; the local date when absent. */
  today?: string;
}

/** A finished PDF in memory: its name, file name, bytes, pages and warnings. */
export type Pdf = pipeline.RenderedDocument;

export interface CheckedDocument {
  name: string;
  pages: number;
  warnings: Warning[];
}

/** Every document of the guide (the fillable form too), as PDF bytes. */
export function buildDocuments(options: BuildOptions = {}): Promise<Pdf[]> {
  return pipeline.renderDocuments({ ...sourceOptions(options), only: options.only, pdfa: options.pdfa });
}

/** Everything a build checks (the guide, the templates, the markup, every character, each page fit), drawing nothing. */
export async function checkGuide(options: DocumentOptions = {}): Promise<CheckedDocument[]> {
  const checked = await pipeline.checkDocuments(sourceOptions(options));
  return checked.map(({ name, layout }) => ({ name, pages: layout.pages.length, warnings: layout.warnings }));
}

export interface PreviewOptions extends FormOptions {
  /** Pixels per inch of the image; 96 when absent. */
  dpi?: number;
}

/**
 * The first page of a form as a person is still filling it in, as a PNG image: what is valid so
 * far is printed, and the problems with the rest (missing required fields too) are returned
 * beside it rather than thrown.
 */
export async function previewForm(options: PreviewOptions): Promise<{ png: Uint8Array; problems: ValueError[]; warnings: Warning[] }> {
  const { document, problems } = await pipeline.renderFormDraft(formOptions(options));
  const { renderPreviews } = await import('./preview/index.js');
  const [png] = await renderPreviews(document.bytes, { dpi: options.dpi ?? 96, pages: 1 });
  return { png: png!, problems, warnings: document.warnings };
}

/**
 * The web page's own words that a guide's language has neither in a catalog nor in the guide's
 * `ui:` section, one warning a language: the page says those in English.
 */
export async function missingPageWords(options: Pick<DocumentOptions, 'guide' | 'cacheDir'> = {}): Promise<Warning[]> {
  const guide = await readGuide(options);
  return (['primary', 'secondary'] as const).flatMap((role) => {
    const { tag, key } = guide.languages[role];
    const own = Object.fromEntries(Object.entries(guide.ui).flatMap(([id, texts]) => (texts?.[role] === undefined ? [] : [[id, texts[role]]])));
    const missing = messages.missingMessages(tag, own);
    if (!missing.length) return [];
    const message = `the web page has no words in ${tag} for ${missing.length} of its ${messages.MESSAGE_IDS.length} messages, and says them in English: ${missing.join(', ')}`;
    return [{ message, position: { file: guide.file, path: 'ui' }, hint: `write them under ui: in the guide, as ${missing[0]}: { ${key}: ... }` }];
  });
}

/** The guide, validated (every character against the fonts too), as the templates see it. */
export async function readGuide(options: Pick<DocumentOptions, 'guide' | 'lang' | 'cacheDir'> = {}): Promise<Guide> {
  return pipeline.readGuide({ guide: options.guide ?? SHIPPED.guide, lang: options.lang, cacheDir: options.cacheDir });
}

/** One person's prefilled form; invalid answers throw a `ValueError` (or a `ProblemList` of them) naming each field. */
export function renderForm(options: FormOptions): Promise<Pdf> {
  return pipeline.renderForm(formOptions(options));
}

function formOptions(options: FormOptions): pipeline.FormOptions {
  return { ...sourceOptions(options), template: options.template ?? SHIPPED.form, raw: options.values, pdfa: options.pdfa, showSensitive: options.showIdNumber ?? false, today: options.today ?? localDate(new Date()) };
}

export interface BatchOptions
  extends DocumentOptions,
    Pick<FormOptions, 'template' | 'showIdNumber' | 'today'>,
    Pick<batch.BatchOptions, 'mostRows' | 'onChecked' | 'onProgress'> {
  /** A CSV file's path, or its bytes with a name for messages: a header row of field ids, then one person a row. */
  csv: CsvSource;
  /** The file's encoding, when it is not to be told from its bytes; a file whose bytes are surely in another is refused. */
  encoding?: CsvEncoding;
  /** Values for every row that leaves that column empty, such as `{ date: 'today' }`. */
  defaults?: RawValues;
  /** Draw the good rows and report the bad ones; otherwise a bad row throws before any form is drawn. */
  skipInvalid?: boolean;
  /** One PDF of every form, rather than a PDF a row. */
  combine?: boolean;
}

/**
 * A prefilled form per CSV row, in memory: one combined PDF, or a zip of a PDF a row. Every bad
 * row is reported (row and field, never its value) as `problems`, or thrown unless skipInvalid.
 */
export function renderFormBatch(options: BatchOptions): Promise<batch.BatchInMemory> {
  return pipeline.renderFormBatch({ ...batchOptions(options), combine: options.combine ?? false });
}

/**
 * The same batch into a folder, for files of any length: each form is drawn as its row is checked,
 * written 0600, and put in place once every row is, so that a bad row or Ctrl-C leaves none.
 */
export function writeFormBatch(options: BatchOptions & Pick<batch.BatchFileOptions, 'csv' | 'outDir' | 'force' | 'fileName' | 'shouldStop'>): Promise<batch.BatchFileResult> {
  return pipeline.writeFormBatch({ ...batchOptions(options), csv: options.csv, outDir: options.outDir, force: options.force, fileName: options.fileName, combine: options.combine ?? false, shouldStop: options.shouldStop });
}

function batchOptions(options: BatchOptions): pipeline.FormSource & batch.BatchOptions {
  const { csv, encoding, defaults = {}, skipInvalid = false, mostRows, template = SHIPPED.form, showIdNumber = false, today = localDate(new Date()), onChecked, onProgress, pdfa } = options;
  return { ...sourceOptions(options), template, csv, encoding, defaults, skipInvalid, mostRows, showSensitive: showIdNumber, today, onChecked, onProgress, pdfa };
}

/** The form's fields, for a program that asks a person for their answers. */
export async function formFields(options: Pick<DocumentOptions, 'guide' | 'cacheDir'> = {}) {
  return pipeline.loadFormFields({ guide: options.guide ?? SHIPPED.guide, cacheDir: options.cacheDir });
}

function sourceOptions(options: DocumentOptions): pipeline.SourceOptions {
  return {
    guide: options.guide ?? SHIPPED.guide,
    templatesDir: options.templates ?? SHIPPED.templates,
    paper: options.paper ?? 'a4',
    pairs: options.layout ?? 'stacked',
    lang: options.lang,
    sourceDateEpoch: options.sourceDateEpoch === undefined ? undefined : String(options.sourceDateEpoch),
    cacheDir: options.cacheDir,
  };
}

/** YYYY-MM-DD in the machine's time zone, as a person would write today's date. */
export function localDate(now: Date): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

export { GuideError, HandoutsError, LayoutError, MarkupError, OutputError, ProblemList, TemplateError, UsageError, ValueError, FontError, formatWarning, type Warning, type SourcePosition } from './diagnostics.js';
export type { FormField, FieldOption, FieldType, Guide, GuideSource } from './guide/index.js';
export type { PairLayout, PaperName } from './layout/index.js';
export type { CsvEncoding, CsvSource, RawValues } from './values/index.js';
export { CSV_ENCODINGS } from './values/index.js';
export type { BatchInMemory, BatchFileResult } from './batch/index.js';
export { PAIR_LAYOUTS, PAPER_NAMES } from './layout/index.js';
