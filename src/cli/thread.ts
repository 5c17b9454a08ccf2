/**
 * The command line in the worker thread that the launcher runs a batch in (launch.ts). Its output
 * goes to the main thread as messages, which keep their order across stdout and stderr (a
 * thread's own streams are two pipes, and a terminal showed the summary inside the progress bar).
 * Signals reach the main thread alone, which passes Ctrl-C and SIGTERM on as a message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadBundle, type Bundled } from '../launch.js';
import type { CliIo } from './index.js';

/** What the thread writes, as the main thread receives it. */
export type ThreadOutput = { stdout: string } | { stderr: string };

const { argv, stderrIsTTY, bundled } = workerData as { argv: string[]; stderrIsTTY: boolean; bundled: Bundled | undefined };
// The bundle, with the code compiled for it in an earlier run, starts in under half the modules' time.
const loaded = bundled && loadBundle(bundled);
const { main, PROCESS_IO } = loaded?.cli ?? (await import('./index.js'));
const port = parentPort!;
const write = (output: ThreadOutput) => port.postMessage(output);

const interruptHandlers = new Set<() => void>();
// Ctrl-C before the command listens for it (while the guide is read) ends the thread, as it
// would end a process.
port.on('message', () => (interruptHandlers.size ? interruptHandlers.forEach((handler) => handler()) : process.exit(130)));

const io: CliIo = {
  ...PROCESS_IO,
  stdout: (line) => write({ stdout: `${line}\n` }),
  stderr: (line) => write({ stderr: `${line}\n` }),
  stderrWrite: (text) => write({ stderr: text }),
  stderrIsTTY,
  onInterrupt: (handler) => {
    interruptHandlers.add(handler);
    return () => interruptHandlers.delete(handler);
  },
};

const code = await main(argv, io);
loaded?.ranWith(code);
process.exitCode = code;
// A message port keeps a thread alive; the command is done.
port.unref();
