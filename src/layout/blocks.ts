import type { Block, ChecklistBlock, FieldBlock, HeadingBlock, ListBlock, ParagraphBlock, SignatureBlock, StepsBlock, Texts } from '../document/index.js';
import { firstBaseline, keepAll, lastBaseline, mergeSlices, shiftItems, slice, withSpaceBefore, type Slice } from './slices.js';
import { NOTE_FILL, RULE, SPACING, STEP_NUMBER, STYLES, type PairStyle } from './style.js';
import { columnSplit, inlinePairSlice, inlinePairWidth, onBaseline, pairSlices, sideBySide, textItem, type TextContext } from './text.js';
import type { CheckboxItem, FieldRef, Item, RuleItem, StructureRole, WriteInItem } from './types.js';

export interface BlockContext extends TextContext {
  /** Width available to the block. */
  width: number;
  /** Width of the label column shared by every field of the document. */
  labelWidth: number;
}

type BlockLayout<B extends Block> = (block: B, context: BlockContext) => Slice[];

const LABEL_SEPARATOR = ' / ';
const CHECKLIST_SEPARATOR = '  ';
const OPTION_SEPARATOR = ' ';

const HEADING_PAIRS: Record<HeadingBlock['level'], PairStyle> = { 1: STYLES.title, 2: STYLES.section, 3: STYLES.group };

const LAYOUTS: { [T in Block['type']]: BlockLayout<Extract<Block, { type: T }>> } = {
  heading: layoutHeading,
  paragraph: layoutParagraph,
  list: layoutList,
  steps: layoutSteps,
  checklist: layoutChecklist,
  field: layoutField,
  signature: layoutSignature,
  note: (block, context) => [framed(block.body, context, { fill: NOTE_FILL, title: undefined })],
  box: (block, context) => [framed(block.body, context, { fill: undefined, title: block.title })],
  pagebreak: () => [slice(0, [], { breakBefore: true })],
};

/** The tagged-PDF structure element each kind of block becomes. */
const STRUCTURE_ROLES: Record<Block['type'], StructureRole> = {
  heading: 'H1',
  paragraph: 'P',
  list: 'L',
  steps: 'L',
  checklist: 'L',
  field: 'P',
  signature: 'P',
  note: 'Div',
  box: 'Div',
  pagebreak: 'Div',
};

/** The context for content set `by` points in from the left: narrower, the parallel columns staying put. */
function indented(context: BlockContext, by: number): BlockContext {
  return { ...context, width: context.width - by, columnSplit: context.columnSplit === undefined ? undefined : context.columnSplit - by };
}

/** The context for a child element of the structure tree. */
function within(context: BlockContext, role: StructureRole, key: number | string): BlockContext {
  return { ...context, structure: [...context.structure, { role, key: String(key) }] };
}

function structureRole(block: Block): StructureRole {
  return block.type === 'heading' ? (`H${block.level}` as const) : STRUCTURE_ROLES[block.type];
}

/** Lays out a run of blocks as slices at x = 0, for the paginator to place. */
function layoutBlocks(blocks: readonly Block[], context: BlockContext): Slice[] {
  return blocks.flatMap((_, index) => layoutBlockAt(blocks, index, context));
}

/**
 * The run's block at the index as slices, which follow from it, its index and the next block's
 * type: a paragraph right before steps or a list introduces them and stays with them.
 */
export function layoutBlockAt(blocks: readonly Block[], index: number, context: BlockContext): Slice[] {
  const block = blocks[index]!;
  const slices = (LAYOUTS[block.type] as BlockLayout<Block>)(block, within(context, structureRole(block), index));
  const next = blocks[index + 1]?.type;
  const leadIn = block.type === 'paragraph' && (next === 'steps' || next === 'list');
  return leadIn ? slices.map((part, partIndex) => (partIndex === slices.length - 1 ? { ...part, keepWithNext: true } : part)) : slices;
}

