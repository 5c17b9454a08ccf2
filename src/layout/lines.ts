import LineBreaker from 'linebreak';
import type { Measurer } from './measure.js';
import type { TextStyle } from './style.js';

export interface Line {
  text: string;
  width: number;
}

// Summed segment widths can differ from the whole line's by kerning; keep that much in reserve.
const TOLERANCE = 0.5;

/**
 * Greedy line breaking at Unicode (UAX #14) break opportunities: Latin words stay whole, and
 * CJK closing punctuation never starts a line nor opening punctuation ends one. A segment wider
 * than the whole line is split between characters as a last resort.
 */
export function breakLines(text: string, style: TextStyle, maxWidth: number, measurer: Measurer): Line[] {
  const measure = (value: string) => measurer.width(value, style.font, style.size);
  const limit = maxWidth - TOLERANCE;
  const lines: string[] = [];
  let current = '';
  let currentWidth = 0;

  for (const segment of segments(text)) {
    const visibleWidth = measure(segment.trimEnd());
    if (current && currentWidth + visibleWidth > limit) {
      lines.push(current);
      current = '';
      currentWidth = 0;
    }
    if (!current && visibleWidth > limit) {
      const pieces = splitCharacters(segment, limit, measure);
      lines.push(...pieces.slice(0, -1));
      current = pieces.at(-1) ?? '';
      currentWidth = measure(current);
      continue;
    }
    current += segment;
    currentWidth += measure(segment);
  }
  if (current) lines.push(current);
  return lines.map((line) => line.trimEnd()).map((line) => ({ text: line, width: measure(line) }));
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

function splitCharacters(segment: string, limit: number, measure: (value: string) => number): string[] {
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
