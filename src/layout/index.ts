import { LayoutError, throwProblems } from '../diagnostics.js';
import type { Block, DocumentTree, FieldBlock } from '../document/index.js';
import type { FontSet } from '../fonts/index.js';
import type { FormValues } from '../values/index.js';
import { layoutBlockAt, type BlockContext } from './blocks.js';
import { breakSegments } from './breaks.js';
import { capacityWarnings } from './capacity.js';
import { findUncoveredCharacters } from './coverage.js';
import { createMeasurer, textSetting, type Measurer } from './measure.js';
import { paginate } from './paginate.js';
import { prefillPages } from './prefill.js';
import { footerBaseline, pageGeometry } from './paper.js';
import { shiftItems, type Slice } from './slices.js';
import { FOOTER, RULE, SPACING, STYLES } from './style.js';
import { inlinePairWidth, onBaseline, textItem, type PairLayout, type Role, type TextContext } from './text.js';
import type { Item, LaidOutDocument, PageGeometry, PaperName } from './types.js';

export { PAIR_LAYOUTS, type PairLayout } from './text.js';

export interface LayoutOptions {
  document: DocumentTree;
  fonts: FontSet;
  paper: PaperName;
  /** How the two languages of each text are set; stacked when absent. */
  pairs?: PairLayout;
}

/**
 * Shapes, breaks lines and paginates a document into positioned glyph runs and boxes on pages;
 * plain data out.
 */
export function layoutDocument(options: LayoutOptions): LaidOutDocument {
  const plan = planLayout(options);
  return plan.paginate(plan.blocks.map((block) => block.layOut()));
}

/**
 * A document's layout in two steps: each top-level block laid out on its own, then the blocks'
 * slices paginated. A block's slices follow from its inputs and the fonts alone, so a caller may
 * keep them: an edit to one block leaves the others' as they were.
 */
export interface LayoutPlan {
  blocks: BlockToLayOut[];
  paginate(blocks: readonly Slice[][]): LaidOutDocument;
}

export interface BlockToLayOut {
  /** Everything the block's slices follow from besides the fonts, as plain data. */
  inputs: unknown;
  layOut(): Slice[];
}

/** The document's layout planned; the characters no font draws are reported first, for the whole document. */
export function planLayout({ document, fonts, paper, pairs = 'stacked' }: LayoutOptions): LayoutPlan {
  const geometry = pageGeometry(paper);
  const { margin } = geometry;
  const width = geometry.width - margin.left - margin.right;
  const text = textContext(document, measurersFor(fonts, document), { pairs, geometry });
  throwProblems(findUncoveredCharacters(document, text.measurers));
  const context: BlockContext = { ...text, width, columnSplit: (width + SPACING.columnGap) / 2, labelWidth: labelColumnWidth(document.blocks, text, width) };
  const { measurers: _, ...settings } = context;
  const { blocks } = document;
  return {
    blocks: blocks.map((block, index) => ({ inputs: { block, index, next: blocks[index + 1]?.type, settings }, layOut: () => layoutBlockAt(blocks, index, context) })),
    paginate: (slices) => paginatePages(slices.flat(), { document, text, geometry }),
  };
}

function paginatePages(slices: readonly Slice[], { document, text, geometry }: { document: DocumentTree; text: TextContext; geometry: PageGeometry }): LaidOutDocument {
  const at = { file: document.file };
  const pages = paginate(slices, contentHeight(geometry), at);
  const { maxPages } = document.metadata;
  if (maxPages !== undefined && pages.length > maxPages) {
    throw new LayoutError(`the ${document.name} needs ${pages.length} pages but may have at most ${maxPages}`, { ...at, hint: 'shorten its texts or raise pages= on <document>' });
  }
  const { margin } = geometry;
  const laidOut = pages.map((items, index) => ({
    width: geometry.width,
    height: geometry.height,
    items: [...shiftItems(items, margin.left, margin.top), ...footer({ text, geometry, footerText: document.metadata.footer, number: index + 1, total: pages.length })],
  }));
  return { geometry, warnings: capacityWarnings(laidOut, collectFields(document.blocks), text), pages: laidOut };
}

