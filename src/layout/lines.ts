import { cjkFamilyOf, writtenWithoutSpaces } from '../fonts/families.js';
import { breakSegments, phraseSegments, type Segment } from './breaks.js';
import type { Measurer, PieceWidth } from './measure.js';
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

/** A segment and where it starts in the text, by which its width is found. */
interface Piece extends Segment {
  start: number;
}

/** Extra space where one segment meets the next on a line, such as between Han and Latin. */
type Gap = (before: string, after: string) => number;

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
  const segments = placed(rules.kind === 'heading' ? phraseSegments(text, rules.lang) : breakSegments(text, rules.lang), 0);
  const widthOf = measurer.pieceWidths(text, style.font, style.size);
  const model: Omit<FitModel, 'limit'> = {
    widthOf,
    gap: (before, after) => measurer.spaceBetween(before, after, style.size),
    justified: rules.kind === 'paragraph' && writtenWithoutSpaces(rules.lang),
    cjk: cjkFamilyOf(rules.lang) !== undefined,
    maxSpacing: SPACING.maxJustification * style.size,
  };
  // A line measured whole can come out wider than its pieces summed (kerning across the line's
  // end, punctuation closed up in the paragraph but not at a line's end): then the lines are
  // broken again, narrower by that much.
  let limit = maxWidth - TOLERANCE;
  for (let attempt = 0; ; attempt++) {
    const pieces = segments.flatMap((segment) => fitting(segment, { limit, widthOf, lang: rules.lang }));
    const lines = totalFit(pieces, { ...model, limit }).map((line) => ({ ...line, width: measure(line.text) }));
    const wider = Math.max(...lines.map((line) => line.width - line.summed));
    if (lines.every((line) => line.width <= maxWidth) || attempt === RETRIES) return lines.map(({ text: lineText, width }) => ({ text: lineText, width }));
    limit = maxWidth - TOLERANCE - wider;
  }
}

/** The segments of a text, which starts at the given offset, each with its own offset. */
function placed(segments: readonly Segment[], start: number): Piece[] {
  let offset = start;
  return segments.map((segment) => {
    const piece = { ...segment, start: offset };
    offset += segment.text.length;
    return piece;
  });
}

/** The width of a piece without the spaces it ends with, where a line may end. */
function visibleWidth(piece: Piece, widthOf: PieceWidth): number {
  return widthOf(piece.start, piece.start + piece.text.trimEnd().length);
}

/** A piece wider than the line in pieces that fit: its own break opportunities, then characters. */
function fitting(piece: Piece, { limit, widthOf, lang }: { limit: number; widthOf: PieceWidth; lang: string }): Piece[] {
  if (visibleWidth(piece, widthOf) <= limit) return [piece];
  const finer = placed(breakSegments(piece.text, lang), piece.start);
  const lastKeepsPhraseEnd = (pieces: Piece[]) => pieces.map((part, index) => ({ ...part, phraseEnd: index === pieces.length - 1 ? piece.phraseEnd : part.phraseEnd }));
  if (finer.length > 1) return lastKeepsPhraseEnd(finer).flatMap((part) => fitting(part, { limit, widthOf, lang }));
  return lastKeepsPhraseEnd(splitCharacters(piece, limit, widthOf));
}

interface FitModel {
  limit: number;
  widthOf: PieceWidth;
  gap: Gap;
  /** Lines but the last are set full width by spacing their characters, up to maxSpacing each. */
  justified: boolean;
  /** The text's language is Chinese, Japanese or Korean: its last line needs three letters. */
  cjk: boolean;
  maxSpacing: number;
}