function layoutHeading(block: HeadingBlock, context: BlockContext): Slice[] {
  const pair = HEADING_PAIRS[block.level];
  if (block.level === 3) {
    // Side by side, a small heading takes the two columns like everything else.
    const options = { texts: block.text, pair, width: context.width };
    const text = context.pairs === 'parallel' ? mergeSlices(pairSlices(context, options)) : inlinePairSlice(context, { ...options, separator: '  ' });
    return [{ ...text, spaceBefore: SPACING.group, keepWithNext: true }];
  }
  const text = pairSlices(context, { texts: block.text, pair, width: context.width });
  const thickness = block.level === 1 ? RULE.heavy : RULE.light;
  const underline = slice(10, [rule({ x1: 0, x2: context.width, y: 5, thickness })]);
  return withSpaceBefore(keepAll([...text, underline]), block.level === 1 ? 0 : SPACING.section);
}

function layoutParagraph(block: ParagraphBlock, context: BlockContext): Slice[] {
  const pair = STYLES[block.variant];
  return withSpaceBefore(pairSlices(context, { texts: block.text, pair, width: context.width }), SPACING.paragraph);
}

/** A list of this many items or fewer is never split across pages. */
const SHORT_LIST = 4;

function layoutList(block: ListBlock, context: BlockContext): Slice[] {
  const keep = block.items.length <= SHORT_LIST;
  return block.items.map((texts, index) => {
    const item = within(context, 'LI', index);
    const bothLanguages = texts.primary !== undefined && texts.secondary !== undefined;
    const lines = context.pairs === 'parallel' && bothLanguages ? parallelListItem(item, texts) : bulleted(item, texts, context.width);
    return { ...lines, spaceBefore: 3, keepWithNext: keep && index < block.items.length - 1 };
  });
}

/** A bullet with the texts hanging beside it, in the given width. */
function bulleted(context: BlockContext, texts: Texts, width: number): Slice {
  const indent = SPACING.listIndent;
  const lines = mergeSlices(pairSlices(within(indented(context, indent), 'LBody', 0), { texts, pair: STYLES.body, width: width - indent }));
  const role = texts.primary === undefined ? 'secondary' : 'primary';
  const bullet = textItem(within(context, 'Lbl', 0), { text: '•', style: STYLES.body[role], x: 3, y: 0, role });
  return { ...lines, items: [bullet, ...shiftItems(lines.items, indent, 0)] };
}

/** Side by side, each language a bulleted item of its own column, so both columns read as lists. */
function parallelListItem(context: BlockContext, texts: Texts): Slice {
  const split = columnSplit(context, context.width);
  const single = { ...context, pairs: 'stacked' as const };
  const primary = bulleted(single, { primary: texts.primary }, split - SPACING.columnGap);
  const secondary = bulleted(single, { secondary: texts.secondary }, context.width - split);
  return sideBySide(primary, secondary, split);
}

function layoutSteps(block: StepsBlock, context: BlockContext): Slice[] {
  const gutter = SPACING.stepGutter;
  return block.steps.flatMap((step, index) => {
    const item = within(context, 'LI', index);
    const stepBody = within(indented(item, gutter), 'LBody', 0);
    const title = keepAll(pairSlices(within(stepBody, 'P', 'title'), { texts: step.title, pair: STYLES.stepTitle, width: stepBody.width }));
    // The title stays with the first two lines of its body: the first is kept with the next one of the body.
    const body = layoutBlocks(step.body, stepBody).map((part, bodyIndex, all) => (bodyIndex === 0 ? { ...part, spaceBefore: 3, keepWithNext: part.keepWithNext || all.length > 1 } : part));
    const [first, ...rest] = [...title, ...body].map((part) => ({ ...part, items: shiftItems(part.items, gutter, 0) }));
    if (!first) return [];
    const number = onBaseline(textItem(within(item, 'Lbl', 0), { text: `${index + 1}`, style: STEP_NUMBER, x: 0, y: 0, role: 'primary' }), firstBaseline(first) ?? 0);
    const withNumber = [{ ...first, items: [number, ...first.items] }, ...rest];
    const whole = mergeSlices(withNumber);
    const parts = whole.height <= SPACING.shortStep ? [whole] : withNumber;
    return withSpaceBefore(parts, index === 0 ? SPACING.paragraph : SPACING.step);
  });
}

