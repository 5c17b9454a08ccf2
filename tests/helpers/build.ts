import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../../src/cli/index.js';
import type { PaperName } from '../../src/layout/index.js';
import { writeFilesAtomically } from '../../src/write-files.js';
import { renderDocuments, type BuildOptions } from '../../src/pipeline.js';

export const SHIPPED_GUIDE = DEFAULTS.guide;
export const SHIPPED_TEMPLATES = DEFAULTS.templates;

export function temporaryFolder(prefix = 'handouts-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Builds into a fresh temporary folder (or outDir) and returns each PDF's bytes by document name, as read back. */
export async function buildToMemory(options: Partial<BuildOptions> & { paper?: PaperName; outDir?: string } = {}): Promise<Record<string, Buffer>> {
  const { outDir = await temporaryFolder(), ...build } = options;
  const documents = await renderDocuments({ guide: SHIPPED_GUIDE, templatesDir: SHIPPED_TEMPLATES, paper: 'a4', pairs: 'stacked', sourceDateEpoch: undefined, ...build });
  await writeFilesAtomically(documents.map((document) => ({ path: join(outDir, document.fileName), bytes: document.bytes })), { mode: 0o644, overwrite: true });
  return readPdfFolder(outDir);
}

/** Each PDF of a folder by document name (the file name without `.pdf`). */
export async function readPdfFolder(folder: string): Promise<Record<string, Buffer>> {
  const files = (await readdir(folder)).filter((file) => file.endsWith('.pdf'));
  const entries = await Promise.all(files.map(async (file) => [file.replace(/\.pdf$/, ''), await readFile(join(folder, file))] as const));
  return Object.fromEntries(entries);
}

/** Forgets the layouts and drawn documents a cache folder keeps, as though an edit changed every one; their blocks stay kept. */
export async function forgetLaidOutDocuments(cache: string): Promise<void> {
  const laidOut = (await readdir(join(cache, 'memo'))).filter((entry) => /^(pdf|layout|documents)-/.test(entry));
  await Promise.all(laidOut.map((entry) => rm(join(cache, 'memo', entry))));
}
