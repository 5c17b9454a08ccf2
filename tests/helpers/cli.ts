import { main, type CliIo } from '../../src/cli/index.js';

export const FIXED_TODAY = '2026-03-04';

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Presses Ctrl-C once this many progress updates have been drawn. */
  interruptAfter?: number;
}

/** Runs the command line in-process, capturing what it prints; today is fixed and standard error is no terminal. */
export async function run(args: string[], { env = {}, interruptAfter }: RunOptions = {}): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let interrupt = () => {};
  const io: CliIo = {
    stdout: (line) => stdout.push(line),
    stderr: (line) => {
      stderr.push(line);
      if (interruptAfter !== undefined && stderr.filter((entry) => entry.startsWith('progress')).length >= interruptAfter) interrupt();
    },
    env,
    today: () => FIXED_TODAY,
    stderrIsTTY: false,
    stderrWrite: (text) => stderr.push(text),
    onInterrupt: (handler) => {
      interrupt = handler;
      return () => {
        interrupt = () => {};
      };
    },
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