function layoutChecklist(block: ChecklistBlock, context: BlockContext): Slice[] {
  const indent = SPACING.checkbox + SPACING.checkboxGap;
  const width = context.width - indent;
  // A list of short items shares a line per item; in a long one the two languages would run
  // together, and one list set two ways looks haphazard, so then every item is stacked. Side by
  // side, every item keeps to the two columns.
  const short = (texts: Texts) => inlinePairWidth(context, texts, STYLES.body, CHECKLIST_SEPARATOR) <= width * 0.6;
  const oneLine = context.pairs === 'stacked' && block.items.every(short);
  const keep = block.items.length <= SHORT_LIST;
  return block.items.map((texts, index) => {
    const item = within(context, 'LI', index);
    const lines = oneLine
      ? inlinePairSlice(item, { texts, pair: STYLES.body, width, separator: CHECKLIST_SEPARATOR })
      : mergeSlices(pairSlices(indented(item, indent), { texts, pair: STYLES.body, width }));
    const box = checkbox(0, firstBaseline(lines) ?? SPACING.checkbox, STYLES.body.primary.size, undefined);
    return { ...lines, items: [box, ...shiftItems(lines.items, indent, 0)], spaceBefore: SPACING.checklistItem, keepWithNext: keep && index < block.items.length - 1 };
  });
}

function layoutField(block: FieldBlock, context: BlockContext): Slice[] {
  const label = inlinePairSlice(context, { texts: block.label, pair: STYLES.label, width: context.labelWidth, separator: LABEL_SEPARATOR });
  const x = context.labelWidth + SPACING.fieldLabelGap;
  const body = block.options.length ? optionRows(block, context, x) : writeInRows({ fieldId: block.id, label: joinLabel(block.label), structure: context.structure }, x, context.width - x, block.lines);
  // The label's last line and the answer's first row share a baseline; whichever sits higher moves
  // down. A label of several lines moves both down as far as its first line rises above that
  // baseline, so it keeps the distance a one-line label keeps from the row above.
  const labelBaseline = lastBaseline(label) ?? 0;
  const rise = labelBaseline - (firstBaseline(label) ?? labelBaseline);
  const shared = Math.max(labelBaseline, body.baseline + rise);
  const labelShift = shared - labelBaseline;
  const bodyShift = shared - body.baseline;
  const height = Math.max(label.height + labelShift, body.height + bodyShift);
  return [slice(height, [...shiftItems(label.items, 0, labelShift), ...shiftItems(body.items, 0, bodyShift)])];
}

interface Row {
  height: number;
  baseline: number;
  items: Item[];
}

/**
 * Where the answer is written: one row, or several a row apart, each with its line. The row
 * baseline returned is the first one's, which the label shares; the item's is the last one's.
 */
function writeInRows(field: FieldRef & Pick<WriteInItem, 'structure'>, x: number, width: number, rows: number): Row {
  const pitch = SPACING.continuedRow;
  const height = SPACING.fieldRow + pitch * (rows - 1);
  const baseline = height - SPACING.rowBaselineRaise;
  const top = SPACING.writeInTop;
  const writeIn: WriteInItem = { kind: 'write-in', ...field, x, y: top, width, height: baseline + SPACING.writeInDrop - top, baseline, ...(rows > 1 ? { rows, pitch } : {}) };
  const upperLines = Array.from({ length: rows - 1 }, (_, row) => rule({ x1: x, x2: x + width, y: baseline + SPACING.writeInDrop - (rows - 1 - row) * pitch, thickness: RULE.writeIn }));
  return { height, baseline: baseline - (rows - 1) * pitch, items: [...upperLines, writeIn] };
}

function joinLabel(texts: Texts): string {
  return [texts.primary, texts.secondary].filter(Boolean).join(LABEL_SEPARATOR);
}

