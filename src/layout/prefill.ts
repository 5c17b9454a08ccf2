import { describeCharacter, said, ValueError, type Warning } from '../diagnostics.js';
import { cjkFamilyOf } from '../fonts/index.js';
import type { FormValues } from '../values/index.js';
import { breakLines } from './lines.js';
import type { Measurer } from './measure.js';
import { VALUE, type TextStyle } from './style.js';
import { onBaseline, textItem, type Role, type TextContext } from './text.js';
import type { CheckboxItem, Item, Page, TextItem, WriteInItem } from './types.js';

const CJK_TEXT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const STEP = 0.5;

/**
 * Prints each value on its field's line (shrunk, then wrapped, to fit its box) and ticks chosen
 * boxes; a value printed smaller than is easy to read is reported as a warning.
 */
export function prefillPages(pages: readonly Page[], values: FormValues, context: TextContext): { pages: Page[]; warnings: Warning[] } {
  const filled = pages.map((page) => ({ ...page, items: page.items.flatMap((item) => prefillItem(item, values, context)) }));
  return { pages: filled, warnings: filled.flatMap((page) => page.items.flatMap(smallValueWarning)) };
}

// A value's first line comes right after its write-in line (prefillItem keeps that order).
function smallValueWarning(item: Item, index: number, items: readonly Item[]): Warning[] {
  const line = items[index - 1];
  const small = item.kind === 'text' && line?.kind === 'write-in' && item.size < VALUE.readableSize;
  return small ? [{ message: `printed at ${item.size} pt to fit its line`, position: { path: line.fieldId }, hint: 'abbreviate it to keep it easy to read' }] : [];
}

function prefillItem(item: Item, values: FormValues, context: TextContext): Item[] {
  if (item.kind === 'checkbox') return [tick(item, values)];
  if (item.kind !== 'write-in') return [item];
  const value = values[item.fieldId];
  return value?.kind === 'text' ? [item, ...fitValue(item, value.text, context)] : [item];
}

function tick(item: CheckboxItem, values: FormValues): CheckboxItem {
  const value = item.answers && values[item.answers.fieldId];
  const checked = value?.kind === 'options' && value.ids.includes(item.answers!.optionId);
  return checked ? { ...item, checked } : item;
}

/**
 * The value on its field's lines: at the largest size at which it wraps onto the rows it has, as
 * long as that stays easy to read; otherwise at the largest size, down to the minimum, at which
 * it fits the box, on its rows or, wrapped closer, within them.
 */
function fitValue(box: WriteInItem, text: string, context: TextContext): TextItem[] {
  const role = likelyRole(text, context.langs);
  const measurer = context.measurers[role];
  const [missing] = measurer.missingCharacters(text);
  // Only the code point: the character itself is part of a person's value.
  if (missing) {
    const code = describeCharacter(missing);
    throw new ValueError(said('value.unprintable', { character: code }), { path: box.fieldId, hint: said('value.unprintable.hint') });
  }
  const value: ValueToFit = { box, text, measurer, lang: context.langs[role] };
  const placed = fitOnRows(value, VALUE.readableSize, { closer: false }) ?? fitOnRows(value, VALUE.minSize, { closer: true });
  if (!placed) throw new ValueError(said('value.doesNotFit'), { path: box.fieldId, hint: said('value.doesNotFit.hint') });
  return placed.lines.map((line, index) => {
    const item = textItem({ ...context, structure: box.structure }, { text: line.text, style: placed.style, x: box.x + VALUE.inset, y: 0, role });
    return { ...onBaseline(item, placed.baselines[index]!), personal: true as const };
  });
}

interface ValueToFit {
  box: WriteInItem;
  text: string;
  measurer: Measurer;
  lang: string;
}

/** The lines and their baselines at the largest size down to the smallest given that fits, or undefined. */
function fitOnRows({ box, text, measurer, lang }: ValueToFit, smallest: number, { closer }: { closer: boolean }) {
  const width = box.width - 2 * VALUE.inset;
  const rows = box.rows ?? 1;
  const pitch = box.pitch ?? 0;
  for (let size = VALUE.style.size; size >= smallest; size -= STEP) {
    const style: TextStyle = { ...VALUE.style, size };
    const lines = breakLines(text, style, width, measurer, { lang, kind: 'paragraph' });
    if (!lines.every((line) => line.width <= width)) continue;
    // Each line on a row's line, from the first row down.
    if (lines.length <= rows) return { style, lines, baselines: lines.map((_, index) => box.baseline - (rows - 1 - index) * pitch) };
    // Closer than the rows, up from the last: the first line's ascent must stay inside the box.
    const lineHeight = size * style.leading;
    if (closer && (lines.length - 1) * lineHeight + measurer.ascent * size <= box.baseline - box.y) {
      return { style, lines, baselines: lines.map((_, index) => box.baseline - (lines.length - 1 - index) * lineHeight) };
    }
  }
  return undefined;
}

/**
 * Which of the document's languages a person's answer is most likely in, to set it in that
 * language's faces: the CJK one for an answer in a CJK script, else the other (a name on a
 * passport, a number); the primary when both or neither are CJK.
 */
function likelyRole(text: string, langs: TextContext['langs']): Role {
  const cjkText = CJK_TEXT.test(text);
  const isCjk = (lang: string) => cjkFamilyOf(lang) !== undefined;
  return isCjk(langs.primary) !== cjkText && isCjk(langs.secondary) === cjkText ? 'secondary' : 'primary';
}
