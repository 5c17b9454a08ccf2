import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import { FontError } from '../diagnostics.js';

export type FontRole = 'regular' | 'bold';

/** A parsed font, shared by the layout (to measure) and the PDF writer (to embed), parsed once per process. */
export interface LoadedFont {
  role: FontRole;
  file: string;
  font: fontkit.Font;
}

export type FontSet = Record<FontRole, LoadedFont>;

const require = createRequire(import.meta.url);
// The package exports only its JavaScript entry; the OTF files sit beside it in fonts/.
const NOTO_SANS_HANS = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');

const FONT_FILES: Record<FontRole, string> = {
  regular: join(NOTO_SANS_HANS, 'NotoSansHans-Regular.otf'),
  bold: join(NOTO_SANS_HANS, 'NotoSansHans-Bold.otf'),
};

let cached: Promise<FontSet> | undefined;

/** The fonts every document uses, from the npm registry's packages; never system fonts. */
export function loadFonts(): Promise<FontSet> {
  cached ??= readFonts();
  return cached;
}

async function readFonts(): Promise<FontSet> {
  const entries = await Promise.all(
    (Object.entries(FONT_FILES) as [FontRole, string][]).map(async ([role, file]) => [role, await readFont(role, file)] as const),
  );
  return Object.fromEntries(entries) as FontSet;
}

async function readFont(role: FontRole, file: string): Promise<LoadedFont> {
  try {
    return { role, file, font: fontkit.create(await readFile(file)) };
  } catch (cause) {
    throw new FontError(`cannot load the ${role} font`, { file, cause, hint: 'run npm ci to reinstall the font packages' });
  }
}
