/** A validated answer, ready to print: text already normalised (and masked where sensitive). */
export type FieldValue = { kind: 'text'; text: string } | { kind: 'options'; ids: readonly string[] };

/** The answers of one person, by field id. Fields left empty are absent. */
export type FormValues = Readonly<Record<string, FieldValue>>;

/**
 * Raw answers as typed on the command line or a web form, or read from a file or CSV row, by
 * field id: a checkboxes field may take a list, or its option ids separated by commas.
 */
export type RawValues = Readonly<Record<string, string | readonly string[]>>;

export interface ValueOptions {
  /** Print sensitive fields in full instead of masked. */
  showSensitive: boolean;
  /** Today's local date, for the value `today`. */
  today: string;
  /** Where the values came from, for messages: a file, or a CSV file and row. */
  source: { file?: string; row?: number };
}
