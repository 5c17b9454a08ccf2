import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Argv } from 'yargs';
import { cacheFolder } from '../cache-folder.js';
import { formatWarning, HandoutsError, type Warning } from '../diagnostics.js';
import { PAIR_LAYOUTS, PAPER_NAMES, type PairLayout, type PaperName } from '../layout/index.js';
import { SHIPPED, type DocumentOptions, type Pdf } from '../index.js';
import { writeFilesAtomically, type OutputFile, type WriteOptions } from '../write-files.js';

const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export const DEFAULTS = { guide: SHIPPED.guide, templates: SHIPPED.templates, out: 'output' };

export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** Today's local date, YYYY-MM-DD. */
  today: () => string;
  /** A progress bar is drawn only where a person watches standard error. */
  stderrIsTTY: boolean;
  /** Writes to standard error without a line end, for a progress bar redrawn in place. */
  stderrWrite: (text: string) => void;
  /** Calls the handler on Ctrl-C (or SIGTERM) instead of exiting at once; returns a function that stops listening. */
  onInterrupt: (handler: () => void) => () => void;
}

export const COMMON_OPTIONS = ['guide', 'templates', 'out', 'paper', 'layout', 'lang', 'pdfa', 'preview', 'debug', 'help', 'version'];

/** The options every command that builds documents takes. */
export function withSourceOptions<T>(command: Argv<T>) {
  return command
    .option('guide', { type: 'string', default: DEFAULTS.guide, defaultDescription: 'guides/smart-sim-cancellation.yaml', describe: 'Guide YAML file' })
    .option('templates', { type: 'string', default: DEFAULTS.templates, defaultDescription: 'templates/', describe: 'Folder of .hbs document templates' })
    .option('out', { type: 'string', default: DEFAULTS.out, describe: 'Folder the PDFs are written to' })
    .option('paper', { choices: PAPER_NAMES, default: 'a4' as PaperName, describe: 'Paper size: A4, US Letter, or Folio (8.5 × 13 in)' })
    .option('layout', { choices: PAIR_LAYOUTS, default: 'stacked' as PairLayout, describe: 'Each text with its translation beneath, or the two languages in columns side by side' })
    .option('lang', { type: 'string', describe: 'A single-language edition in one of the guide’s languages, by its tag or key (zh-Hans or en in the shipped guide)', defaultDescription: 'both' });
}

/** The options of commands that write PDFs. */
export function withOutputOptions<T>(command: Argv<T>) {
  return command
    .option('pdfa', { type: 'boolean', default: false, describe: 'Write PDF/A-2b, for archiving' })
    .option('preview', { type: 'boolean', default: false, describe: 'Also write a PNG image of every page, next to each PDF' });
}

/** The source options as parsed, and the output options where the command has them. */
type SourceArgs = Awaited<ReturnType<typeof withSourceOptions<object>>['argv']> & { pdfa?: boolean };

/** The library's options from the parsed source options and the environment. */
export function documentOptions(args: SourceArgs, io: CliIo): DocumentOptions {
  const { guide, templates, paper, layout, lang, pdfa = false } = args;
  return { guide, templates, paper, layout, lang, pdfa, sourceDateEpoch: io.env.SOURCE_DATE_EPOCH, cacheDir: cacheFolder(io.env) };
}

/** A document as written: where, and the images of its pages when asked for. */
export interface WrittenDocument {
  document: Pdf;
  path: string;
  previews: readonly string[];
}

export interface WriteChoices {
  outDir: string;
  preview: boolean;
  /** Prefilled forms hold personal data: 0600, and an existing file is kept unless forced. */
  personal?: { force: boolean };
}

/**
 * Writes the documents into the folder, each replacing its earlier version only once complete,
 * with the images of their pages beside them when asked for. The images are drawn before anything
 * is written, and a failed write takes back the files it added: a failed run leaves nothing behind.
 * The fillable form looks just like the printed one: one set of images serves both.
 */
export async function writeAll(documents: readonly Pdf[], { outDir, preview, personal }: WriteChoices): Promise<WrittenDocument[]> {
  const options = personal ? { mode: 0o600, overwrite: personal.force } : { mode: 0o644, overwrite: true };
  const files = documents.map((document) => ({ document, path: join(outDir, document.fileName) }));
  const previewed = preview ? files.filter(({ document }) => !document.fillable) : [];
  const images = previewed.length ? await previewFiles(previewed.map(({ path, document }) => ({ path, bytes: document.bytes }))) : [];
  await writeAllOrNothing([...files.map(({ path, document }) => ({ path, bytes: document.bytes })), ...images.flat()], options);
  return files.map((file) => ({ ...file, previews: images[previewed.indexOf(file)]?.map((image) => image.path) ?? [] }));
}

/** Writes every file or, when one fails, removes those this write added, and fails. */
async function writeAllOrNothing(files: readonly OutputFile[], options: WriteOptions): Promise<void> {
  const added = files.filter(({ path }) => !existsSync(path));
  try {
    await writeFilesAtomically(files, options);
  } catch (error) {
    for (const { path } of added) removeIfAny(path);
    throw error;
  }
}

/** A path that cannot even be removed (its folder is a file) was never written. */
function removeIfAny(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing of this write is there.
  }
}

/** The rasteriser is large, so loaded only when asked for. */
async function previewFiles(...args: Parameters<typeof import('../preview/index.js').previewFiles>): Promise<OutputFile[][]> {
  return (await import('../preview/index.js')).previewFiles(...args);
}

export function describeWritten({ document, path, previews }: WrittenDocument): string {
  const pages = `${document.pages} ${document.pages === 1 ? 'page' : 'pages'}`;
  const images = previews.length ? `; page images ${previews.map(displayPath).join(', ')}` : '';
  return `wrote ${displayPath(path)} (${pages}, ${Math.round(document.bytes.length / 1024)} KB)${images}`;
}

function displayPath(path: string): string {
  return relative(process.cwd(), path) || path;
}

/** Warnings come after everything else a command printed, one line each, each once: the printed and fillable forms warn alike. */
export function printWarnings(warnings: readonly Warning[], io: CliIo): void {
  for (const line of new Set(warnings.map(formatWarning))) io.stderr(`handouts: ${line}`);
}

/** Waits for Ctrl-C (or SIGTERM), listening for it only until then. */
export function untilInterrupted(io: CliIo): Promise<void> {
  return new Promise((resolve) => {
    const stopListening = io.onInterrupt(() => {
      stopListening();
      resolve();
    });
  });
}

/** Prints an error the way every command does and returns its exit code: one line per problem, a stack only with --debug. */
export function reportError(error: unknown, io: CliIo, debug: boolean): number {
  if (error instanceof HandoutsError) {
    for (const line of error.format().split('\n')) io.stderr(`handouts: ${line}`);
    if (debug) io.stderr(String(error.stack));
    return error.exitCode;
  }
  // An unexpected error's own message could quote a form value, so it is shown only on request.
  io.stderr('handouts: internal error (a bug; run again with --debug for details, and report it)');
  if (debug) io.stderr(error instanceof Error ? String(error.stack) : String(error));
  return 4;
}
