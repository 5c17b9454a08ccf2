/**
 * The outlines of a CFF font's glyphs as Type 2 charstrings (Adobe TN 5177), with the
 * subroutines they call: global ones, and local ones for each font dict.
 */
export interface Charstrings {
  glyphs: readonly Uint8Array[];
  /** For each glyph, the font dict whose local subroutines it calls. */
  fontDicts: readonly number[];
  localSubrs: readonly SubroutineList[];
  globalSubrs: SubroutineList;
}

/** Subroutines by index; an array will do, or a list that reads each from the font when asked. */
export interface SubroutineList {
  readonly length: number;
  /** The same object each time for the same index. */
  at(index: number): Uint8Array | undefined;
}

/**
 * The same outlines calling only the subroutines they use, renumbered, the most called first
 * (small numbers take fewer bytes). fontkit's subset keeps every subroutine slot of the 8 MB
 * font, each an empty one where unused, and those slots' offsets were most of a CJK subset's
 * bytes. Undefined for a charstring this cannot rewrite safely (a subroutine number computed
 * rather than written, or a global subroutine calling local ones): that subset is kept as it is.
 */
export function keepCalledSubroutines(charstrings: Charstrings): CompactCharstrings | undefined {
  try {
    return renumber(charstrings, findCalls(charstrings));
  } catch (error) {
    if (error instanceof UnsupportedCharstring) return undefined;
    throw error;
  }
}

/** The charstrings with their subroutines as plain lists, only those called. */
export interface CompactCharstrings {
  glyphs: Uint8Array[];
  fontDicts: readonly number[];
  localSubrs: Uint8Array[][];
  globalSubrs: Uint8Array[];
}

class UnsupportedCharstring extends Error {}

interface CallSite {
  /** Where the subroutine's number is written, just before the call. */
  start: number;
  end: number;
  global: boolean;
  /** The subroutine called, as an index into its list. */
  index: number;
}

interface Calls {
  /** Each charstring's calls, found the first time it ran. */
  sites: Map<Uint8Array, CallSite[]>;
  /** How often each subroutine was called, by index: per font dict, and global. */
  local: Map<number, number>[];
  global: Map<number, number>;
}

interface RunState {
  stems: number;
  /** How many operands are on the stack, which hintmask and stem operators count. */
  operands: number;
  ended: boolean;
}

function findCalls({ glyphs, fontDicts, localSubrs, globalSubrs }: Charstrings): Calls {
  const calls: Calls = { sites: new Map(), local: localSubrs.map(() => new Map()), global: new Map() };
  glyphs.forEach((glyph, index) => {
    const fontDict = fontDicts[index]!;
    run(glyph, { stems: 0, operands: 0, ended: false }, { calls, local: localSubrs[fontDict] ?? [], localCalls: calls.local[fontDict] ?? new Map(), global: globalSubrs, inGlobal: false });
  });
  return calls;
}

interface RunContext {
  calls: Calls;
  local: SubroutineList;
  localCalls: Map<number, number>;
  global: SubroutineList;
  /** Within a global subroutine, whose local calls would mean different ones per font dict. */
  inGlobal: boolean;
}

const CALLSUBR = 10;
const RETURN = 11;
const ESCAPE = 12;
const ENDCHAR = 14;
const HINTMASK = 19;
const CNTRMASK = 20;
const CALLGSUBR = 29;
const STEM_OPERATORS = new Set([1, 3, 18, 23]);
// and, or, not, abs, add, sub, div, neg, eq, drop, put, get, ifelse, random, mul, sqrt, dup, exch, index, roll
const STACK_OPERATORS = new Set([3, 4, 5, 9, 10, 11, 12, 14, 15, 18, 20, 21, 22, 23, 24, 26, 27, 28, 29, 30]);

function run(charstring: Uint8Array, state: RunState, context: RunContext): void {
  const firstRun = !context.calls.sites.has(charstring);
  const sites: CallSite[] = [];
  let position = 0;
  // Where the last number starts and ends; a call's subroutine number must end where the call is.
  let numberStart = -1;
  let numberEnd = -1;
  while (position < charstring.length && !state.ended) {
    const start = position;
    const end = endOfNumber(charstring, position);
    if (end > 0) {
      state.operands += 1;
      [numberStart, numberEnd, position] = [start, end, end];
      continue;
    }
    const operator = charstring[position++]!;
    if (operator === RETURN) break;
    if (operator === CALLSUBR || operator === CALLGSUBR) {
      const site = callSite(operator === CALLGSUBR, numberEnd === start ? numberStart : -1, { charstring, callStart: start, context });
      sites.push(site);
      state.operands -= 1;
      const [subrs, counts] = site.global ? [context.global, context.calls.global] : [context.local, context.localCalls];
      counts.set(site.index, (counts.get(site.index) ?? 0) + 1);
      run(subrs.at(site.index)!, state, site.global && !context.inGlobal ? { ...context, inGlobal: true } : context);
    } else {
      position = afterOperator(charstring, operator, position, state);
    }
  }
  if (firstRun) context.calls.sites.set(charstring, sites);
}

