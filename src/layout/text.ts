import type { Texts } from '../document/index.js';
import { writtenWithoutSpaces } from '../fonts/index.js';
import { breakLines, type LineKind } from './lines.js';
import type { Measurer } from './measure.js';
import { firstBaseline, keepAll, mergeSlices, shiftItems, slice, type Slice } from './slices.js';
import { SPACING, type PairStyle, type TextStyle } from './style.js';
import type { StructureStep, TextItem } from './types.js';

/** How the two languages of a text are set: one beneath the other, or side by side in two columns. */
export const PAIR_LAYOUTS = ['stacked', 'parallel'] as const;
export type PairLayout = (typeof PAIR_LAYOUTS)[number];

export interface TextContext {
  /** Each language's measurer, which sets its texts in the faces and by the rules of that language. */
  measurers: Record<Role, Measurer>;
  langs: { primary: string; secondary: string };
  pairs: PairLayout;
  /**
   * In the parallel layout, where the secondary column starts, from the texts' x = 0; kept at
   * one place on the page however far a list or step indents its texts. Mid-width when absent.
   */
  columnSplit?: number;
  /** The structure element the texts being laid out belong to; empty for page furniture. */
  structure: readonly StructureStep[];
  /** Half the page's content height: a stacked pair up to this tall is never parted by a page break. */
  halfPage: number;
}

export type Role = keyof Texts;

/** One text item on a line box whose top is y; the item's box is the glyphs' em box, where ink can be. */
export function textItem(context: TextContext, options: { text: string; style: TextStyle; x: number; y: number; role: Role }): TextItem {
  const { text, style, x, y, role } = options;
  const { langs, structure } = context;
  const measurer = context.measurers[role];
  const baseline = y + measurer.baselineOffset(style);
  const { width, runs } = measurer.shape(text, style.font, style.size);
  const spansLanguage = role === 'secondary' && langs.secondary !== langs.primary && structure.length > 0;
  return {
    kind: 'text',
    x,
    y: baseline - measurer.ascent * style.size,
    width,
    height: style.size,
    baseline,
    text,
    runs,
    font: style.font,
    size: style.size,
    color: style.color,
    lang: langs[role],
    structure: spansLanguage ? [...structure, { role: 'Span', key: 'secondary', lang: langs.secondary }] : structure,
  };
}

/**
 * A paragraph as one slice per line. The first two and the last two lines are kept
 * together, so no page starts or ends with a lone line of it. Chinese lines but the last are
 * set full width, as Chinese is: kinsoku otherwise leaves a line a character short. A heading's
 * lines never are.
 */
export function paragraphSlices(context: TextContext, options: { text: string; style: TextStyle; width: number; role: Role; kind: LineKind }): Slice[] {
  const { text, style, width, role, kind } = options;
  const lang = context.langs[role];
  const lines = breakLines(text, style, width, context.measurers[role], { lang, kind });
  const lineHeight = style.size * style.leading;
  const justify = kind === 'paragraph' && writtenWithoutSpaces(lang);
  return lines.map((line, index) => {
    const item = textItem(context, { text: line.text, style, x: 0, y: 0, role });
    return slice(lineHeight, [justify && index < lines.length - 1 ? fullWidth(item, width) : item], {
      keepWithNext: lines.length > 1 && (index === 0 || index === lines.length - 2),
    });
  });
}

/**
 * The line stretched to the width by spacing its characters evenly, when that takes little: the
 * space goes after each cluster but the last, into its last glyph's advance.
 */
function fullWidth(item: TextItem, width: number): TextItem {
  const clusters = item.runs.reduce((count, run) => count + run.glyphs.filter((glyph) => glyph.text).length, 0);
  const spacing = (width - item.width) / (clusters - 1);
  if (clusters < 2 || spacing <= 0 || spacing > SPACING.maxJustification * item.size) return item;
  let added = 0;
  const runs = item.runs.map((run, runIndex) => {
    const x = run.x + added;
    const glyphs = run.glyphs.map((glyph, index) => {
      const next = run.glyphs[index + 1] ?? item.runs[runIndex + 1]?.glyphs[0];
      if (!next?.text) return glyph;
      added += spacing;
      return { ...glyph, advance: glyph.advance + spacing };
    });
    return { ...run, x, glyphs };
  });
  return { ...item, runs, width };
}

/** Both texts of a pair, in the context's pair layout. */
export function pairSlices(context: TextContext, options: PairOptions): Slice[] {
  const { texts } = options;
  const bothLanguages = texts.primary !== undefined && texts.secondary !== undefined;
  return context.pairs === 'parallel' && bothLanguages ? [parallelPairSlice(context, options)] : stackedPairSlices(context, options);
}

interface PairOptions {
  texts: Texts;
  pair: PairStyle;
  width: number;
}

