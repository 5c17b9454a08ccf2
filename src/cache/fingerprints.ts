import { codeFingerprint, packageJson, sourceFiles, sourceFolder } from './kept.js';

/** The code each kind of kept data follows from, besides its key and the fonts. */
const MADE_BY = {
  // A validated guide follows from its YAML, the parsers, the schema and the code the schema calls
  // (the font families a guide may name, and which languages are written without spaces).
  guides: () => [[packageJson('js-yaml')], [packageJson('yaml')], [packageJson('zod')], ...sourceFiles('../guide/load', '../guide/folds', '../guide/schema', '../guide/text', '../dates', '../fonts/families')],
  // Markup follows from its template, the partials and the guide, all in its key, and from
  // Handlebars and the code that fills the templates.
  markups: () => [[packageJson('handlebars')], ...sourceFiles('../templates/fill', '../templates/annotate')],
  // A document follows from its markup, in its key, from the XML parser and from the code that
  // builds the block tree.
  documents: () => [[packageJson('saxes')], ...sourceFiles('../document/parse', '../document/build')],
  // A layout follows from its document, paper and fonts, in its key, and from all of the layout's
  // code, the code that loads the fonts and tells what they can draw, the shaper and the line
  // breaker with its phrase models, and the code its warnings are made with.
  layouts: () => [[packageJson('fontkit')], [packageJson('linebreak')], [packageJson('budoux')], ...sourceFolder('../layout'), ...sourceFiles('../fonts/index', '../fonts/families', '../diagnostics')],
  // Shapes follow from the fonts, the layout's shaping code and the code that stores them; lines
  // from the line breaking too: where a language may break, with BudouX's models, and how full a line must be.
  shapes: () => [[packageJson('budoux')], ...sourceFiles('../layout/measure', '../layout/lines', '../layout/breaks', '../layout/style', './shapes')],
  // pdfkit's word shapes follow from the fonts, pdfkit itself, and the code that stores them.
  words: () => [[packageJson('pdfkit')], ...sourceFiles('../pdf/word-shapes')],
  // Encoded subsets follow from fontkit's encoder and the subroutines it keeps (and zlib, added
  // where they are kept, since it comes with the Node that runs); the form fields' whole font
  // from the code that embeds it.
  subsets: () => [[packageJson('fontkit')], ...sourceFiles('../pdf/subroutines', '../pdf/field-font', '../pdf/field-font-cache')],
  // A drawn document follows from its layout and options, in its key, from the fonts, and from
  // all of the PDF writer: pdfkit, fontkit, every file of src/pdf and the code that loads the
  // fonts (and zlib, as for subsets).
  pdfs: () => [[packageJson('pdfkit')], [packageJson('fontkit')], ...sourceFolder('../pdf'), ...sourceFiles('../fonts/index', '../fonts/families')],
} satisfies Record<string, () => URL[][]>;

export type MadeBy = keyof typeof MADE_BY;

// Reading the files and finding the packages above took ~10 ms of every start, so
// scripts/bundle.mjs takes the fingerprints from dist/ as it bundles it, and writes them in.
declare const BUNDLED_CODE_FINGERPRINTS: string | undefined;

const taken: Partial<Record<MadeBy, string>> = typeof BUNDLED_CODE_FINGERPRINTS === 'undefined' ? {} : (JSON.parse(BUNDLED_CODE_FINGERPRINTS) as Record<MadeBy, string>);

/** The fingerprint of the code that makes this kind of kept data. */
export function fingerprintOf(kind: MadeBy): string {
  return (taken[kind] ??= codeFingerprint(MADE_BY[kind]()));
}

/** Every kind's fingerprint, as the code is now. */
export function takeCodeFingerprints(): Record<MadeBy, string> {
  return Object.fromEntries(Object.keys(MADE_BY).map((kind) => [kind, codeFingerprint(MADE_BY[kind as MadeBy]())])) as Record<MadeBy, string>;
}
