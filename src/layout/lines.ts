import { cjkFamilyOf, writtenWithoutSpaces } from '../fonts/families.js';
import { breakSegments, phraseSegments, type Segment } from './breaks.js';
import type { Measurer, ShapedParagraph } from './measure.js';
import { SPACING, type TextStyle } from './style.js';

export interface Line {
  text: string;
  width: number;
}

/**
 * What a text is, for breaking it: a paragraph's lines may end between any two characters of
 * Chinese or Japanese (a phrase boundary preferred); a heading's, title's or label's only between
 * phrases, and it is never set full width.
 */
export type LineKind = 'paragraph' | 'heading';

export interface LineRules {
  /** BCP 47 tag of the text's language, whose rules say where a line may end. */
  lang: string;
  kind: LineKind;
}

// Summed segment widths can differ from the whole line's by kerning; keep that much in reserve.
const TOLERANCE = 0.5;
/** Times a paragraph is broken again when a line came out wider than its segments summed. */
const RETRIES = 2;
/** What a line costs beside its slack, so that a text takes no more lines than it needs. */
const LINE_COST = 200;
/** A last line of fewer letters than this in CJK text strands them: never, where there is a way. */
const FEWEST_CJK_LETTERS = 3;
const STRANDED = 100_000;
/** A last line of one word in a language written with spaces: avoided where the lines above allow. */
const ONE_WORD = 100;
/** A line end inside a phrase, in a text that may break there: a tie goes to the phrase boundary. */
const INSIDE_PHRASE = 0.5;
/** The same at the end of a line left ragged, which shows where it ends: worth a few characters' space. */
const RAGGED_INSIDE_PHRASE = 40;
/** A Chinese or Japanese line that would need more than the most justification: ragged, avoided hard. */
const RAGGED_JUSTIFIED = 10_000;

/** A segment and where it lies in the text, by which its width is found: UTF-16 offsets. */
interface Piece extends Segment {
  start: number;
  end: number;
  /** Where the spaces it ends with start, or its end. */
  visibleEnd: number;
}

/**
 * Breaks a text into lines no wider than the measure, at the places its language allows (see
 * breakSegments), choosing all the breaks of the paragraph together (a total fit, as Knuth and
 * Plass's): lines as full as the language wants them (Chinese and Japanese set full width by a
 * small space between characters, others ragged but even), no CJK last line of fewer than three
 * letters, no one-word last line where the lines above can give it company.
 */
export function breakLines(text: string, style: TextStyle, maxWidth: number, measurer: Measurer, rules: LineRules): Line[] {
  const measure = (value: string) => measurer.width(value, style.font, style.size);
  // Most texts of a form fit on one line: measured whole, their segments need no measuring.
  const whole = text.trimEnd();
  const wholeWidth = measure(whole);
  if (wholeWidth <= maxWidth - TOLERANCE) return [{ text: whole, width: wholeWidth }];
  const segments = withOffsets(rules.kind === 'heading' ? phraseSegments(text, rules.lang) : breakSegments(text, rules.lang), 0);
  const paragraph = measurer.paragraph(text, style.font, style.size);
  const tally = tallyAlong(text);
  const costs: Omit<CostRules, 'limit'> = {
    justified: rules.kind === 'paragraph' && writtenWithoutSpaces(rules.lang),
    cjk: cjkFamilyOf(rules.lang) !== undefined,
    maxSpacing: SPACING.maxJustification * style.size,
  };
  // A line set on its own can come out wider than its pieces summed (kerning across the line's
  // end, punctuation closed up in the paragraph but not at a line's end): then the lines are
  // broken again, narrower by that much.
  let limit = maxWidth - TOLERANCE;
  for (let attempt = 0; ; attempt++) {
    const pieces = segments.flatMap((segment) => fitting(segment, { limit, paragraph, lang: rules.lang }));
    const fitted = totalFit(pieces, { paragraph, tally, costs: { ...costs, limit } });
    const lines = fitted.map(({ start, end, summed }) => ({ text: text.slice(start, end), width: paragraph.lineWidth(start, end), summed }));
    const wider = Math.max(...lines.map((line) => line.width - line.summed));
    if (lines.every((line) => line.width <= maxWidth) || attempt === RETRIES) return lines.map(({ text: lineText, width }) => ({ text: lineText, width }));
    limit = maxWidth - TOLERANCE - wider;
  }
}

