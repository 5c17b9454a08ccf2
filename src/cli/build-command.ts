import type { Argv } from 'yargs';
import { buildDocuments } from '../pipeline.js';
import { describeWritten, withSourceOptions, type CliIo } from './common.js';

export function addBuildCommand(cli: Argv, io: CliIo): Argv {
  return cli.command(
    'build',
    'Write the handout, checklist and store-visit form PDFs',
    (command) => withSourceOptions(command),
    async (args) => {
      const built = await buildDocuments({ guideFile: args.guide, templatesDir: args.templates, outDir: args.out, paper: args.paper, sourceDateEpoch: io.env.SOURCE_DATE_EPOCH });
      for (const document of built) io.stdout(describeWritten(document));
    },
  );
}
