import { codeFingerprint, packageJson, sourceFiles } from './kept.js';

/** The code each kind of kept data follows from, besides its key and the fonts. */
const MADE_BY = {
  // A validated guide follows from its YAML, the parsers, the schema and the code the schema calls.
  guides: () => [[packageJson('js-yaml')], [packageJson('yaml')], [packageJson('zod')], ...sourceFiles('../guide/load', '../guide/schema', '../guide/text', '../dates')],
  // Markup follows from its template, the partials and the guide, all in its key, and from
  // Handlebars and the code that fills the templates.
  markups: () => [[packageJson('handlebars')], ...sourceFiles('../templates/fill', '../templates/annotate')],
  // A document follows from its markup, in its key, from the XML parser and from the code that
  // builds the block tree.
  documents: () => [[packageJson('saxes')], ...sourceFiles('../document/parse', '../document/build')],
  // Shapes follow from the fonts and from the layout's shaping code; lines from its line breaking too.
  shapes: () => sourceFiles('../layout/measure', '../layout/lines'),
  // pdfkit's word shapes follow from the fonts, pdfkit itself, and the code that stores them.
  words: () => [[packageJson('pdfkit')], ...sourceFiles('../pdf/word-shapes')],
  // Encoded subsets follow from fontkit's encoder and the subroutines it keeps (and zlib, added
  // where they are kept, since it comes with the Node that runs).
  subsets: () => [[packageJson('fontkit')], ...sourceFiles('../pdf/subroutines')],
} satisfies Record<string, () => URL[][]>;

export type MadeBy = keyof typeof MADE_BY;

// Reading the files and finding the packages above took ~10 ms of every start, so
// scripts/bundle.mjs writes the fingerprints, as its own code has them, into the bundle.
declare const BUNDLED_CODE_FINGERPRINTS: string | undefined;

const taken = new Map<MadeBy, string>(typeof BUNDLED_CODE_FINGERPRINTS === 'undefined' ? [] : Object.entries(JSON.parse(BUNDLED_CODE_FINGERPRINTS) as Record<MadeBy, string>) as [MadeBy, string][]);

/** The fingerprint of the code that makes this kind of kept data. */
export function fingerprintOf(kind: MadeBy): string {
  const fingerprint = taken.get(kind) ?? codeFingerprint(MADE_BY[kind]());
  taken.set(kind, fingerprint);
  return fingerprint;
}

/** Every kind's fingerprint, as the code is now. */
export function takeCodeFingerprints(): Record<MadeBy, string> {
  return Object.fromEntries(Object.keys(MADE_BY).map((kind) => [kind, codeFingerprint(MADE_BY[kind as MadeBy]())])) as Record<MadeBy, string>;
}
