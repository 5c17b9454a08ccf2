import type { Argv } from 'yargs';
import { UsageError } from '../diagnostics.js';
import type { FormField } from '../guide/index.js';
import { buildForm } from '../pipeline.js';
import { readValuesFile, type RawValues } from '../values/index.js';
import { COMMON_OPTIONS, describeWritten, withSourceOptions, type CliIo } from './common.js';

export const FORM_OPTIONS = ['set', 'data', 'template', 'show-id-number', 'force', 'file-name'];
const SAFE_FILE_NAME = /^[\p{L}\p{N}_-][\p{L}\p{N}._-]*$/u;

/**
 * `handouts form`: one prefilled form. Each of the guide's fields is also an option of its
 * own (`--name`, `--id-type`), so they show in --help with their labels.
 */
export function addFormCommand(cli: Argv, io: CliIo, fields: readonly FormField[]): Argv {
  return cli.command(
    'form',
    'Write a store-visit form prefilled with one person\'s details',
    (command) => {
      const withOptions = withSourceOptions(command)
        .option('set', { type: 'string', array: true, default: [] as string[], describe: 'A field value as id=value (repeatable)' })
        .option('data', { type: 'string', describe: 'YAML or JSON file of field ids and values' })
        .option('template', { type: 'string', default: 'store-visit-form', describe: 'The form template (without .hbs)' })
        .option('file-name', { type: 'string', default: 'store-visit-form-filled', describe: 'Output file name, without .pdf' })
        .option('show-id-number', { type: 'boolean', default: false, describe: 'Print sensitive fields such as the ID number in full (masked by default)' })
        .option('force', { type: 'boolean', default: false, describe: 'Replace an existing file' })
        .example('$0 form --name 王小明 --number "0917 123 4567" --id-type passport --id-number E12345678 --set date=today', '');
      for (const field of fields.filter((each) => !isReserved(each.id))) {
        withOptions.option(field.id, { type: 'string', group: 'Form fields:', describe: describeField(field) });
      }
      return withOptions;
    },
    async (args) => {
      const raw: Record<string, string> = { ...(args.data ? await readValuesFile(args.data) : {}), ...parseSetValues(args.set) };
      for (const field of fields) {
        const flag = (args as Record<string, unknown>)[field.id];
        if (!isReserved(field.id) && typeof flag === 'string') raw[field.id] = flag;
      }
      const built = await buildForm({
        guideFile: args.guide,
        templatesDir: args.templates,
        outDir: args.out,
        paper: args.paper,
        sourceDateEpoch: io.env.SOURCE_DATE_EPOCH,
        template: args.template,
        raw,
        showSensitive: args['show-id-number'],
        force: args.force,
        today: io.today(),
        fileName: checkFileName(args['file-name']),
      });
      io.stdout(describeWritten(built));
    },
  );
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

function checkFileName(name: string): string {
  if (!SAFE_FILE_NAME.test(name) || name.includes('..')) {
    throw new UsageError('the file name may only use letters, digits, dots, hyphens and underscores', { path: '--file-name', hint: 'give a plain name; choose the folder with --out' });
  }
  return name;
}
