import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs, { type Argv } from 'yargs';
import { HandoutsError, UsageError } from '../diagnostics.js';
import { PAPER_NAMES, type PaperName } from '../layout/index.js';
import { buildDocuments } from '../pipeline.js';

const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export const DEFAULTS = {
  guide: join(PACKAGE_ROOT, 'guides', 'smart-sim-cancellation.yaml'),
  templates: join(PACKAGE_ROOT, 'templates'),
  out: 'output',
};

export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

const PROCESS_IO: CliIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

/** Runs the command line and returns the exit code; the one place that catches and prints errors. */
export async function main(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    await parser(argv, io).parseAsync();
    return 0;
  } catch (error) {
    return report(error, io, debug);
  }
}

function parser(argv: readonly string[], io: CliIo): Argv {
  return yargs([...argv])
    .scriptName('handouts')
    .usage('$0 <command> [options]\n\nTurns a structured bilingual guide into print-ready PDF handouts and forms.')
    .version(VERSION)
    .option('debug', { type: 'boolean', default: false, describe: 'Show stack traces for errors' })
    .command(
      'build',
      'Write the handout, checklist and store-visit form PDFs',
      (command) =>
        command
          .option('guide', { type: 'string', default: DEFAULTS.guide, defaultDescription: 'guides/smart-sim-cancellation.yaml', describe: 'Guide YAML file' })
          .option('templates', { type: 'string', default: DEFAULTS.templates, defaultDescription: 'templates/', describe: 'Folder of .hbs document templates' })
          .option('out', { type: 'string', default: DEFAULTS.out, describe: 'Folder the PDFs are written to' })
          .option('paper', { choices: PAPER_NAMES, default: 'a4' as PaperName, describe: 'Paper size' }),
      async (args) => {
        const built = await buildDocuments({
          guideFile: args.guide,
          templatesDir: args.templates,
          outDir: args.out,
          paper: args.paper,
          sourceDateEpoch: io.env.SOURCE_DATE_EPOCH,
        });
        for (const document of built) {
          io.stdout(`wrote ${relative(process.cwd(), document.path) || document.path} (${document.pages} ${document.pages === 1 ? 'page' : 'pages'}, ${Math.round(document.bytes / 1024)} KB)`);
        }
      },
    )
    .demandCommand(1, 'name a command, such as: handouts build')
    .strict()
    .help()
    .alias('help', 'h')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message.replace(/\s*\n\s*/g, ' '), { hint: 'run handouts --help' });
    })
    .showHelpOnFail(false);
}

function report(error: unknown, io: CliIo, debug: boolean): number {
  if (error instanceof HandoutsError) {
    io.stderr(`handouts: ${error.format().split('\n').join('\nhandouts: ')}`);
    if (debug) io.stderr(String(error.stack));
    return error.exitCode;
  }
  io.stderr(`handouts: internal error: ${error instanceof Error ? error.message : String(error)} (run with --debug for details and report it)`);
  if (debug && error instanceof Error) io.stderr(String(error.stack));
  return 4;
}