/** The segments of a text, which starts at the given offset, each with its own offset. */
function withOffsets(segments: readonly Segment[], start: number): Piece[] {
  let offset = start;
  return segments.map((segment) => {
    const { text, phraseEnd } = segment;
    const piece = { text, phraseEnd, start: offset, end: offset + text.length, visibleEnd: offset + text.trimEnd().length };
    offset = piece.end;
    return piece;
  });
}

/** A piece wider than the line in pieces that fit: its own break opportunities, then characters. */
function fitting(piece: Piece, { limit, paragraph, lang }: { limit: number; paragraph: ShapedParagraph; lang: string }): Piece[] {
  if (paragraph.width(piece.start, piece.visibleEnd) <= limit) return [piece];
  const finer = withOffsets(breakSegments(piece.text, lang), piece.start);
  const lastKeepsPhraseEnd = (pieces: Piece[]) => pieces.map((part, index) => (index === pieces.length - 1 ? { ...part, phraseEnd: piece.phraseEnd } : part));
  if (finer.length > 1) return lastKeepsPhraseEnd(finer).flatMap((part) => fitting(part, { limit, paragraph, lang }));
  return lastKeepsPhraseEnd(splitCharacters(piece, limit, paragraph));
}

/** What a line costs by: the pieces' widths are summed against the limit. */
interface CostRules {
  limit: number;
  /** Lines but the last are set full width by spacing their characters, up to maxSpacing each. */
  justified: boolean;
  /** The text's language is Chinese, Japanese or Korean: its last line needs three letters. */
  cjk: boolean;
  maxSpacing: number;
}

/**
 * The pieces as numbers, for the total fit's inner loop, which then reads only typed arrays: by
 * piece, its widths, the space before it, where it starts and where its spaces start, whether a
 * phrase ends after it, and how many pieces before it end a word with a space.
 */
type PieceTable = ReturnType<typeof pieceTable>;

function pieceTable(pieces: readonly Piece[], paragraph: ShapedParagraph) {
  const column = <T extends Float64Array | Uint32Array | Uint8Array>(array: T, value: (piece: Piece, index: number) => number): T => {
    pieces.forEach((piece, index) => (array[index] = value(piece, index)));
    return array;
  };
  const count = pieces.length;
  return {
    full: column(new Float64Array(count), (piece) => paragraph.width(piece.start, piece.end)),
    visible: column(new Float64Array(count), (piece) => paragraph.width(piece.start, piece.visibleEnd)),
    // The space where a piece follows another on a line, such as between Han and Latin.
    joints: column(new Float64Array(count), (piece, index) => (index === 0 ? 0 : paragraph.spaceBefore(piece.start))),
    starts: column(new Uint32Array(count), (piece) => piece.start),
    visibleEnds: column(new Uint32Array(count), (piece) => piece.visibleEnd),
    phraseEnds: column(new Uint8Array(count), (piece) => (piece.phraseEnd ? 1 : 0)),
    spacedBefore: runningCount(pieces.map((piece) => piece.visibleEnd < piece.end)),
  };
}

/** The breaks of least total cost: where each line's text starts and ends, trimmed, and its pieces' summed width. */
function totalFit(pieces: readonly Piece[], { paragraph, tally, costs }: { paragraph: ShapedParagraph; tally: Tally; costs: CostRules }): { start: number; end: number; summed: number }[] {
  const { from, widths } = leastCost(pieceTable(pieces, paragraph), tally, costs);
  const lines: { start: number; end: number; summed: number }[] = [];
  for (let end = pieces.length; end > 0; end = from[end]!) lines.unshift({ start: pieces[from[end]!]!.start, end: trimmedEnd(pieces, from[end]!, end), summed: widths[end]! });
  return lines;
}

/**
 * Dynamic programming over the pieces, as Knuth and Plass's total fit: for each piece, the line
 * ending after it that makes the least cost with the best lines before it.
 */
