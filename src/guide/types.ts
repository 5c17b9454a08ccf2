import type { z } from 'zod';
import type { buildGuideSchema } from './schema.js';

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

/** A guide as its schema reads it (see schema.ts), and the path it was loaded from, for messages. */
export interface Guide extends z.output<ReturnType<typeof buildGuideSchema>> {
  file: string;
}

export type Section = Guide['sections'][number];
export type Step = Section['steps'][number];
export type Checklist = Guide['checklist'];
export type ChecklistGroup = Checklist['groups'][number];
export type FormDefinition = Guide['form'];
export type FormField = FormDefinition['fields'][number];
export type FieldOption = FormField['options'][number];
export type FieldType = FormField['type'];
export type PhoneRule = NonNullable<FormField['phone']>;
export type StaffField = FormDefinition['staff']['fields'][number];