/**
 * The primary text with the secondary beneath it, one unit: a page break never parts them, unless
 * the pair is taller than half a page; then it may fall only inside the longer text, with at least
 * two of its lines on each side (paragraphSlices keeps them), the shorter kept whole beside it.
 */
function stackedPairSlices(context: TextContext, options: PairOptions): Slice[] {
  const { texts, pair, width } = options;
  const primary = texts.primary === undefined ? [] : paragraphSlices(context, { text: texts.primary, style: pair.primary, width, role: 'primary', kind: pair.lines });
  const secondary = texts.secondary === undefined ? [] : paragraphSlices(context, { text: texts.secondary, style: pair.secondary, width, role: 'secondary', kind: pair.lines });
  if (!primary.length || !secondary.length) return [...primary, ...secondary];
  secondary[0] = { ...secondary[0]!, spaceBefore: pair.gap };
  const heightOf = (slices: readonly Slice[]) => slices.reduce((sum, part) => sum + part.spaceBefore + part.height, 0);
  const keptButLast = (slices: Slice[]) => [...keepAll(slices.slice(0, -1)), slices.at(-1)!];
  if (heightOf(primary) + heightOf(secondary) <= context.halfPage) return keptButLast([...primary, ...secondary]);
  return heightOf(primary) >= heightOf(secondary) ? [...primary.slice(0, -1), ...keepAll(primary.slice(-1)), ...keptButLast(secondary)] : [...keepAll(primary), ...secondary];
}

/** The primary text in the left column and the secondary in the right, first baselines level; never split. */
function parallelPairSlice(context: TextContext, options: PairOptions): Slice {
  const { texts, pair, width } = options;
  const split = columnSplit(context, width);
  const widths = { primary: split - SPACING.columnGap, secondary: width - split };
  const column = (role: 'primary' | 'secondary') => mergeSlices(paragraphSlices(context, { text: texts[role]!, style: pair[role], width: widths[role], role, kind: pair.lines }));
  return sideBySide(column('primary'), column('secondary'), split);
}

/** Where the secondary column starts, from x = 0 of a text the given width. */
export function columnSplit(context: TextContext, width: number): number {
  return context.columnSplit ?? (width + SPACING.columnGap) / 2;
}

/** Two column slices as one, the second starting at x = split, their first baselines level. */
export function sideBySide(primary: Slice, secondary: Slice, split: number): Slice {
  const drop = (firstBaseline(primary) ?? 0) - (firstBaseline(secondary) ?? 0);
  const height = Math.max(primary.height + Math.max(-drop, 0), secondary.height + Math.max(drop, 0));
  return slice(height, [...shiftItems(primary.items, 0, Math.max(-drop, 0)), ...shiftItems(secondary.items, split, Math.max(drop, 0))]);
}

/** Natural width of both texts on one line, separated by the given string. */
export function inlinePairWidth(context: TextContext, texts: Texts, pair: PairStyle, separator: string): number {
  const { measurers } = context;
  const primary = texts.primary ?? '';
  const secondary = texts.secondary ?? '';
  const joiner = primary && secondary ? separator : '';
  return (
    measurers.primary.width(primary, pair.primary.font, pair.primary.size) +
    measurers.secondary.width(joiner, pair.secondary.font, pair.secondary.size) +
    measurers.secondary.width(secondary, pair.secondary.font, pair.secondary.size)
  );
}

/**
 * Both texts on one shared baseline when they fit the width (`姓名 / Full name`), otherwise
 * stacked. Returns one slice: labels and headings are never split.
 */
export function inlinePairSlice(context: TextContext, options: PairOptions & { separator: string }): Slice {
  const { texts, pair, width, separator } = options;
  if (inlinePairWidth(context, texts, pair, separator) > width) {
    return { ...mergeSlices(stackedPairSlices(context, { texts, pair, width })), spaceBefore: 0, keepWithNext: false };
  }
  const lineHeight = Math.max(pair.primary.size * pair.primary.leading, pair.secondary.size * pair.secondary.leading);
  const baseline = context.measurers.primary.baselineOffset({ ...pair.primary, leading: lineHeight / pair.primary.size });
  const items: TextItem[] = [];
  let x = 0;
  for (const role of ['primary', 'secondary'] as const) {
    const text = texts[role];
    if (text === undefined) continue;
    const style = pair[role];
    const shown = role === 'secondary' && texts.primary !== undefined ? `${separator}${text}` : text;
    const item = textItem(context, { text: shown, style, x, y: 0, role });
    items.push(onBaseline(item, baseline));
    x += item.width;
  }
  return slice(lineHeight, items);
}

/** The same text item moved vertically so its baseline is at the given y. */
export function onBaseline(item: TextItem, baseline: number): TextItem {
  return { ...item, y: item.y + baseline - item.baseline, baseline };
}
