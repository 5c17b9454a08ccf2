import type { FormField, Guide } from '../guide/index.js';
import { PAIR_LAYOUTS, PAPER_NAMES, type PairLayout, type PaperName, type RawValues } from '../index.js';
import { guideTexts } from './pages.js';
import type { SentProblem } from './tasks.js';
import { twoTexts, WORDS, type TwoTexts } from './words.js';

/** A problem as the page shows it: both languages, and the hint. */
export interface SaidView {
  zh: string;
  en: string;
  hint: { zh: string; en: string } | null;
}

export function saidOf(problem: SentProblem): SaidView {
  const { message, hint, chinese } = problem;
  return { zh: chinese?.message ?? '', en: message, hint: hint ? { zh: chinese?.hint ?? '', en: hint } : null };
}

/** What the page's own controls chose, beside the person's answers; their names start with _ as no field id can. */
export interface FormChoices {
  paper: PaperName;
  layout: PairLayout;
  showIdNumber: boolean;
}

export const DEFAULT_CHOICES: FormChoices = { paper: 'a4', layout: 'stacked', showIdNumber: false };

export const PAPER_LABELS: Record<PaperName, TwoTexts> = {
  a4: twoTexts('A4', 'A4'),
  letter: twoTexts('Letter（美国信纸）', 'US Letter'),
  folio: twoTexts('Folio（8.5×13 英寸长纸）', 'Folio (8.5 × 13 in, long bond)'),
};
const LAYOUT_LABELS: Record<PairLayout, TwoTexts> = { stacked: WORDS.stacked, parallel: WORDS.parallel };

/** The paper and layout pickers, with the current choice ticked. */
export function pickers(choices: Pick<FormChoices, 'paper' | 'layout'>) {
  return {
    paper: { name: '_paper', legend: WORDS.paper, options: PAPER_NAMES.map((value) => ({ value, label: PAPER_LABELS[value], checked: value === choices.paper })) },
    layout: { name: '_layout', legend: WORDS.layout, options: PAIR_LAYOUTS.map((value) => ({ value, label: LAYOUT_LABELS[value], checked: value === choices.layout })) },
  };
}

const INPUTS: Record<FormField['type'], { type: string; inputMode: string | null } | null> = {
  text: { type: 'text', inputMode: null },
  phone: { type: 'tel', inputMode: 'tel' },
  date: { type: 'date', inputMode: null },
  choice: null,
  checkboxes: null,
};

/**
 * The form page's view: one input per field of the guide, with its labels, its limits and what
 * the person typed, and each problem beside the field it concerns.
 */
export function formView(guide: Guide, { values, choices, problems }: { values: RawValues; choices: FormChoices; problems: readonly SentProblem[] }) {
  const texts = guideTexts(guide);
  const fields = guide.form.fields.map((field) => fieldView(field, { texts, given: values[field.id], problems: problems.filter((problem) => problem.position.path === field.id) }));
  return {
    title: texts(guide.form.title),
    fields,
    problems: problems.map((problem) => {
      const field = fields.find((each) => each.id === problem.position.path);
      return { href: field ? `#${field.focusId}` : null, label: field?.label ?? null, said: saidOf(problem) };
    }),
    showIdNumber: choices.showIdNumber,
    ...pickers(choices),
  };
}

const LONGEST_ECHO = 200;
const SENSITIVE_NOTE = twoTexts('打印时只显示后四位', 'printed showing only its last four characters');

function fieldView(field: FormField, { texts, given, problems }: { texts: ReturnType<typeof guideTexts>; given: RawValues[string] | undefined; problems: readonly SentProblem[] }) {
  const entries = typeof given === 'string' ? [given] : [...(given ?? [])];
  const input = INPUTS[field.type];
  const options = field.options.map((option) => ({ value: option.id, inputId: `f-${field.id}-${option.id}`, label: texts(option.label), checked: entries.includes(option.id) }));
  const note = field.sensitive ? SENSITIVE_NOTE : null;
  return {
    id: field.id,
    inputId: `f-${field.id}`,
    focusId: input ? `f-${field.id}` : (options[0]?.inputId ?? `field-${field.id}`),
    label: texts(field.label),
    required: field.required,
    // Shown again no longer than the page lets a person type: a program's megabyte is not sent back.
    input: input && { ...input, value: (entries[0] ?? '').slice(0, field.maxLength ?? LONGEST_ECHO), maxLength: field.maxLength ?? null },
    optionType: field.type === 'checkboxes' ? 'checkbox' : 'radio',
    options,
    note,
    describedBy: [note ? `${field.id}-note` : '', `${field.id}-problem`].filter(Boolean).join(' '),
    problems: problems.map(saidOf),
  };
}
