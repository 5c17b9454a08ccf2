import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { BATCH_HEAP_MB } from './batch/heap.js';
import { cacheFolder } from './cache-folder.js';
import type { ThreadOutput } from './cli/thread.js';
import { ignoringClosedPipe } from './closed-pipe.js';
import { readChecked, writeChecked } from './checked-files.js';

/** What the launcher runs of the command line, from the bundle or the modules. */
type CommandLine = Pick<typeof import('./cli/index.js'), 'main' | 'PROCESS_IO'>;

/** The bundle as of its version, and where the code V8 compiles for it is kept. */
export interface Bundled {
  bundle: string;
  version: string;
  codeFile: string | undefined;
  /** The code `npm run compile` kept for this command, compiled in a run of it with the shipped guide: taken when the cache holds none. */
  shippedCodeFile: string;
}

export interface CommandLineRun {
  /** The exit code. */
  code: number;
  /** Whether the bundle was run, and with the code V8 compiled for it in an earlier run. */
  from: 'modules' | 'bundle' | 'bundle with compiled code' | 'batch thread';
}

export interface RunOptions {
  argv: readonly string[];
  /** The one-script bundle of dist/cli that `npm run build` writes. */
  bundle?: string;
  /** The folder of the code `npm run compile` compiled for the bundle (scripts/bundle.mjs): `compiled` beside it. */
  shippedCode?: string;
}

/**
 * Runs the command line. Node 20 compiles every ES module from its source at every start, about
 * a third of a cold build, but can keep the code it compiled for a script: so the bundle is run
 * when it is newer than the modules, with the code `npm run compile` compiled for it, and the
 * code compiled in a run without that is kept in the cache folder for the next run of the same
 * command.
 */
export async function runCommandLine({ argv, bundle = join(dirname(fileURLToPath(import.meta.url)), 'handouts.cjs'), shippedCode = join(dirname(bundle), 'compiled') }: RunOptions): Promise<CommandLineRun> {
  if (!runsLong(argv)) setFlagsFromString(`--wasm-tier-up-filter=${NO_FUNCTION}`);
  const version = loadsModulesOutside(argv) ? undefined : currentVersion(bundle);
  const [cacheDir, codeName] = [cacheFolder(process.env), compiledCodeName(argv)];
  const bundled = version === undefined ? undefined : { bundle, version, codeFile: cacheDir && join(cacheDir, 'compiled', codeName), shippedCodeFile: join(shippedCode, codeName) };
  const batchThread = join(dirname(bundle), 'cli', 'thread.js');
  if (drawsBatch(argv) && existsSync(batchThread)) return { code: await runInBatchThread(batchThread, argv, bundled), from: 'batch thread' };
  if (bundled === undefined) return { code: await (await import('./cli/index.js')).main(argv), from: 'modules' };
  return runBundle(bundled, argv);
}

/**
 * The web page's server and the page rasteriser stay outside the bundle, as ES modules that share
 * the modules' copy of the library: their commands run from the modules, so that a process holds
 * one copy of each class (an error is known by its class). Both run long enough that the start
 * they lose does not show.
 */
function loadsModulesOutside(argv: readonly string[]): boolean {
  return argv.some((arg) => arg === 'serve' || /^--preview(=|$)/.test(arg));
}

/**
 * A WebAssembly function index no module has. V8 optimises only the function a tier-up filter
 * names, so a one-off command runs WebAssembly as its baseline compiler (Liftoff) compiled it:
 * else, after the first cut of a font, V8 optimises HarfBuzz's hb_subset_or_fail (153 KB, the
 * whole subsetter inlined) in the background, some 250 ms that Node waits for before it exits,
 * though the command is done with it by then. Unlike --liftoff-only, which ends the process on
 * a processor without SSE4.1, this still lets V8 optimise a function Liftoff cannot compile.
 */
const NO_FUNCTION = 2 ** 31 - 1;

/**
 * Whether the command serves, watches or draws a batch: long enough to use what V8 optimises.
 * The flag is set before any module is compiled, by the one thread there is, as a flag on Node's
 * command line would be.
 */
function runsLong(argv: readonly string[]): boolean {
  return drawsBatch(argv) || argv.some((arg) => arg === 'serve' || /^--watch(=|$)/.test(arg));
}

function drawsBatch(argv: readonly string[]): boolean {
  return argv.some((arg) => /^--batch(=|$)/.test(arg));
}

/**
 * A batch command, run in a worker thread whose heap is capped as a batch's is (batch/heap.ts),
 * from the bundle when it is current, else from the modules beside it. Signals reach the main
 * thread alone, which passes Ctrl-C and SIGTERM on (cli/thread.ts).
 */
