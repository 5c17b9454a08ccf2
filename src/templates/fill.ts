import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import Handlebars from 'handlebars';
import { collectProblems, TemplateError } from '../diagnostics.js';
import type { Guide } from '../guide/index.js';
import { DEFINED_HELPER, definedHelper, describeHandlebarsError, parseAnnotated } from './annotate.js';

export interface FilledTemplate {
  /** Document name, from the template's file name: `handout` for `handout.hbs`. */
  name: string;
  /** Template path as shown in messages. */
  file: string;
  /** XML markup, with `<?src file:line:column?>` before each tag. */
  markup: string;
}

export type FillTemplatesOptions = {
  guide: Guide;
  /** Only these documents; all templates when absent. */
  only?: readonly string[];
  /** Compiles each template and partial: compileTemplate, or what it gave for the same template before. */
  compile?: (template: TemplateSource) => string | Promise<string>;
} & ({ templatesDir: string } | { folder: TemplateFolder });

/** What a template or partial is compiled from: its text, and the partials it may call. */
export interface TemplateSource {
  source: string;
  file: string;
  partials: readonly string[];
}

export const PARTIALS_DIR = 'partials';

/** A templates folder as read: each document template, then every partial of its partials/ folder. */
export interface TemplateFolder {
  /** In name order; a template that cannot be read carries the problem, told when it is filled. */
  templates: ({ name: string; file: string; source: string } | { name: string; file: string; unreadable: TemplateError })[];
  partials: PartialTemplate[];
}

/** Fills every document template in the folder with the guide's data, in strict mode. */
export async function fillTemplates(options: FillTemplatesOptions): Promise<FilledTemplate[]> {
  const { guide, only, compile = compileTemplate } = options;
  const { templates, partials } = 'folder' in options ? options.folder : readTemplateFolder(options.templatesDir);
  const context = withoutPrototypes(templateData(guide)) as object;
  const compiled = await compilerWith(partials, compile);
  return collectProblems(
    templates.filter(({ name }) => !only || only.includes(name)),
    async (template) => {
      if ('unreadable' in template) throw template.unreadable;
      const { name, file } = template;
      return { name, file, markup: run(await compiled(template), context, file) };
    },
  );
}

/**
 * The template's Handlebars code (Handlebars.precompile), in strict mode, every tag marked with
 * its template line: compiling the three templates and their partials took some 20 ms of a build,
 * the code they compile to some 1 ms to load.
 */
export function compileTemplate({ source, file, partials }: TemplateSource): string {
  const annotated = parseAnnotated(source, file, partials);
  try {
    return Handlebars.precompile(annotated, { strict: true, knownHelpersOnly: true, knownHelpers: { [DEFINED_HELPER]: true } }) as unknown as string;
  } catch (cause) {
    throw describeHandlebarsError(cause, file);
  }
}

/**
 * A template's compiled code as a template of this Handlebars: the specification it stands for,
 * as Handlebars' own compile makes it from the same code.
 */
async function compiledIn(handlebars: typeof Handlebars, code: string | Promise<string>): Promise<Handlebars.TemplateDelegate> {
  return handlebars.template(new Function(`return ${await code};`)() as TemplateSpecification);
}

/** The document names of a templates folder: one per `.hbs` file outside partials/. */
export function listTemplates(templatesDir: string): string[] {
  const entries = readEntries(templatesDir);
  return entries.filter((entry) => entry.endsWith('.hbs')).map((entry) => basename(entry, '.hbs')).sort();
}

/** Every template and partial of the folder, read once: what they are filled from is what the caller saw. */
export function readTemplateFolder(templatesDir: string): TemplateFolder {
  const templates = listTemplates(templatesDir).map((name) => {
    const file = displayPath(join(templatesDir, `${name}.hbs`));
    try {
      return { name, file, source: readTemplate(file) };
    } catch (unreadable) {
      return { name, file, unreadable: unreadable as TemplateError };
    }
  });
  return { templates, partials: readPartials(templatesDir) };
}

interface PartialTemplate {
  name: string;
  file: string;
  source: string;
}

/** Every partial of templates/partials/, in name order. */
function readPartials(templatesDir: string): PartialTemplate[] {
  const dir = join(templatesDir, PARTIALS_DIR);
  const entries = readEntries(dir, { optional: true }).filter((entry) => entry.endsWith('.hbs')).sort();
  return entries.map((entry) => {
    const file = displayPath(join(dir, entry));
    return { name: basename(entry, '.hbs'), file, source: readTemplate(file) };
  });
}

/** What compiles a template in a Handlebars of its own, the partials compiled and registered in it first. */
async function compilerWith(partials: readonly PartialTemplate[], compile: NonNullable<FillTemplatesOptions['compile']>): Promise<(template: Omit<TemplateSource, 'partials'>) => Promise<Handlebars.TemplateDelegate>> {
  const handlebars = Handlebars.create();
  handlebars.registerHelper(DEFINED_HELPER, definedHelper);
  const names = partials.map(({ name }) => name);
  const compiled = ({ source, file }: Omit<TemplateSource, 'partials'>) => compiledIn(handlebars, compile({ source, file, partials: names }));
  for (const partial of partials) handlebars.registerPartial(partial.name, await compiled(partial));
  return compiled;
}

function run(template: Handlebars.TemplateDelegate, context: object, file: string): string {
  try {
    // Guide data is plain objects: nothing on a prototype is ever needed.
    return template(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  } catch (cause) {
    throw describeHandlebarsError(cause, file);
  }
}

/**
 * What templates see: the typed guide, with optional parts present so strict mode can test them,
 * as objects without a prototype, so `{{title.constructor}}` is an unknown name in strict mode.
 */
function templateData(guide: Guide): object {
  const { file: _file, ...data } = guide;
  return { ...data, subtitle: guide.subtitle ?? null };
}

// Handlebars names the object in its strict-mode message, so it must still turn into a string.
const DATA_PROTOTYPE = Object.freeze(Object.assign(Object.create(null) as object, { toString: () => 'the guide data' }));

function withoutPrototypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPrototypes);
  if (value === null || typeof value !== 'object') return value;
  return Object.assign(Object.create(DATA_PROTOTYPE) as object, Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, withoutPrototypes(entry)])));
}

// Read at once: templates are small, and each asynchronous read waited its turn on libuv's threads.
function readTemplate(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new TemplateError('template cannot be read', { file, cause });
  }
}

function readEntries(dir: string, { optional = false } = {}): string[] {
  try {
    return readdirSync(dir);
  } catch (cause) {
    if (optional && (cause as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new TemplateError('templates folder cannot be read', { file: displayPath(dir), cause, hint: 'pass the folder with --templates' });
  }
}

/** Paths in messages are relative to where the user stands, when that is shorter. */
function displayPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere.startsWith('..') ? path : fromHere;
}
