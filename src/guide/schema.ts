import { z } from 'zod';
import type { Bilingual, Language } from './types.js';
import { isCalendarDate } from '../dates.js';
import { describeCharacter } from '../diagnostics.js';
import { FAMILY_NAMES, type FamilyName } from '../fonts/families.js';
import { isMessageId, MESSAGE_IDS, messageProblem, type MessageId } from '../messages/index.js';
import { closestName } from '../suggest.js';
import { findForbiddenCharacter, normalizeText } from './text.js';

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The schemas every guide shares, built at their first use: a rebuild, which takes its guide from
 * the cache, never loads zod.
 */
function sharedSchemas() {
  const id = z.string().regex(ID_PATTERN, 'must be lowercase letters, digits and single hyphens, such as "in-store"');

  const text = z
    .string()
    .superRefine((value, context) => {
      const bad = findForbiddenCharacter(value);
      if (bad) context.addIssue({ code: 'custom', message: `contains the invisible control character ${describeCharacter(bad)}` });
    })
    .transform(normalizeText)
    .refine((value) => value.length > 0, 'must not be empty');

  const language = z.object({ key: z.string().regex(/^[a-z]{2,3}$/, 'must be a short key such as "zh" or "en"'), tag: z.string().min(2), name: z.string().min(1) }).strict();

  // How a phone number is written down: `format` has a # per digit of the national number; the
  // calling code (`+63`) that may stand in front of it is replaced by the trunk prefix; the example
  // is shown in the hint, made from the format and trunk prefix when absent.
  const phoneRule = z
    .object({
      country_code: z.string().regex(/^\d{1,3}$/, 'must be the country calling code without "+", such as "63"').optional(),
      trunk_prefix: z.string().regex(/^\d{0,2}$/, 'must be the digits dialled before a national number, such as "0"').default(''),
      format: z.string().regex(/^[# ()-]*#[# ()-]*$/, 'must be a pattern of # for digits, with spaces, hyphens or brackets, such as "#### ### ####"'),
      example: z.string().optional(),
    })
    .strict()
    .superRefine(({ format, example }, context) => {
      const digits = (text: string) => text.replace(/[^#\d]/g, '').length;
      if (example !== undefined && (!/^[\d ()-]+$/.test(example) || digits(example) !== digits(format))) {
        context.addIssue({ code: 'custom', path: ['example'], message: `must be a phone number written like the format "${format}"` });
      }
    })
    // Keys without a value are left out, as JSON leaves them out: a guide kept between runs reads back equal.
    .transform(({ country_code, trunk_prefix, format, example }) => ({ ...(country_code === undefined ? {} : { countryCode: country_code }), trunkPrefix: trunk_prefix, format, ...(example === undefined ? {} : { example }) }));

  const languages = z
    .object({ primary: language, secondary: language })
    .strict()
    .refine((languages) => languages.primary.key !== languages.secondary.key, 'primary and secondary must use different keys');
  // One family, or a list of them in order of preference.
  const unknownFamily = `must be one of ${FAMILY_NAMES.map((family) => `"${family}"`).join(', ')}`;
  const families = z
    .union([z.string(), z.array(z.string()).min(1)])
    .superRefine((value, context) => {
      const names = Array.isArray(value) ? value : [value];
      names.forEach((name, index) => {
        if (!FAMILY_NAMES.includes(name as FamilyName)) context.addIssue({ code: 'custom', path: Array.isArray(value) ? [index] : [], message: unknownFamily });
      });
    })
    .transform((value) => (Array.isArray(value) ? value : [value]) as FamilyName[]);
  return { id, text, phoneRule, languages, families };
}

let shared: ReturnType<typeof sharedSchemas> | undefined;
const schemas = () => (shared ??= sharedSchemas());

/** The guide's two languages, which the rest of its schema is keyed by. */
export const languagesSchema = () => schemas().languages;

type LanguageKeys = { primary: string; secondary: string };
type Languages = { primary: Language; secondary: Language };

/** The full guide schema; text objects are keyed by the guide's own two language keys. */
export function buildGuideSchema(guideLanguages: Languages) {
  const { id, text, phoneRule, languages, families } = schemas();
  const keys: LanguageKeys = { primary: guideLanguages.primary.key, secondary: guideLanguages.secondary.key };
  const bilingual: z.ZodType<Bilingual, z.ZodTypeDef, unknown> = z
    .object({ [keys.primary]: text, [keys.secondary]: text })
    .strict()
    .transform((value) => ({ primary: value[keys.primary] as string, secondary: value[keys.secondary] as string }));
  const texts = z.array(bilingual).default([]);
  const ui = uiSchema(guideLanguages, keys, text);

  const step = z.object({ id, title: bilingual, body: texts, list: texts }).strict();
  const section = z.object({ id, heading: bilingual, paragraphs: texts, steps: z.array(step).default([]), closing: texts }).strict();
  const checklistGroup = z.object({ id, heading: bilingual, items: z.array(bilingual).min(1) }).strict();
  const option = z.object({ id, label: bilingual }).strict();
  const field = z
    .object({
      id,
      type: z.enum(['text', 'phone', 'date', 'choice', 'checkboxes']),
      label: bilingual,
      required: z.boolean().default(false),
      max_length: z.number().int().positive().optional(),
      // Write-in lines a text field gives its answer; an answer wraps across them before it shrinks.
      lines: z.number().int().min(1, 'must be 1 to 6 write-in lines').max(6, 'must be 1 to 6 write-in lines').optional(),
      // Printed masked (only the last 4 characters shown) unless the user asks otherwise.
      sensitive: z.boolean().default(false),
      phone: phoneRule.optional(),
      // Only for `choice` and `checkboxes`.
      options: z.array(option).default([]),
    })
    .strict()
    .superRefine((value, context) => {
      const needsOptions = value.type === 'choice' || value.type === 'checkboxes';
      if (needsOptions && value.options.length === 0) {
        context.addIssue({ code: 'custom', path: ['options'], message: `a ${value.type} field needs a list of options` });
      }
      if (!needsOptions && value.options.length > 0) {
        context.addIssue({ code: 'custom', path: ['options'], message: `a ${value.type} field cannot have options` });
      }
      if (value.phone && value.type !== 'phone') context.addIssue({ code: 'custom', path: ['phone'], message: `only a phone field can have a phone rule` });
      if (value.lines !== undefined && value.type !== 'text') context.addIssue({ code: 'custom', path: ['lines'], message: `only a text field can have several write-in lines` });
      uniqueIds(value.options, context, ['options']);
    })
    .transform(({ max_length, lines = 1, ...rest }) => ({ ...rest, lines, ...(max_length === undefined ? {} : { maxLength: max_length }) }));

  return z
    .object({
      schema: z.literal(1),
      id,
      languages,
      // Families the guide sets a language's texts in first, a house style; by language tag once read.
      fonts: z.object({ [keys.primary]: families.optional(), [keys.secondary]: families.optional() }).strict().default({}),
      // The web page's own words as the guide writes them, by message id, over the shipped catalogs'.
      ui: ui.default({}),
      // The date the content was last checked.
      content_date: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
        .refine((value) => !/^\d{4}-\d{2}-\d{2}$/.test(value) || isCalendarDate(value), 'is not a real calendar date'),
      title: bilingual,
      subtitle: bilingual.optional(),
      intro: texts,
      sections: z.array(section).min(1),
      checklist: z.object({ title: bilingual, intro: texts, groups: z.array(checklistGroup).min(1) }).strict(),
      form: z
        .object({
          title: bilingual,
          request: texts,
          fields: z.array(field).min(1),
          // The date beside the signature: left out where the form has a date field of its own.
          signature: z.object({ customer: bilingual, date: bilingual.optional() }).strict(),
          staff: z.object({ heading: bilingual, fields: z.array(z.object({ id, label: bilingual }).strict()) }).strict(),
        })
        .strict(),
    })
    .strict()
    .superRefine((guide, context) => {
      uniqueIds(guide.sections, context, ['sections']);
      guide.sections.forEach((section, index) => uniqueIds(section.steps, context, ['sections', index, 'steps']));
      uniqueIds(guide.checklist.groups, context, ['checklist', 'groups']);
      uniqueIds(guide.form.fields, context, ['form', 'fields']);
      uniqueIds(guide.form.staff.fields, context, ['form', 'staff', 'fields']);
    })
    .transform(({ schema: _schema, content_date, fonts, ...rest }) => ({ ...rest, fonts: byTag(fonts, rest.languages, keys), contentDate: content_date }));
}

/**
 * The web page's own words the guide writes itself, by message id, in one or both of its
 * languages: each id must be one the page says, and each text a valid ICU message.
 */
function uiSchema(languages: Languages, keys: LanguageKeys, text: z.ZodType<string, z.ZodTypeDef, unknown>) {
  const roles = ['primary', 'secondary'] as const;
  const message = z
    .object({ [keys.primary]: text.optional(), [keys.secondary]: text.optional() })
    .strict()
    .refine((value) => roles.some((role) => value[keys[role]] !== undefined), `needs a text in ${keys.primary} or ${keys.secondary}`)
    .transform((value) => Object.fromEntries(roles.flatMap((role) => (value[keys[role]] === undefined ? [] : [[role, value[keys[role]] as string]]))) as Partial<Bilingual>);
  return z.record(z.string(), message).superRefine((messages, context) => {
    for (const [id, texts] of Object.entries(messages)) {
      if (!isMessageId(id)) {
        const closest = closestName(id, MESSAGE_IDS);
        context.addIssue({ code: 'custom', path: [id], message: `"${id}" is not a message of the web page${closest ? ` (did you mean "${closest}"?)` : ''}` });
        continue;
      }
      for (const role of roles) {
        const problem = texts[role] === undefined ? undefined : messageProblem(id, texts[role]!, languages[role].tag);
        if (problem) context.addIssue({ code: 'custom', path: [id, keys[role]], message: problem });
      }
    }
  }) as z.ZodType<Partial<Record<MessageId, Partial<Bilingual>>>, z.ZodTypeDef, unknown>;
}

/** The families named for each language key, by the language's tag, which documents are marked with. */
function byTag(fonts: Record<string, FamilyName[] | undefined>, languages: Languages, keys: LanguageKeys): Record<string, FamilyName[]> {
  return Object.fromEntries((['primary', 'secondary'] as const).flatMap((role) => (fonts[keys[role]] ? [[languages[role].tag, fonts[keys[role]]!]] : [])));
}

function uniqueIds(items: readonly { id: string }[], context: z.RefinementCtx, path: (string | number)[]): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) {
      context.addIssue({ code: 'custom', path: [...path, index, 'id'], message: `duplicate id "${item.id}"` });
    }
    seen.add(item.id);
  });
}
