import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../../src/cli/index.js';
import type { PaperName } from '../../src/layout/index.js';
import { renderDocuments, writeDocuments, type BuildOptions } from '../../src/pipeline.js';

export const SHIPPED_GUIDE = DEFAULTS.guide;
export const SHIPPED_TEMPLATES = DEFAULTS.templates;

export function temporaryFolder(prefix = 'handouts-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Builds into a fresh temporary folder (or outDir) and returns each PDF's bytes by document name, as read back. */
export async function buildToMemory(options: Partial<BuildOptions> & { paper?: PaperName; outDir?: string } = {}): Promise<Record<string, Buffer>> {
  const { outDir = await temporaryFolder(), ...build } = options;
  await writeDocuments(await renderDocuments({ guide: SHIPPED_GUIDE, templatesDir: SHIPPED_TEMPLATES, paper: 'a4', pairs: 'stacked', sourceDateEpoch: undefined, ...build }), { outDir });
  return readPdfFolder(outDir);
}

/** Each PDF of a folder by document name (the file name without `.pdf`). */
export async function readPdfFolder(folder: string): Promise<Record<string, Buffer>> {
  const files = (await readdir(folder)).filter((file) => file.endsWith('.pdf'));
  const entries = await Promise.all(files.map(async (file) => [file.replace(/\.pdf$/, ''), await readFile(join(folder, file))] as const));
  return Object.fromEntries(entries);
}

/** Forgets the layouts and drawn documents a cache folder keeps, as though an edit changed every one. */
export async function forgetLaidOutDocuments(cache: string): Promise<void> {
  const laidOut = (await readdir(join(cache, 'memo'))).filter((entry) => entry.startsWith('pdf-') || entry.startsWith('layout-'));
  await Promise.all(laidOut.map((entry) => rm(join(cache, 'memo', entry))));
}
