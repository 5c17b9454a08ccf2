import type { Argv } from 'yargs';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { buildDocuments, checkGuide, missingPageWords, SHIPPED } from '../index.js';
import { PARTIALS_DIR } from '../templates/index.js';
import { watchAndRebuild } from '../watch/index.js';
import { describeWritten, documentOptions, printWarnings, reportError, untilInterrupted, withOutputOptions, withSourceOptions, writeAll, type CliIo, type WriteChoices } from './common.js';

type BuildArgs = Parameters<typeof documentOptions>[0];

/** `handouts check`, or the command `as` names (`$0`, the parser's default command). */
export function addCheckCommand(cli: Argv, io: CliIo, as = 'check'): Argv {
  return cli.command(
    as,
    'Check the guide, every template and the page fit of every document, writing nothing',
    (command) => withSourceOptions(command),
    async (args) => {
      const options = documentOptions(args, io);
      const checked = await checkGuide(options);
      io.stdout(`ok: ${checked.map((document) => `${document.name} (${document.pages} ${document.pages === 1 ? 'page' : 'pages'})`).join(', ')}`);
      printWarnings([...checked.flatMap((document) => document.warnings), ...(await missingPageWords(options))], io);
    },
  );
}

/** `handouts build`, or the command `as` names. */
export function addBuildCommand(cli: Argv, io: CliIo, as = 'build'): Argv {
  return cli.command(
    as,
    'Write the handout, checklist and store-visit form PDFs',
    (command) => withOutputOptions(withSourceOptions(command)).option('watch', { type: 'boolean', default: false, describe: 'Rebuild whenever the guide or a template changes' }),
    async (args) => {
      const choices = { outDir: args.out, preview: args.preview };
      if (args.watch) return watchBuild(args, { io, choices, debug: args.debug as boolean });
      const written = await writeAll(await buildDocuments(documentOptions(args, io)), choices);
      for (const file of written) io.stdout(describeWritten(file));
      printWarnings(written.flatMap((file) => file.document.warnings), io);
    },
  );
}

/** Keeps rebuilding until Ctrl-C; a broken edit is reported and the last good PDFs stay. */
async function watchBuild(args: BuildArgs, { io, choices, debug }: { io: CliIo; choices: WriteChoices; debug: boolean }): Promise<void> {
  const rebuild = async () => {
    const started = performance.now();
    try {
      const written = await writeAll(await buildDocuments(documentOptions(args, io)), choices);
      io.stdout(`built ${written.length} PDFs in ${Math.round(performance.now() - started)} ms`);
    } catch (error) {
      reportError(error, io, debug);
      io.stdout('the last good PDFs are kept; waiting for the next change');
    }
  };
  const { guide = SHIPPED.guide, templates = SHIPPED.templates } = args;
  const stop = await watchAndRebuild({
    folders: [
      { dir: dirname(guide), accept: (name) => name === basename(guide) },
      { dir: templates, accept: (name) => name.endsWith('.hbs') },
      ...(existsSync(join(templates, PARTIALS_DIR)) ? [{ dir: join(templates, PARTIALS_DIR), accept: (name: string) => name.endsWith('.hbs') }] : []),
    ],
    rebuild,
    onChange: (files) => io.stdout(`changed: ${files.join(', ')}`),
  });
  io.stdout('watching the guide and templates; press Ctrl-C to stop');
  await untilInterrupted(io);
  stop();
}
