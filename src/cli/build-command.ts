import type { Argv } from 'yargs';
import { buildDocuments, checkDocuments } from '../pipeline.js';
import { describeWritten, sourceOptions, withSourceOptions, type CliIo } from './common.js';

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
    (command) => withSourceOptions(command),
    async (args) => {
      const built = await buildDocuments(sourceOptions(args, io));
      for (const document of built) io.stdout(describeWritten(document));
    },
    );
}