/** A laid-out form with a person's answers printed on its lines and ticked in its boxes. */
export function prefillDocument(blank: LaidOutDocument, { document, fonts, pairs = 'stacked', values }: Omit<LayoutOptions, 'paper'> & { values: FormValues }): LaidOutDocument {
  return { ...blank, ...prefillPages(blank.pages, values, textContext(document, measurersFor(fonts, document), { pairs, geometry: blank.geometry })) };
}

/** The measurers of the document's two languages. */
function measurersFor(fonts: FontSet, document: DocumentTree): Record<Role, Measurer> {
  const { lang, secondaryLang } = document.metadata;
  const measurerIn = (language: string) => createMeasurer(textSetting(fonts, language, [lang, secondaryLang]));
  return { primary: measurerIn(lang), secondary: measurerIn(secondaryLang) };
}

function textContext(document: DocumentTree, measurers: Record<Role, Measurer>, { pairs, geometry }: { pairs: PairLayout; geometry: PageGeometry }): TextContext {
  const halfPage = contentHeight(geometry) / 2;
  return { measurers, langs: { primary: document.metadata.lang, secondary: document.metadata.secondaryLang }, pairs, structure: [], halfPage };
}

function contentHeight({ height, margin }: PageGeometry): number {
  return height - margin.top - margin.bottom;
}

/** One label column for the whole form: as wide as the widest one-line label, at most 45% of the line. */
function labelColumnWidth(blocks: readonly Block[], context: TextContext, width: number): number {
  const widths = collectFields(blocks).map((field) => inlinePairWidth(context, field.label, STYLES.label, ' / '));
  return Math.min(Math.max(0, ...widths), width * 0.45);
}

function collectFields(blocks: readonly Block[]): FieldBlock[] {
  return blocks.flatMap((block) => (block.type === 'field' ? [block] : block.type === 'box' ? collectFields(block.body) : []));
}

function footer(options: { text: TextContext; geometry: PageGeometry; footerText: string; number: number; total: number }): Item[] {
  const { text, geometry, footerText, number, total } = options;
  const left = geometry.margin.left;
  const right = geometry.width - geometry.margin.right;
  const baseline = footerBaseline(geometry);
  const place = (value: string, x: number) => onBaseline(textItem(text, { text: value, style: FOOTER, x, y: 0, role: 'primary' }), baseline);
  const pageNumber = place(`${number} / ${total}`, 0);
  const numberItem = { ...pageNumber, x: right - pageNumber.width };
  const available = numberItem.x - left - 12;
  const label = place(fitText(footerText, text.langs.primary, available, (value) => text.measurers.primary.width(value, FOOTER.font, FOOTER.size)), left);
  const ruleY = baseline - FOOTER.size - 4;
  return [{ kind: 'rule', x1: left, x2: right, y1: ruleY, y2: ruleY, thickness: 0.4, color: RULE.muted }, ...(footerText ? [label] : []), numberItem];
}

/**
 * The text whole, or shortened at the last phrase or word boundary that leaves room for an
 * ellipsis, never inside a word; the separators it would end on go.
 */
function fitText(value: string, lang: string, width: number, measure: (text: string) => number): string {
  if (measure(value) <= width) return value;
  let shortened = '…';
  let prefix = '';
  for (const segment of breakSegments(value, lang)) {
    prefix += segment.text;
    if (!segment.phraseEnd) continue;
    const candidate = `${prefix.replace(/[\s·:;,，、：；]+$/u, '')}…`;
    if (measure(candidate) > width) break;
    shortened = candidate;
  }
  return shortened;
}

export { PAPER_NAMES } from './paper.js';
export type * from './types.js';
