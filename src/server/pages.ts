import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import type { Guide } from '../guide/index.js';
import type { PageWords, TwoTexts } from './words.js';

/** The page templates of templates/web, compiled once as the server starts. */
export type Pages = Record<'index' | 'form' | 'batch' | 'job' | 'error', (view: PageView) => string>;

export interface PageView {
  page: { lang: string; title: string; home: TwoTexts; scripts: readonly string[]; refresh: boolean };
  [key: string]: unknown;
}

/**
 * Compiles the pages in strict mode with the built-in helpers only: every `{{value}}` is
 * escaped, so a guide text or a person's answer can never add markup to a page.
 */
export function compilePages(webDir: string, ui: PageWords['ui']): Pages {
  const handlebars = Handlebars.create();
  const options = { strict: true, knownHelpersOnly: true };
  const partials = join(webDir, 'partials');
  for (const file of readdirSync(partials).filter((entry) => entry.endsWith('.hbs'))) {
    handlebars.registerPartial(basename(file, '.hbs'), handlebars.compile(readFileSync(join(partials, file), 'utf8'), options));
  }
  const page = (name: keyof Pages) => {
    const template = handlebars.compile(readFileSync(join(webDir, `${name}.hbs`), 'utf8'), options);
    return (view: PageView) => template({ ui, ...view }, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  };
  return { index: page('index'), form: page('form'), batch: page('batch'), job: page('job'), error: page('error') };
}

/** What every page shows around its content. */
export function pageFrame(guide: Guide, words: PageWords, { title, scripts = [], refresh = false }: { title: string; scripts?: readonly string[]; refresh?: boolean }): PageView['page'] {
  return { lang: guide.languages.primary.tag, title, home: words.texts(guide.title), scripts, refresh };
}
