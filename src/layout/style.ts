import type { FontRole } from '../fonts/index.js';
import type { LineKind } from './lines.js';

export interface TextStyle {
  font: FontRole;
  size: number;
  /** Line height as a multiple of the size. */
  leading: number;
  color: string;
}

const INK = '#000000';
// Dark enough to print solid on a laser printer; the smaller size is what sets it apart.
const SECONDARY_INK = '#333333';

const style = (font: FontRole, size: number, leading: number, color = INK): TextStyle => ({ font, size, leading, color });

/** A primary-language style and the style of its secondary-language companion. */
export interface PairStyle {
  primary: TextStyle;
  secondary: TextStyle;
  /** Space between the primary and the secondary text when stacked. */
  gap: number;
  /** A heading's, title's or label's lines end only between phrases and are never set full width. */
  lines: LineKind;
}

export const STYLES = {
  title: { primary: style('bold', 20, 1.3), secondary: style('regular', 13, 1.3, SECONDARY_INK), gap: 2, lines: 'heading' },
  section: { primary: style('bold', 14.5, 1.35), secondary: style('bold', 11, 1.35, SECONDARY_INK), gap: 0, lines: 'heading' },
  group: { primary: style('bold', 12, 1.4), secondary: style('bold', 10.5, 1.4, SECONDARY_INK), gap: 0, lines: 'heading' },
  lead: { primary: style('regular', 12, 1.6), secondary: style('regular', 10.5, 1.45, SECONDARY_INK), gap: 2, lines: 'paragraph' },
  subtitle: { primary: style('regular', 12, 1.6), secondary: style('regular', 10.5, 1.45, SECONDARY_INK), gap: 2, lines: 'heading' },
  body: { primary: style('regular', 10.5, 1.6), secondary: style('regular', 10, 1.35, SECONDARY_INK), gap: 2, lines: 'paragraph' },
  stepTitle: { primary: style('bold', 11.5, 1.4), secondary: style('bold', 10, 1.4, SECONDARY_INK), gap: 0, lines: 'heading' },
  label: { primary: style('regular', 10.5, 1.4), secondary: style('regular', 9.5, 1.4, SECONDARY_INK), gap: 0, lines: 'heading' },
  boxTitle: { primary: style('bold', 11, 1.4), secondary: style('bold', 10, 1.4, SECONDARY_INK), gap: 0, lines: 'heading' },
} satisfies Record<string, PairStyle>;

// Footers are labels: 9 pt is the smallest text that stays legible from a laser printer.
export const FOOTER = style('regular', 9, 1.2, SECONDARY_INK);
/** Prefilled answers: bold and larger than the labels, so they stand apart in black-and-white print. */
export const VALUE = { style: style('bold', 12, 1.15), minSize: 7, readableSize: 9, inset: 4 };
export const STEP_NUMBER = style('bold', 12, 1.5);

export const SPACING = {
  paragraph: 8,
  section: 18,
  group: 10,
  stepGutter: 24,
  step: 9,
  listIndent: 14,
  checkbox: 10,
  checkboxGap: 8,
  checklistItem: 4,
  /** Row pitch of write-in fields: over 10 mm, room for handwriting. */
  fieldRow: 30,
  /** A row's text baseline sits this far above the row's bottom. */
  rowBaselineRaise: 9,
  /**
   * The write-in line is drawn this far below the baseline; prefilled text stands on the baseline,
   * and the descenders of its g, p and y (a quarter em at 12 pt) stay clear of the line.
   */
  writeInDrop: 4.5,
  /** Top of the space a prefilled value may take within its row. */
  writeInTop: 4,
  optionRow: 24,
  /** Between the lines of one answer written on several: 8.5 mm, as ruled writing paper. */
  continuedRow: 24,
  checkboxLabelGap: 5,
  fieldLabelGap: 16,
  optionGap: 16,
  signatureSpace: 30,
  framePadding: 7,
  /** Steps up to this height are never split across pages. */
  shortStep: 100,
  /** Between the two language columns of the parallel layout. */
  columnGap: 14,
  /**
   * Chinese lines are set full width: the space a line lacks is spread between its characters, up
   * to this fraction of an em each; a line that would need more stays ragged rather than gappy.
   */
  maxJustification: 0.15,
};

export const RULE = { heavy: 1.2, light: 0.6, writeIn: 0.7, frame: 0.9, color: INK, muted: '#777777' };
export const NOTE_FILL = '#f0f0f0';
