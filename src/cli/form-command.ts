import type { Argv } from 'yargs';
import { UsageError } from '../diagnostics.js';
import type { FormField } from '../guide/index.js';
import { CSV_ENCODINGS, renderForm, writeFormBatch } from '../index.js';
import { readValuesFile, type RawValues } from '../values/index.js';
import { COMMON_OPTIONS, describeWritten, documentOptions, printWarnings, withOutputOptions, withSourceOptions, writeAll, type CliIo } from './common.js';

export const FORM_OPTIONS = ['set', 'data', 'template', 'show-id-number', 'force', 'file-name', 'batch', 'encoding', 'combine', 'skip-invalid'];
const SAFE_FILE_NAME = /^[\p{L}\p{N}_-][\p{L}\p{N}._-]*$/u;

/**
 * `handouts form`: one prefilled form. Each of the guide's fields is also an option of its
 * own (`--name`, `--id-type`), so they show in --help with their labels. `as` names the command
 * in the parser (`$0`, its default command).
 */
export function addFormCommand(cli: Argv, io: CliIo, fields: readonly FormField[], as = 'form'): Argv {
  return cli.command(
    as,
    'Write a store-visit form prefilled with one person\'s details',
    (command) => {
      const withOptions = withOutputOptions(withSourceOptions(command))
        .option('set', { type: 'string', array: true, default: [] as string[], describe: 'A field value as id=value (repeatable)' })
        .option('data', { type: 'string', describe: 'YAML or JSON file of field ids and values' })
        .option('template', { type: 'string', default: 'store-visit-form', describe: 'The form template (without .hbs)' })
        .option('file-name', { type: 'string', describe: 'Output file name (.pdf is added unless it ends so); {row} stands for the CSV row', defaultDescription: 'TEMPLATE-filled, or TEMPLATE-{row} with --batch, TEMPLATE-all with --combine' })
        .option('show-id-number', { type: 'boolean', default: false, describe: 'Print sensitive fields such as the ID number in full (masked by default)' })
        .option('force', { type: 'boolean', default: false, describe: 'Replace an existing file' })
        .option('batch', { type: 'string', describe: 'CSV file, one person a row, header row = field ids; --set and field options give defaults for every row' })
        .option('encoding', { type: 'string', choices: CSV_ENCODINGS, describe: 'With --batch: the CSV file\'s encoding, when it cannot be told from the file (gb18030 reads GBK too)', defaultDescription: 'told from the file' })
        .option('combine', { type: 'boolean', default: false, describe: 'With --batch: one PDF with every form, for printing at once' })
        .option('skip-invalid', { type: 'boolean', default: false, describe: 'With --batch: write the good rows even if some are bad' })
        .example('$0 form --name 王小明 --number "0917 123 4567"', 'only the required fields: the rest print as empty lines, to write in by hand')
        .example('$0 form --name 王小明 --number "0917 123 4567" --id-type passport --id-number E12345678 --set date=today', '');
      for (const field of fields.filter((each) => !isReserved(each.id))) {
        withOptions.option(field.id, { type: 'string', group: 'Form fields:', describe: describeField(field) });
      }
      return withOptions;
    },
    async (args) => {
      const raw: Record<string, RawValues[string]> = { ...(args.data ? await readValuesFile(args.data) : {}), ...parseSetValues(args.set) };
      for (const field of fields.filter((each) => !isReserved(each.id))) {
        const flag = (args as Record<string, unknown>)[field.id];
        if (typeof flag === 'string') raw[field.id] = flag;
        if (Array.isArray(flag)) raw[field.id] = repeatedFlag(field, flag.map(String));
      }
      const common = { ...documentOptions(args, io), template: args.template, showIdNumber: args['show-id-number'], today: io.today() };
      const fileName = checkFileName(args['file-name'] ?? defaultFileName(args.template, args));
      if (args.batch) return runBatch(io, { ...common, csv: args.batch, encoding: args.encoding, defaults: raw, combine: args.combine, skipInvalid: args['skip-invalid'], outDir: args.out, force: args.force, fileName });
      const form = await renderForm({ ...common, values: raw });
      const [written] = await writeAll([{ ...form, fileName: `${fileName}.pdf` }], { outDir: args.out, preview: args.preview, personal: { force: args.force } });
      io.stdout(describeWritten(written!));
      printWarnings(form.warnings, io);
    },
  );
}

