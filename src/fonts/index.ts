import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import { FontError } from '../diagnostics.js';

export type FontRole = 'regular' | 'bold';

/** A parsed font face, shared by the layout (to measure) and the PDF writer (to embed), parsed once per process. */
export interface LoadedFont {
  /** Unique within a font set; the name the PDF writer registers the face under. */
  name: string;
  file: string;
  font: fontkit.Font;
}

/** For each weight, the faces to draw with in order of preference: each character takes the first face that has it. */
export type FontSet = Record<FontRole, readonly LoadedFont[]>;

const require = createRequire(import.meta.url);
// Each package exports only its JavaScript entry; the font files sit beside it in fonts/.
const fontsFolder = (packageName: string) => join(dirname(require.resolve(packageName)), '..', 'fonts');
const NOTO_SANS_HANS = fontsFolder('@embedpdf/fonts-sc');
const NOTO_SANS = fontsFolder('@embedpdf/fonts-latin');

// The CJK face first: its Latin letters are designed to sit with its Han characters. NotoSans
// supplies what it lacks, such as ₱ and Ş.
const FONT_FILES: Record<FontRole, readonly string[]> = {
  regular: [join(NOTO_SANS_HANS, 'NotoSansHans-Regular.otf'), join(NOTO_SANS, 'NotoSans-Regular.ttf')],
  bold: [join(NOTO_SANS_HANS, 'NotoSansHans-Bold.otf'), join(NOTO_SANS, 'NotoSans-Bold.ttf')],
};

let cached: Promise<FontSet> | undefined;

/** The fonts every document uses, from the npm registry's packages; never system fonts. */
export function loadFonts(): Promise<FontSet> {
  cached ??= readFonts();
  return cached;
}

async function readFonts(): Promise<FontSet> {
  const [regular, bold] = await Promise.all([Promise.all(FONT_FILES.regular.map(readFont)), Promise.all(FONT_FILES.bold.map(readFont))]);
  return { regular: regular!, bold: bold! };
}

async function readFont(file: string): Promise<LoadedFont> {
  try {
    const font = fontkit.create(await readFile(file));
    return { name: font.postscriptName, file, font };
  } catch (cause) {
    throw new FontError('cannot load a font', { file, cause, hint: 'run npm ci to reinstall the font packages' });
  }
}

// A guide asks about the same few thousand characters again and again.
const drawable = new WeakMap<FontSet, Map<string, boolean>>();

/** Whether both weights have a face that can draw the character; whitespace is never drawn, so always can. */
export function canDraw(fonts: FontSet, character: string): boolean {
  const known = drawable.get(fonts) ?? new Map<string, boolean>();
  drawable.set(fonts, known);
  let answer = known.get(character);
  if (answer === undefined) {
    const codePoint = character.codePointAt(0)!;
    answer = /^\s$/u.test(character) || (fonts.regular.some(({ font }) => font.hasGlyphForCodePoint(codePoint)) && fonts.bold.some(({ font }) => font.hasGlyphForCodePoint(codePoint)));
    known.set(character, answer);
  }
  return answer;
}
