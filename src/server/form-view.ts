import type { FormField, Guide } from '../guide/index.js';
import { PAIR_LAYOUTS, PAPER_NAMES, type PairLayout, type PaperName, type RawValues } from '../index.js';
import { said } from '../messages/index.js';
import type { SentProblem } from './tasks.js';
import type { PageWords } from './words.js';

/** What the page's own controls chose, beside the person's answers; their names start with _ as no field id can. */
export interface FormChoices {
  paper: PaperName;
  layout: PairLayout;
  showIdNumber: boolean;
}

export const DEFAULT_CHOICES: FormChoices = { paper: 'a4', layout: 'stacked', showIdNumber: false };

/** The paper and layout pickers, with the current choice ticked. */
export function pickers(words: PageWords, choices: Pick<FormChoices, 'paper' | 'layout'>) {
  return {
    paper: { name: '_paper', legend: words.two(said('form.paper')), options: PAPER_NAMES.map((value) => ({ value, label: words.two(said(`paper.${value}`)), checked: value === choices.paper })) },
    layout: { name: '_layout', legend: words.two(said('form.layout')), options: PAIR_LAYOUTS.map((value) => ({ value, label: words.two(said(`layout.${value}`)), checked: value === choices.layout })) },
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
export function formView(guide: Guide, words: PageWords, { values, choices, problems }: { values: RawValues; choices: FormChoices; problems: readonly SentProblem[] }) {
  const fields = guide.form.fields.map((field) => fieldView(field, words, { given: values[field.id], problems: problems.filter((problem) => problem.position.path === field.id) }));
  const elsewhere = problems.filter((problem) => !fields.some((field) => field.id === problem.position.path));
  return {
    title: words.texts(guide.form.title),
    fields,
    // One entry a field, in the form's order, which the page's script keeps up with the person's corrections.
    problems: [
      ...fields.filter((field) => field.problems.length > 0).map((field) => ({ field: field.id, href: `#${field.focusId}`, label: field.label, said: field.problems })),
      ...elsewhere.map((problem) => ({ field: null, href: null, label: null, said: [words.problem(problem)] })),
    ],
    showIdNumber: choices.showIdNumber,
    ...pickers(words, choices),
  };
}

const LONGEST_ECHO = 200;

function fieldView(field: FormField, words: PageWords, { given, problems }: { given: RawValues[string] | undefined; problems: readonly SentProblem[] }) {
  const entries = typeof given === 'string' ? [given] : [...(given ?? [])];
  const input = INPUTS[field.type];
  const options = field.options.map((option) => ({ value: option.id, inputId: `f-${field.id}-${option.id}`, label: words.texts(option.label), checked: entries.includes(option.id) }));
  const note = field.sensitive ? words.two(said('form.sensitiveNote')) : null;
  const printsAs = field.type === 'date' ? { text: words.two(said('form.printsAs')), value: datePrinted(entries[0]) } : null;
  return {
    id: field.id,
    inputId: `f-${field.id}`,
    focusId: input ? `f-${field.id}` : (options[0]?.inputId ?? `field-${field.id}`),
    label: words.texts(field.label),
    required: field.required,
    // Shown again no longer than the page lets a person type: a program's megabyte is not sent back.
    // An answer the printed form gives several lines is typed into a box of as many.
    input: input && { ...input, value: (entries[0] ?? '').slice(0, field.maxLength ?? LONGEST_ECHO), maxLength: field.maxLength ?? null, rows: field.lines > 1 ? field.lines : null },
    optionType: field.type === 'checkboxes' ? 'checkbox' : 'radio',
    options,
    note,
    printsAs,
    describedBy: [note ? `${field.id}-note` : '', printsAs ? `${field.id}-prints` : '', `${field.id}-problem`].filter(Boolean).join(' '),
    problems: problems.map(words.problem),
  };
}

/**
 * A date as the PDF prints it, beside a date box that shows it the browser's way (12/01/2026 in
 * en-US): the date box sends it as the PDF prints it; until then, the pattern.
 */
function datePrinted(given: string | undefined): string {
  return given && /^\d{4}-\d{2}-\d{2}$/.test(given) ? given : 'YYYY-MM-DD';
}
