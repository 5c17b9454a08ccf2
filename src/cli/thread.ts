/**
 * The command line in the worker thread that the launcher runs a batch in (launch.ts). Signals
 * reach the main thread alone, which passes Ctrl-C and SIGTERM on as a message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { main, PROCESS_IO, type CliIo } from './index.js';

const { argv, stderrIsTTY } = workerData as { argv: string[]; stderrIsTTY: boolean };
const port = parentPort!;

const io: CliIo = {
  ...PROCESS_IO,
  // The thread's own stderr is a pipe to the main thread's, which may be a terminal.
  stderrIsTTY,
  onInterrupt: (handler) => {
    port.on('message', handler);
    return () => port.off('message', handler);
  },
};

process.exitCode = await main(argv, io);
// A message port keeps a thread alive; the command is done.
port.unref();
