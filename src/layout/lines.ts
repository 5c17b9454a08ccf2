import LineBreaker from 'linebreak';
import type { Measurer } from './measure.js';
import type { TextStyle } from './style.js';

export interface Line {
  text: string;
  width: number;
}

// Summed segment widths can differ from the whole line's by kerning; keep that much in reserve.
const TOLERANCE = 0.5;
/** A last line narrower than this share of the measure is a runt: a short word left alone. */
const RUNT = 0.1;
/** Fixing a runt must leave the line before it at least this full, or the fix shows more than the runt. */
const FULL_ENOUGH = 0.9;

type Measure = (value: string) => number;
/** Extra space where one segment meets the next on a line, such as between Han and Latin. */
type Gap = (before: string, after: string) => number;

/**
 * Greedy line breaking at Unicode (UAX #14) break opportunities: Latin words stay whole, and
 * CJK closing punctuation never starts a line nor opening punctuation ends one. A segment wider
 * than the whole line is split between characters as a last resort. A runt last line takes
 * one more segment from the line above.
 */
export function breakLines(text: string, style: TextStyle, maxWidth: number, measurer: Measurer): Line[] {
  const measure: Measure = (value) => measurer.width(value, style.font, style.size);
  const gap: Gap = (before, after) => measurer.spaceBetween(before, after, style.size);
  const limit = maxWidth - TOLERANCE;
  // Most texts of a form fit on one line: measured whole, their segments need no measuring.
  const whole = text.trimEnd();
  const wholeWidth = measure(whole);
  if (wholeWidth <= limit) return [{ text: whole, width: wholeWidth }];
  const lines = avoidRunt(fillLines(segments(text), { limit, measure, gap }), limit, measure);
  return lines.map((line) => line.join('').trimEnd()).map((line) => ({ text: line, width: measure(line) }));
}

/** Lines as lists of segments, each line filled as far as it goes. */
function fillLines(parts: readonly string[], { limit, measure, gap }: { limit: number; measure: Measure; gap: Gap }): string[][] {
  const lines: string[][] = [];
  let current: string[] = [];
  let currentWidth = 0;
  for (const segment of parts) {
    const visibleWidth = measure(segment.trimEnd());
    const joint = current.length ? gap(current.at(-1)!, segment) : 0;
    if (current.length && currentWidth + joint + visibleWidth > limit) {
      lines.push(current);
      current = [];
      currentWidth = 0;
    }
    if (!current.length && visibleWidth > limit) {
      const pieces = splitCharacters(segment, limit, measure);
      lines.push(...pieces.slice(0, -1).map((piece) => [piece]));
      current = pieces.slice(-1);
      currentWidth = measure(current.join(''));
      continue;
    }
    current.push(segment);
    currentWidth += joint + measure(segment);
  }
  if (current.length) lines.push(current);
  return lines;
}

function avoidRunt(lines: string[][], limit: number, measure: Measure): string[][] {
  const last = lines.at(-1);
  const previous = lines.at(-2);
  if (!last || !previous || previous.length < 2 || measure(last.join('').trimEnd()) >= limit * RUNT) return lines;
  const moved = previous.at(-1)!;
  const longer = [moved, ...last];
  const shorter = previous.slice(0, -1);
  if (measure(longer.join('').trimEnd()) > limit || measure(shorter.join('').trimEnd()) < limit * FULL_ENOUGH) return lines;
  return [...lines.slice(0, -2), shorter, longer];
}

function segments(text: string): string[] {
  const breaker = new LineBreaker(text);
  const result: string[] = [];
  let start = 0;
  for (let next = breaker.nextBreak(); next; next = breaker.nextBreak()) {
    if (next.position > start) result.push(text.slice(start, next.position));
    start = next.position;
  }
  return result;
}

function splitCharacters(segment: string, limit: number, measure: Measure): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const character of segment) {
    if (piece && measure(piece + character) > limit) {
      pieces.push(piece);
      piece = '';
    }
    piece += character;
  }
  return piece ? [...pieces, piece] : pieces;
}