async function runBatch(io: CliIo, options: Omit<Parameters<typeof writeFormBatch>[0], 'onProgress' | 'shouldStop'> & { outDir: string }): Promise<void> {
  let stop = false;
  const stopListening = io.onInterrupt(() => {
    stop = true;
  });
  const progress = createProgress(io);
  try {
    const result = await writeFormBatch({ ...options, onProgress: progress.update, shouldStop: () => stop });
    // The bar's line ends before anything else is printed; finally ends it on errors too.
    progress.finish();
    for (const problem of result.problems) io.stderr(`handouts: skipped: ${problem.format()}`);
    printWarnings(result.warnings, io);
    io.stdout(`${result.written} ${result.written === 1 ? 'form' : 'forms'} written to ${options.outDir}, ${result.skipped} skipped`);
  } finally {
    progress.finish();
    stopListening();
  }
}

/** A bar redrawn in place on a terminal; a plain line every tenth of the way otherwise. */
function createProgress(io: CliIo): { update: (done: number, total: number) => void; finish: () => void } {
  let drawn = false;
  let lastTenth = -1;
  return {
    update(done, total) {
      if (io.stderrIsTTY) {
        const width = 30;
        const filled = Math.round((done / Math.max(total, 1)) * width);
        io.stderrWrite(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} rows`);
        drawn = true;
        return;
      }
      const tenth = Math.floor((done / Math.max(total, 1)) * 10);
      if (tenth !== lastTenth || done === total) io.stderr(`progress: ${done}/${total} rows`);
      lastTenth = tenth;
    },
    finish() {
      if (drawn) io.stderrWrite('\n');
      drawn = false;
    },
  };
}

/** Checkboxes may be given one option a flag; any other field given twice is a mistake. */
function repeatedFlag(field: FormField, values: string[]): string {
  if (field.type === 'checkboxes') return values.join(',');
  throw new UsageError(`--${field.id} is given ${values.length} times`, { path: `--${field.id}`, hint: 'give it once' });
}

function isReserved(id: string): boolean {
  return FORM_OPTIONS.includes(id) || COMMON_OPTIONS.includes(id);
}

function describeField(field: FormField): string {
  const choices = field.options.length ? `: ${field.options.map((option) => option.id).join(field.type === 'checkboxes' ? ',' : '|')}` : '';
  return `${field.label.primary} / ${field.label.secondary} (${field.type}${field.required ? ', required' : ''}${choices})`;
}

function parseSetValues(entries: readonly string[]): RawValues {
  return Object.fromEntries(
    entries.map((entry) => {
      const equals = entry.indexOf('=');
      if (equals <= 0) throw new UsageError('--set takes id=value', { path: '--set', hint: 'for example --set date=today' });
      return [entry.slice(0, equals).trim(), entry.slice(equals + 1)];
    }),
  );
}

function defaultFileName(template: string, { batch, combine }: { batch?: string; combine: boolean }): string {
  if (!batch) return `${template}-filled`;
  return combine ? `${template}-all` : `${template}-{row}`;
}

/** The name to write under, checked; a `.pdf` already on its end is taken as meant, not doubled. */
function checkFileName(given: string): string {
  const name = given.replace(/\.pdf$/i, '');
  const plain = name.replaceAll('{row}', '0');
  if (!SAFE_FILE_NAME.test(plain) || plain.includes('..')) {
    throw new UsageError('the file name may only use letters, digits, dots, hyphens and underscores', { path: '--file-name', hint: 'give a plain name; choose the folder with --out' });
  }
  return name;
}
