import type { GuideData, ValidatedGuides } from '../guide/index.js';
import { codeFingerprint, packageJson, readKept, sourceFiles, writeKept, type KeptKind } from './kept.js';

// A validated guide follows from its YAML, the parser, the schema and the code the schema calls.
const GUIDES: KeptKind = { kind: 'guides', code: codeFingerprint([[packageJson('yaml')], [packageJson('zod')], ...sourceFiles('../guide/load', '../guide/schema', '../guide/text', '../dates')]) };
// An author's guide and its drafts, not every guide ever built.
const MOST_GUIDES = 8;

const guidesByFolder = new Map<string | undefined, Promise<ValidatedGuides>>();

/**
 * Guides validated by earlier runs and this one, by the digest of their YAML: a `form` run, or
 * a rebuild after editing only a template, does not parse and validate the same guide again.
 * Kept in memory only when there is no cache folder.
 */
export function keptGuides(cacheDir: string | undefined): Promise<ValidatedGuides> {
  const guides = guidesByFolder.get(cacheDir) ?? readGuides(cacheDir);
  guidesByFolder.set(cacheDir, guides);
  return guides;
}

async function readGuides(cacheDir: string | undefined): Promise<ValidatedGuides> {
  const stored = cacheDir ? ((await readKept(cacheDir, GUIDES)) as Record<string, GuideData> | undefined) : undefined;
  const guides = new Map(Object.entries(stored ?? {}));
  return {
    get: (sourceDigest) => guides.get(sourceDigest),
    set: (sourceDigest, guide) => {
      guides.delete(sourceDigest);
      guides.set(sourceDigest, guide);
      for (const oldest of [...guides.keys()].slice(0, -MOST_GUIDES)) guides.delete(oldest);
      if (cacheDir) void writeKept(cacheDir, GUIDES, Object.fromEntries(guides));
    },
  };
}