/** The breaks of least total cost, found by dynamic programming over the segments: each line's text, trimmed, and its segments' summed width. */
function totalFit(pieces: readonly Piece[], model: FitModel): { text: string; summed: number }[] {
  const count = pieces.length;
  const full = pieces.map((piece) => model.widthOf(piece.start, piece.start + piece.text.length));
  const visible = pieces.map((piece) => visibleWidth(piece, model.widthOf));
  const joints = pieces.map((piece, index) => (index === 0 ? 0 : model.gap(pieces[index - 1]!.text, piece.text)));
  const characters = pieces.map((piece) => [...piece.text].length);
  const visibleCharacters = pieces.map((piece) => [...piece.text.trimEnd()].length);
  const letters = pieces.map((piece) => piece.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0);
  const spaced = pieces.map((piece) => /\s$/u.test(piece.text));
  // best[j]: the least cost of lines ending after piece j - 1; from[j]: where the last of them starts.
  const best = [0, ...Array<number>(count).fill(Infinity)];
  const from = Array<number>(count + 1).fill(0);
  const widths = Array<number>(count + 1).fill(0);
  for (let end = 1; end <= count; end++) {
    let width = visible[end - 1]!;
    let length = visibleCharacters[end - 1]!;
    const line = { letters: letters[end - 1]!, words: 1 };
    for (let start = end - 1; start >= 0; start--) {
      if (start < end - 1) {
        width += full[start]! + joints[start + 1]!;
        length += characters[start]!;
        line.letters += letters[start]!;
        line.words += spaced[start]! ? 1 : 0;
      }
      if (width > model.limit && start < end - 1) break;
      const last = end === count;
      const own = last ? lastLineCost(line, start > 0, model) : lineCost(length, width, model);
      const insidePhrase = last || pieces[end - 1]!.phraseEnd ? 0 : own >= RAGGED_JUSTIFIED ? RAGGED_INSIDE_PHRASE : INSIDE_PHRASE;
      const cost = best[start]! + LINE_COST + own + insidePhrase;
      if (cost < best[end]!) {
        best[end] = cost;
        from[end] = start;
        widths[end] = width;
      }
    }
  }
  const lines: { text: string; summed: number }[] = [];
  for (let end = count; end > 0; end = from[end]!) lines.unshift({ text: joinPieces(pieces, from[end]!, end), summed: widths[end]! });
  return lines;
}

function joinPieces(pieces: readonly Segment[], start: number, end: number): string {
  return pieces.slice(start, end).map((piece) => piece.text).join('').trimEnd();
}

/** A line but the last: its slack, spread between characters in justified text, otherwise left at the end. */
function lineCost(characters: number, width: number, model: FitModel): number {
  const slack = Math.max(model.limit - width, 0);
  if (!model.justified) return 1000 * (slack / model.limit) ** 2;
  const gaps = characters - 1;
  const spacing = gaps > 0 ? slack / gaps : Infinity;
  // Cubed, as Knuth and Plass do: one loose line costs more than the same space spread over two.
  return spacing <= model.maxSpacing ? 100 * (spacing / model.maxSpacing) ** 3 : RAGGED_JUSTIFIED + slack;
}

/** The last line costs nothing for its slack, but much for stranding a few letters or one word. */
function lastLineCost({ letters, words }: { letters: number; words: number }, afterOthers: boolean, model: FitModel): number {
  if (!afterOthers) return 0;
  if (model.cjk && letters < FEWEST_CJK_LETTERS) return STRANDED;
  return !model.justified && words < 2 ? ONE_WORD : 0;
}

/** The piece cut between characters into pieces that fit, none of them ending a phrase. */
function splitCharacters(piece: Piece, limit: number, widthOf: PieceWidth): Piece[] {
  const pieces: Piece[] = [];
  let start = piece.start;
  let end = start;
  for (const character of piece.text) {
    if (end > start && widthOf(start, end + character.length) > limit) {
      pieces.push(slicePiece(piece, start, end));
      start = end;
    }
    end += character.length;
  }
  return end > start ? [...pieces, slicePiece(piece, start, end)] : pieces;
}

function slicePiece(piece: Piece, start: number, end: number): Piece {
  return { text: piece.text.slice(start - piece.start, end - piece.start), phraseEnd: false, start };
}