function runInBatchThread(script: string, argv: readonly string[], bundled: Bundled | undefined): Promise<number> {
  // The thread's output is written by this thread, to streams a reader such as `| head` may close.
  ignoringClosedPipe(process.stdout);
  ignoringClosedPipe(process.stderr);
  // Loaded here, not as the launcher starts: only a batch has a thread (~1 ms of every other start).
  const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  const thread = new Worker(script, { workerData: { argv, stderrIsTTY: process.stderr.isTTY === true, bundled }, resourceLimits: { maxOldGenerationSizeMb: BATCH_HEAP_MB.old, maxYoungGenerationSizeMb: BATCH_HEAP_MB.young } });
  thread.on('message', (output: ThreadOutput) => ('stdout' in output ? process.stdout.write(output.stdout) : process.stderr.write(output.stderr)));
  const interrupt = () => thread.postMessage('interrupt');
  process.on('SIGINT', interrupt).on('SIGTERM', interrupt);
  let failed = false;
  // Past the command line's own handling of errors: the heap ran out, or a bug. What the error
  // says may quote a row, so it is shown only on request, as cli/common.ts's reportError does.
  thread.once('error', (error) => {
    failed = true;
    process.stderr.write('handouts: internal error (a bug; run again with --debug for details, and report it)\n');
    if (argv.includes('--debug')) process.stderr.write(`${error.stack}\n`);
  });
  return new Promise((resolve) =>
    thread.once('exit', (code) => {
      process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
      resolve(failed ? 4 : code);
    }),
  );
}

/**
 * The bundle's size and time of change, which tell it from any other build of it as the memo tells
 * code files apart (a digest of its 3 MB took 4 ms a start); none for a bundle older than any
 * module beside it, or than the installed packages: it is stale.
 */
function currentVersion(bundle: string): string | undefined {
  const bundled = statSync(bundle, { throwIfNoEntry: false });
  if (bundled === undefined) return undefined;
  const folder = dirname(bundle);
  const sources = [...modulesIn(folder), join(folder, '..', 'node_modules', '.package-lock.json')];
  const current = sources.every((path) => (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0) <= bundled.mtimeMs);
  return current ? `${bundled.size} ${bundled.mtimeMs}` : undefined;
}

/**
 * Node 20's recursive readdirSync takes three times as long as this walk. Paths are joined with a
 * plain `/`, which every platform's file functions take: path.join, run cold, took 8 ms here.
 */
function modulesIn(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return modulesIn(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

/**
 * One file a command, since each command compiles different code, and another for its one-off
 * runs, compiled under a tier-up filter (see NO_FUNCTION): V8 refuses code compiled under other
 * flags.
 */
function compiledCodeName(argv: readonly string[]): string {
  const command = /^[a-z]+$/.test(argv[0] ?? '') ? argv[0] : 'other';
  return `${command}${runsLong(argv) ? '' : '-one-off'}.v8`;
}

async function runBundle(bundled: Bundled, argv: readonly string[]): Promise<CommandLineRun> {
  const { cli, compiled, ranWith } = loadBundle(bundled);
  const code = await cli.main(argv);
  ranWith(code);
  return { code, from: compiled ? 'bundle with compiled code' : 'bundle' };
}

/**
 * The bundle run, with the code compiled for it in an earlier run if that was kept, else with the
 * code shipped with it: its exports, and what to call with the exit code once the command has
 * run, which keeps the code compiled.
 */
export function loadBundle({ bundle, version, codeFile, shippedCodeFile }: Bundled): { cli: CommandLine; compiled: boolean; ranWith(code: number): void } {
  const bytes = readFileSync(bundle);
  const cachedData = (codeFile === undefined ? undefined : storedCode(codeFile, version)) ?? storedCode(shippedCodeFile, version);
  // esbuild writes the bundle in ASCII, so latin1 gives its text without decoding UTF-8.
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __importModule) {${bytes.toString('latin1')}\n})`, { filename: bundle, cachedData });
  const compiled = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as CommandLine };
  const importModule = (path: string) => import(pathToFileURL(join(dirname(bundle), path)).href);
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle), importModule);
  // After the run, so that the functions it compiled are kept as well; never for a failed run.
  const ranWith = (code: number) => {
    if (codeFile && !compiled && code === 0) writeChecked(codeFile, Buffer.concat([Buffer.from(`${version}\n`, 'latin1'), script.createCachedData()]));
  };
  return { cli: module.exports, compiled, ranWith };
}

/** The code compiled for this very bundle, if it was kept. */
function storedCode(file: string, version: string): Buffer | undefined {
  const stored = readChecked(file);
  return stored?.subarray(0, version.length + 1).toString('latin1') === `${version}\n` ? stored.subarray(version.length + 1) : undefined;
}
