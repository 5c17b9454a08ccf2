import type { FamilyName } from '../fonts/families.js';
import type { MessageId } from '../messages/index.js';

/** One text in the guide's two languages, whatever the language pair is. */
export interface Bilingual {
  primary: string;
  secondary: string;
}

export interface Language {
  /** The key texts use in the YAML file, such as `zh`. */
  key: string;
  /** BCP 47 tag written into the PDF, such as `zh-Hans`. */
  tag: string;
  name: string;
}

export interface Step {
  id: string;
  title: Bilingual;
  body: Bilingual[];
  list: Bilingual[];
}

export interface Section {
  id: string;
  heading: Bilingual;
  paragraphs: Bilingual[];
  steps: Step[];
  closing: Bilingual[];
}

export interface ChecklistGroup {
  id: string;
  heading: Bilingual;
  items: Bilingual[];
}

export interface Checklist {
  title: Bilingual;
  intro: Bilingual[];
  groups: ChecklistGroup[];
}

export interface FieldOption {
  id: string;
  label: Bilingual;
}

export type FieldType = 'text' | 'phone' | 'date' | 'choice' | 'checkboxes';

/** How a phone number is written down: `format` has a # per digit of the national number. */
export interface PhoneRule {
  /** Calling code that may stand in front of the number (`+63`), replaced by the trunk prefix. */
  countryCode?: string;
  trunkPrefix: string;
  format: string;
  /** A number written as the format wants, shown in the hint; made from the format and trunk prefix when absent. */
  example?: string;
}

export interface FormField {
  id: string;
  type: FieldType;
  label: Bilingual;
  required: boolean;
  maxLength?: number;
  /** Write-in lines a text field gives its answer, 1 to 6; an answer wraps across them before it shrinks. */
  lines: number;
  /** Printed masked (only the last 4 characters shown) unless the user asks otherwise. */
  sensitive: boolean;
  phone?: PhoneRule;
  /** Only for `choice` and `checkboxes`. */
  options: FieldOption[];
}

export interface StaffField {
  id: string;
  label: Bilingual;
}

export interface FormDefinition {
  title: Bilingual;
  request: Bilingual[];
  fields: FormField[];
  /** The date beside the signature: left out where the form has a date field of its own. */
  signature: { customer: Bilingual; date?: Bilingual };
  staff: { heading: Bilingual; fields: StaffField[] };
}

export interface Guide {
  /** Path the guide was loaded from, for messages. */
  file: string;
  id: string;
  languages: { primary: Language; secondary: Language };
  /** Families the guide sets a language's texts in first, a house style, by language tag; empty for the usual faces. */
  fonts: Record<string, FamilyName[]>;
  /** The web page's own words as the guide writes them, by message id, over the shipped catalogs'. */
  ui: Partial<Record<MessageId, Partial<Bilingual>>>;
  /** ISO date (YYYY-MM-DD) the content was last checked. */
  contentDate: string;
  title: Bilingual;
  subtitle?: Bilingual;
  intro: Bilingual[];
  sections: Section[];
  checklist: Checklist;
  form: FormDefinition;
}
