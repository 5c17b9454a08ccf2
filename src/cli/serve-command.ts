import type { Argv } from 'yargs';
import { UsageError } from '../diagnostics.js';
import { DEFAULTS, untilInterrupted, type CliIo } from './common.js';

/** `handouts serve`: the web page, for people who never open a terminal; until Ctrl-C. `as` names the command in the parser. */
export function addServeCommand(cli: Argv, io: CliIo, as = 'serve'): Argv {
  return cli.command(
    as,
    'Serve a web page to fill in the form and print the documents, at http://127.0.0.1:8080/',
    (command) =>
      command
        .option('guide', { type: 'string', default: DEFAULTS.guide, defaultDescription: 'guides/smart-sim-cancellation.yaml', describe: 'Guide YAML file' })
        .option('templates', { type: 'string', default: DEFAULTS.templates, defaultDescription: 'templates/', describe: 'Folder of .hbs document templates' })
        .option('port', { type: 'number', default: 8080, describe: 'Port to listen on (0: any free port)' })
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on; anything but this machine\'s own is reachable from the network' }),
    async (args) => {
      if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new UsageError('--port must be a whole number from 0 to 65535', { path: '--port' });
      // Loaded only here: the server and its framework are no part of the other commands.
      const { startServer } = await import('../server/index.js');
      const server = await startServer({ guide: args.guide, templates: args.templates, port: args.port, host: args.host, sourceDateEpoch: io.env.SOURCE_DATE_EPOCH, log: io.stdout });
      io.stdout(`serving the web page at ${server.url} (press Ctrl-C to stop)`);
      await untilInterrupted(io);
      await server.close();
    },
  );
}
