import type { Argv } from 'yargs';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { buildDocuments, checkDocuments, type BuildOptions } from '../pipeline.js';
import { PARTIALS_DIR } from '../templates/index.js';
import { watchAndRebuild } from '../watch/index.js';
import { describeWritten, printWarnings, reportError, sourceOptions, withOutputOptions, withSourceOptions, type CliIo } from './common.js';

export function addBuildCommand(cli: Argv, io: CliIo): Argv {
  return cli
    .command(
      'check',
      'Check the guide, every template and the page fit of every document, writing nothing',
      (command) => withSourceOptions(command),
      async (args) => {
        const checked = await checkDocuments(sourceOptions(args, io));
        io.stdout(`ok: ${checked.map((job) => `${job.name} (${job.layout.pages.length} ${job.layout.pages.length === 1 ? 'page' : 'pages'})`).join(', ')}`);
      },
    )
    .command(
      'build',
      'Write the handout, checklist and store-visit form PDFs',
      (command) => withOutputOptions(withSourceOptions(command)).option('watch', { type: 'boolean', default: false, describe: 'Rebuild whenever the guide or a template changes' }),
      async (args) => {
        if (args.watch) return watchBuild(sourceOptions(args, io), io, args.debug as boolean);
        const built = await buildDocuments(sourceOptions(args, io));
        for (const document of built) io.stdout(describeWritten(document));
        printWarnings(built.flatMap((document) => document.warnings), io);
      },
    );
}

/** Keeps rebuilding until Ctrl-C; a broken edit is reported and the last good PDFs stay. */
async function watchBuild(options: BuildOptions, io: CliIo, debug: boolean): Promise<void> {
  const rebuild = async () => {
    const started = performance.now();
    try {
      const built = await buildDocuments(options);
      io.stdout(`built ${built.length} PDFs in ${Math.round(performance.now() - started)} ms`);
    } catch (error) {
      reportError(error, io, debug);
      io.stdout('the last good PDFs are kept; waiting for the next change');
    }
  };
  const stop = await watchAndRebuild({
    folders: [
      { dir: dirname(options.guideFile), accept: (name) => name === basename(options.guideFile) },
      { dir: options.templatesDir, accept: (name) => name.endsWith('.hbs') },
      ...(existsSync(join(options.templatesDir, PARTIALS_DIR)) ? [{ dir: join(options.templatesDir, PARTIALS_DIR), accept: (name: string) => name.endsWith('.hbs') }] : []),
    ],
    rebuild,
    onChange: (files) => io.stdout(`changed: ${files.join(', ')}`),
  });
  io.stdout('watching the guide and templates; press Ctrl-C to stop');
  await new Promise<void>((resolve) => {
    const stopListening = io.onInterrupt(() => {
      stop();
      stopListening();
      resolve();
    });
  });
}
