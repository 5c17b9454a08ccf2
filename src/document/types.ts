import type { SourcePosition } from '../diagnostics.js';

/** A text in one or both of the document's languages. */
export interface Texts {
  primary?: string;
  secondary?: string;
}

interface BlockBase {
  /** The template position that wrote this block. */
  at: SourcePosition;
}

export interface HeadingBlock extends BlockBase {
  type: 'heading';
  level: 1 | 2 | 3;
  text: Texts;
}

/** A lead paragraph is set larger; a subtitle too, and broken and set as a title is. */
export type ParagraphVariant = 'body' | 'lead' | 'subtitle';

export interface ParagraphBlock extends BlockBase {
  type: 'paragraph';
  variant: ParagraphVariant;
  text: Texts;
}

export interface ListBlock extends BlockBase {
  type: 'list';
  items: Texts[];
}

export interface Step {
  title: Texts;
  body: Block[];
}

export interface StepsBlock extends BlockBase {
  type: 'steps';
  steps: Step[];
}

export interface ChecklistBlock extends BlockBase {
  type: 'checklist';
  items: Texts[];
}

export type FieldKind = 'text' | 'phone' | 'date' | 'choice' | 'checkboxes';

export interface FieldOption {
  id: string;
  label: Texts;
}

export interface FieldBlock extends BlockBase {
  type: 'field';
  id: string;
  kind: FieldKind;
  label: Texts;
  options: FieldOption[];
  /** Write-in lines for the answer, 1 to 6. */
  lines: number;
  /** The most characters an answer may have, if limited. */
  maxLength?: number;
}

export interface SignatureBlock extends BlockBase {
  type: 'signature';
  sign: Texts;
  /** Absent where the form asks for the date as a field of its own. */
  date?: Texts;
}

export interface NoteBlock extends BlockBase {
  type: 'note';
  body: Block[];
}

export interface BoxBlock extends BlockBase {
  type: 'box';
  title: Texts;
  body: Block[];
}

export interface PageBreakBlock extends BlockBase {
  type: 'pagebreak';
}

export type Block =
  | HeadingBlock
  | ParagraphBlock
  | ListBlock
  | StepsBlock
  | ChecklistBlock
  | FieldBlock
  | SignatureBlock
  | NoteBlock
  | BoxBlock
  | PageBreakBlock;

export interface DocumentMetadata {
  title: string;
  subject: string;
  /** BCP 47 tags. */
  lang: string;
  secondaryLang: string;
  footer: string;
  /** The most pages the document may take, if limited. */
  maxPages: number | undefined;
}

export interface DocumentTree {
  name: string;
  file: string;
  metadata: DocumentMetadata;
  blocks: Block[];
}