function callSite(global: boolean, numberStart: number, { charstring, callStart, context }: { charstring: Uint8Array; callStart: number; context: RunContext }): CallSite {
  const number = numberStart < 0 ? undefined : readNumber(charstring, numberStart);
  if (number === undefined || !Number.isInteger(number)) throw new UnsupportedCharstring();
  if (!global && context.inGlobal) throw new UnsupportedCharstring();
  const subrs = global ? context.global : context.local;
  const index = number + subroutineBias(subrs.length);
  if (index < 0 || index >= subrs.length) throw new UnsupportedCharstring();
  return { start: numberStart, end: callStart, global, index };
}

/** Steps past an operator other than a call: the mask bytes of a hintmask, and counts stems. */
function afterOperator(charstring: Uint8Array, operator: number, position: number, state: RunState): number {
  if (operator === ENDCHAR) state.ended = true;
  if (operator === ESCAPE && STACK_OPERATORS.has(charstring[position]!)) throw new UnsupportedCharstring();
  if (STEM_OPERATORS.has(operator) || operator === HINTMASK || operator === CNTRMASK) state.stems += state.operands >> 1;
  state.operands = 0;
  if (operator === HINTMASK || operator === CNTRMASK) return position + ((state.stems + 7) >> 3);
  return operator === ESCAPE ? position + 1 : position;
}

/** Where the Type 2 charstring number at the position ends, or -1 where an operator is. */
function endOfNumber(bytes: Uint8Array, position: number): number {
  const first = bytes[position]!;
  if (first === 28) return position + 3;
  if (first < 32) return -1;
  if (first <= 246) return position + 1;
  return first <= 254 ? position + 2 : position + 5;
}

/** The value of the number at the position. */
function readNumber(bytes: Uint8Array, position: number): number {
  const first = bytes[position]!;
  if (first === 28) return (((bytes[position + 1]! << 8) | bytes[position + 2]!) << 16) >> 16;
  if (first <= 246) return first - 139;
  if (first <= 250) return (first - 247) * 256 + bytes[position + 1]! + 108;
  if (first <= 254) return -(first - 251) * 256 - bytes[position + 1]! - 108;
  return new DataView(bytes.buffer, bytes.byteOffset + position + 1, 4).getInt32(0) / 65536;
}

function encodeNumber(value: number): number[] {
  if (value >= -107 && value <= 107) return [value + 139];
  if (value >= 108 && value <= 1131) return [((value - 108) >> 8) + 247, (value - 108) & 0xff];
  if (value >= -1131 && value <= -108) return [((-value - 108) >> 8) + 251, (-value - 108) & 0xff];
  return [28, (value >> 8) & 0xff, value & 0xff];
}

/** The number added to a written subroutine number, by how many subroutines there are. */
export function subroutineBias(count: number): number {
  if (count < 1240) return 107;
  return count < 33900 ? 1131 : 32768;
}

function renumber(charstrings: Charstrings, calls: Calls): CompactCharstrings {
  const globalOrder = byCalls(calls.global);
  const localOrders = calls.local.map(byCalls);
  const globalNumbers = numbering(globalOrder);
  const localNumbers = localOrders.map(numbering);
  const rewrite = (charstring: Uint8Array, fontDict: number) => rewriteCalls(charstring, calls.sites.get(charstring) ?? [], (site) => (site.global ? globalNumbers : localNumbers[fontDict]!)(site.index));
  return {
    glyphs: charstrings.glyphs.map((glyph, index) => rewrite(glyph, charstrings.fontDicts[index]!)),
    fontDicts: charstrings.fontDicts,
    localSubrs: localOrders.map((order, fontDict) => order.map((index) => rewrite(charstrings.localSubrs[fontDict]!.at(index)!, fontDict))),
    // No global subroutine calls a local one (findCalls made sure), so any font dict will do.
    globalSubrs: globalOrder.map((index) => rewrite(charstrings.globalSubrs.at(index)!, 0)),
  };
}

/** Subroutine indexes, the most called first; ties in their original order, for stable output. */
function byCalls(counts: Map<number, number>): number[] {
  return [...counts].sort(([indexA, countA], [indexB, countB]) => countB - countA || indexA - indexB).map(([index]) => index);
}

/** Old index to the number written before a call to it in the new list. */
function numbering(order: readonly number[]): (index: number) => number {
  const bias = subroutineBias(order.length);
  const newIndex = new Map(order.map((index, position) => [index, position]));
  return (index) => newIndex.get(index)! - bias;
}

function rewriteCalls(charstring: Uint8Array, sites: readonly CallSite[], numberFor: (site: CallSite) => number): Uint8Array {
  if (sites.length === 0) return charstring;
  const numbers = sites.map((site) => encodeNumber(numberFor(site)));
  const length = sites.reduce((sum, site, index) => sum + numbers[index]!.length - (site.end - site.start), charstring.length);
  const rewritten = new Uint8Array(length);
  let copied = 0;
  let written = 0;
  sites.forEach((site, index) => {
    rewritten.set(charstring.subarray(copied, site.start), written);
    written += site.start - copied;
    rewritten.set(numbers[index]!, written);
    written += numbers[index]!.length;
    copied = site.end;
  });
  rewritten.set(charstring.subarray(copied), written);
  return rewritten;
}
