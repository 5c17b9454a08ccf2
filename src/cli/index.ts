import yargs, { type Argv } from 'yargs';
import { UsageError } from '../diagnostics.js';
import { cacheFolder } from '../cache-folder.js';
import { ignoringClosedPipe } from '../closed-pipe.js';
import { localDate } from '../index.js';
import type { FormField } from '../guide/index.js';
import { loadFormFields } from '../pipeline.js';
import { suggestName } from '../suggest.js';
import { addBuildCommand, addCheckCommand } from './build-command.js';
import { COMMON_OPTIONS, DEFAULTS, reportError, VERSION, type CliIo } from './common.js';
import { addFormCommand, FORM_OPTIONS } from './form-command.js';
import { addServeCommand } from './serve-command.js';

export { DEFAULTS, type CliIo } from './common.js';

const [stdout, stderr] = [ignoringClosedPipe(process.stdout), ignoringClosedPipe(process.stderr)];

export const PROCESS_IO: CliIo = {
  stdout: (line) => stdout.write(`${line}\n`),
  stderr: (line) => stderr.write(`${line}\n`),
  env: process.env,
  today: () => localDate(new Date()),
  stderrIsTTY: stderr.isTTY === true,
  stderrWrite: (text) => stderr.write(text),
  // Ctrl-C, or a service manager's stop (SIGTERM): either ends the run as gracefully.
  onInterrupt: (handler) => {
    process.on('SIGINT', handler).on('SIGTERM', handler);
    return () => process.off('SIGINT', handler).off('SIGTERM', handler);
  },
};

/** Runs the command line and returns the exit code; the one place that catches and prints errors. */
export async function main(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const command = argv.find((arg) => !arg.startsWith('-'));
    const fields = command === 'form' ? await formFields(argv, io) : [];
    let output = '';
    const { cli, args } = parser(io, fields, argv);
    // With a callback yargs hands over --help and --version text instead of writing to the console itself.
    await cli.parseAsync(args, {}, (_error, _args, text) => {
      output = text;
    });
    if (output) io.stdout(output);
    return 0;
  } catch (error) {
    return reportError(error, io, debug);
  }
}

/** The form command's options depend on the guide's fields, so the guide is read before parsing. */
async function formFields(argv: readonly string[], io: CliIo): Promise<readonly FormField[]> {
  const index = argv.findIndex((arg) => arg === '--guide' || arg.startsWith('--guide='));
  const guide = index < 0 ? DEFAULTS.guide : argv[index]!.includes('=') ? argv[index]!.slice('--guide='.length) : argv[index + 1];
  if (!guide) return [];
  return loadFormFields({ guide, cacheDir: cacheFolder(io.env) });
}

/** Adds a command to a parser under the name given: its own, or `$0` for the parser's default command. */
type AddCommand = (cli: Argv, as: string) => Argv;

/** Every command, in the order --help lists them. */
function commands(io: CliIo, fields: readonly FormField[]): Record<string, AddCommand> {
  return {
    check: (cli, as) => addCheckCommand(cli, io, as),
    build: (cli, as) => addBuildCommand(cli, io, as),
    form: (cli, as) => addFormCommand(cli, io, fields, as),
    serve: (cli, as) => addServeCommand(cli, io, as),
  };
}

/**
 * yargs lays out the help text of a named command as it starts it, in case the command shows it
 * (a fifth of a rebuild with nothing changed), and of a default command never. So a run that names its command
 * first and asks for no help gets a parser with that one command as its default, given the
 * arguments after the name; any other run, the parser of every command, which lays out help.
 */
function parser(io: CliIo, fields: readonly FormField[], argv: readonly string[]): { cli: Argv; args: string[] } {
  const known = commands(io, fields);
  const [named, ...rest] = argv;
  const cli = base(fields, argv);
  if (named !== undefined && Object.hasOwn(known, named) && !asksForHelp(argv)) return { cli: known[named]!(cli, '$0').strict(), args: rest };
  const every = Object.entries(known).reduce((all, [name, add]) => add(all, name), cli);
  return { cli: every.demandCommand(1, 'name a command, such as: handouts build').strict(), args: [...argv] };
}

/** --help, -h, --version, or yargs' `help` word. */
function asksForHelp(argv: readonly string[]): boolean {
  return argv.some((arg) => /^(--help|-h|--version|help)(=|$)/.test(arg));
}

/** What every parser has: the program's name, usage and version, and how it reports a mistake. */
function base(fields: readonly FormField[], argv: readonly string[]): Argv {
  return yargs()
    .scriptName('handouts')
    .usage('$0 <command> [options]\n\nTurns a structured bilingual guide into print-ready PDF handouts and forms.')
    .version(VERSION)
    .option('debug', { type: 'boolean', default: false, describe: 'Show stack traces for errors' })
    .help()
    .alias('help', 'h')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? usageError(message, { argv, known: [...COMMON_OPTIONS, ...FORM_OPTIONS, ...fields.map((field) => field.id)] });
    })
    .showHelpOnFail(false);
}

const OPTION_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * yargs' own message, made one line. Unknown arguments may be stray words of a person's value
 * (an unquoted name with a space): only what looks like an option name is repeated.
 */
function usageError(message: string, { argv, known }: { argv: readonly string[]; known: readonly string[] }): UsageError {
  const unknown = /^Unknown arguments?: (.+)$/.exec(message)?.[1]?.split(', ');
  if (!unknown) return new UsageError(message.replace(/\s*\n\s*/g, ' '), { hint: 'run handouts --help' });
  const [first] = unknown;
  const typedAsOption = (name: string) => argv.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (unknown.length === 1 && first && OPTION_NAME.test(first) && typedAsOption(first)) {
    return new UsageError(`unknown option --${first}`, { hint: suggestName(first, [...new Set(known)], 'options') });
  }
  return new UsageError(`${unknown.length === 1 ? 'an unexpected argument' : `${unknown.length} unexpected arguments`} (not shown, as it may be personal data)`, {
    hint: 'put quotes around values with spaces, such as --name "Ana Cruz", and check option names with --help',
  });
}