/** Options flow left to right, each a checkbox with its label, wrapping into further rows. */
function optionRows(block: FieldBlock, context: BlockContext, x0: number): Row {
  const items: Item[] = [];
  const labelX = SPACING.checkbox + SPACING.checkboxLabelGap;
  const baselineOf = (rowIndex: number) => SPACING.fieldRow - SPACING.rowBaselineRaise + rowIndex * SPACING.optionRow;
  let x = x0;
  let row = 0;
  for (const option of block.options) {
    const width = labelX + inlinePairWidth(context, option.label, STYLES.label, OPTION_SEPARATOR);
    if (x > x0 && x + width > context.width) {
      row += 1;
      x = x0;
    }
    const baseline = baselineOf(row);
    const label = inlinePairSlice(context, { texts: option.label, pair: STYLES.label, width: context.width - x0, separator: OPTION_SEPARATOR });
    const answers = { fieldId: block.id, label: joinLabel(block.label), optionId: option.id, optionLabel: joinLabel(option.label), exclusive: block.kind === 'choice' };
    items.push(checkbox(x, baseline, STYLES.label.primary.size, answers));
    items.push(...shiftItems(label.items, x + labelX, baseline - (lastBaseline(label) ?? baseline)));
    x += width + SPACING.optionGap;
  }
  return { height: baselineOf(row) + SPACING.rowBaselineRaise, baseline: baselineOf(0), items };
}

function layoutSignature(block: SignatureBlock, context: BlockContext): Slice[] {
  const signEnd = context.width * 0.6;
  const dateStart = context.width * 0.68;
  const lineY = SPACING.signatureSpace;
  const spaces = [{ texts: block.sign, x1: 0, x2: signEnd }, ...(block.date ? [{ texts: block.date, x1: dateStart, x2: context.width }] : [])];
  const labels = spaces.map(({ texts, x1, x2 }) => shiftItems(inlinePairSlice(context, { texts, pair: STYLES.label, width: x2 - x1, separator: LABEL_SEPARATOR }).items, x1, lineY + SPACING.writeInDrop));
  const lines = spaces.map(({ x1, x2 }) => rule({ x1, x2, y: lineY, thickness: RULE.writeIn }));
  const height = lineY + SPACING.writeInDrop + STYLES.label.primary.size * STYLES.label.primary.leading;
  return [slice(height, [...lines, ...labels.flat()], { spaceBefore: SPACING.paragraph })];
}

/** Blocks inside a frame, padded, with an optional title; never split across pages. */
function framed(blocks: readonly Block[], context: BlockContext, options: { fill: string | undefined; title: Texts | undefined }): Slice {
  const pad = SPACING.framePadding;
  const padded = indented(context, pad);
  const content = layoutBlocks(blocks, { ...padded, width: padded.width - pad });
  const title = options.title ? [inlinePairSlice(context, { texts: options.title, pair: STYLES.boxTitle, width: context.width - 2 * pad, separator: '  ' })] : [];
  const body = mergeSlices([...title, ...withSpaceBefore(content, title.length ? 2 : 0)]);
  const height = body.height + 2 * pad;
  const frame: Item = { kind: 'frame', x: 0, y: 0, width: context.width, height, thickness: RULE.frame, color: RULE.color, fill: options.fill };
  return slice(height, [frame, ...shiftItems(body.items, pad, pad)], { spaceBefore: SPACING.section - 4 });
}

function checkbox(x: number, baseline: number, textSize: number, answers: CheckboxItem['answers']): CheckboxItem {
  const size = SPACING.checkbox;
  // Centred on the middle of the CJK em box, which spans 0.88 em above the baseline to 0.12 below.
  const middle = baseline - 0.38 * textSize;
  return { kind: 'checkbox', shape: answers?.exclusive ? 'round' : 'square', x, y: middle - size / 2, width: size, height: size, checked: false, answers };
}

function rule({ x1, x2, y, thickness }: { x1: number; x2: number; y: number; thickness: number }): RuleItem {
  return { kind: 'rule', x1, x2, y1: y, y2: y, thickness, color: RULE.color };
}
