import { parseMarkup } from '../../src/document/index.js';
import { loadFonts } from '../../src/fonts/index.js';
import { loadGuide } from '../../src/guide/index.js';
import { layoutDocument, prefillDocument, type Item, type LaidOutDocument, type LayoutOptions, type PairLayout, type PaperName, type TextRun } from '../../src/layout/index.js';
import type { FormValues } from '../../src/values/index.js';
import { fillTemplates } from '../../src/templates/index.js';
import { SHIPPED_GUIDE, SHIPPED_TEMPLATES } from './build.js';

/** The shipped guide's documents laid out on the given paper, by document name. */
export async function layoutShipped(paper: PaperName, options: { guideFile?: string; pairs?: PairLayout } = {}): Promise<Record<string, LaidOutDocument>> {
  const { guideFile = SHIPPED_GUIDE, pairs = 'stacked' } = options;
  const [guide, fonts] = await Promise.all([loadGuide(guideFile), loadFonts()]);
  const filled = await fillTemplates({ guide, templatesDir: SHIPPED_TEMPLATES });
  return Object.fromEntries(filled.map((template) => [template.name, layoutDocument({ document: parseMarkup(template), fonts, paper, pairs })]));
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The area an item covers on the page. */
export function boxOf(item: Item): Box {
  if (item.kind === 'rule') {
    const half = item.thickness / 2;
    return { left: Math.min(item.x1, item.x2), top: Math.min(item.y1, item.y2) - half, right: Math.max(item.x1, item.x2), bottom: Math.max(item.y1, item.y2) + half };
  }
  return { left: item.x, top: item.y, right: item.x + item.width, bottom: item.y + item.height };
}

export function overlaps(a: Box, b: Box, tolerance = 0.01): boolean {
  return a.left < b.right - tolerance && b.left < a.right - tolerance && a.top < b.bottom - tolerance && b.top < a.bottom - tolerance;
}

/** A form laid out blank, then with a person's values printed in. */
export function layoutFilled(options: LayoutOptions & { values: FormValues }): LaidOutDocument {
  return prefillDocument(layoutDocument(options), options);
}

/** The text a run's glyphs stand for. */
export function runText(run: TextRun): string {
  return run.glyphs.map((glyph) => glyph.text).join('');
}