function leastCost(table: PieceTable, { characters, letters }: Tally, costs: CostRules): { from: Uint32Array; widths: Float64Array } {
  const { full, visible, joints, starts, visibleEnds, phraseEnds, spacedBefore } = table;
  const count = full.length;
  // best[j]: the least cost of lines ending after piece j - 1; from[j]: where the last of them starts.
  const best = new Float64Array(count + 1).fill(Infinity);
  best[0] = 0;
  const from = new Uint32Array(count + 1);
  const widths = new Float64Array(count + 1);
  for (let end = 1; end <= count; end++) {
    const last = end === count;
    const visibleEnd = visibleEnds[end - 1]!;
    let width = visible[end - 1]!;
    for (let start = end - 1; start >= 0; start--) {
      if (start < end - 1) width += full[start]! + joints[start + 1]!;
      if (width > costs.limit && start < end - 1) break;
      const lineStart = starts[start]!;
      const own = last
        ? lastLineCost(letters[visibleEnd]! - letters[lineStart]!, 1 + spacedBefore[end - 1]! - spacedBefore[start]!, start > 0, costs)
        : lineCost(characters[visibleEnd]! - characters[lineStart]!, width, costs);
      const insidePhrase = last || phraseEnds[end - 1] ? 0 : own >= RAGGED_JUSTIFIED ? RAGGED_INSIDE_PHRASE : INSIDE_PHRASE;
      const cost = best[start]! + LINE_COST + own + insidePhrase;
      if (cost < best[end]!) {
        best[end] = cost;
        from[end] = start;
        widths[end] = width;
      }
    }
  }
  return { from, widths };
}

/** Where the text of a line of pieces ends, without the spaces it ends with. */
function trimmedEnd(pieces: readonly Piece[], first: number, end: number): number {
  let index = end - 1;
  while (index > first && pieces[index]!.visibleEnd === pieces[index]!.start) index--;
  return pieces[index]!.visibleEnd;
}

type Tally = ReturnType<typeof tallyAlong>;

/**
 * Running counts along a text, by which a line's characters and letters are counted without
 * scanning it: before each UTF-16 offset, the characters (code points) and the letters and digits.
 */
function tallyAlong(text: string) {
  const characters = new Uint32Array(text.length + 1);
  const letters = new Uint32Array(text.length + 1);
  for (const letter of text.matchAll(/[\p{L}\p{N}]/gu)) letters[letter.index + 1] = 1;
  for (let offset = 0; offset < text.length; offset++) {
    const unit = text.charCodeAt(offset);
    // The second half of a surrogate pair is no character of its own.
    characters[offset + 1] = characters[offset]! + (unit >= 0xdc00 && unit <= 0xdfff ? 0 : 1);
    letters[offset + 1] = letters[offset + 1]! + letters[offset]!;
  }
  return { characters, letters };
}

/** Before each index, how many of the flags before it are set. */
function runningCount(flags: readonly boolean[]): Uint32Array {
  const counts = new Uint32Array(flags.length + 1);
  flags.forEach((flag, index) => (counts[index + 1] = counts[index]! + (flag ? 1 : 0)));
  return counts;
}

/** A line but the last: its slack, spread between characters in justified text, otherwise left at the end. */
function lineCost(characters: number, width: number, costs: CostRules): number {
  const slack = Math.max(costs.limit - width, 0);
  if (!costs.justified) return 1000 * (slack / costs.limit) ** 2;
  const gaps = characters - 1;
  const spacing = gaps > 0 ? slack / gaps : Infinity;
  // Cubed, as Knuth and Plass do: one loose line costs more than the same space spread over two.
  return spacing <= costs.maxSpacing ? 100 * (spacing / costs.maxSpacing) ** 3 : RAGGED_JUSTIFIED + slack;
}

/** The last line costs nothing for its slack, but much for stranding a few letters or one word. */
function lastLineCost(letters: number, words: number, afterOthers: boolean, costs: CostRules): number {
  if (!afterOthers) return 0;
  if (costs.cjk && letters < FEWEST_CJK_LETTERS) return STRANDED;
  return !costs.justified && words < 2 ? ONE_WORD : 0;
}

/** The piece cut between characters into pieces that fit, none of them ending a phrase. */
function splitCharacters(piece: Piece, limit: number, paragraph: ShapedParagraph): Piece[] {
  const pieces: Piece[] = [];
  let start = piece.start;
  let end = start;
  for (const character of piece.text) {
    if (end > start && paragraph.width(start, end + character.length) > limit) {
      pieces.push(slicePiece(piece, start, end));
      start = end;
    }
    end += character.length;
  }
  return end > start ? [...pieces, slicePiece(piece, start, end)] : pieces;
}

function slicePiece(piece: Piece, start: number, end: number): Piece {
  const [sliced] = withOffsets([{ text: piece.text.slice(start - piece.start, end - piece.start), phraseEnd: false }], start);
  return sliced!;
}
