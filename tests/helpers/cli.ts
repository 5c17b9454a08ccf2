import { main, type CliIo } from '../../src/cli/index.js';

export const FIXED_TODAY = '2026-03-04';

/** Runs the command line in-process, capturing what it prints; today is fixed. */
export async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line), env, today: () => FIXED_TODAY };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
