import { readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { digest, readChecked, writeChecked } from './checked-files.js';

/**
 * What a stage made from its inputs, kept for the next time the same inputs come: the pipeline
 * asks for a kind of result (`layout`, `pdf`) by everything it follows from, and `make` runs
 * only when nothing is kept. Never given anything that follows from a person's answers.
 */
export type Memo = <T>(kind: string, inputs: unknown, make: () => T | Promise<T>) => Promise<T>;

export interface MemoOptions {
  /** Where results are kept between runs, each in a checksummed file; in memory only when absent. */
  folder?: string | undefined;
  /** The most bytes the folder may hold: the least recently used go first. */
  mostBytes?: number;
  /** The most results kept in memory, for a long-running process (watch, server). */
  mostEntries?: number;
}

const MOST_BYTES = 256 * 2 ** 20;
// A build keeps some 60 results, most of them a layout's blocks: twice that holds the last few builds of a watch.
const MOST_ENTRIES = 128;

export function createMemo({ folder, mostBytes = MOST_BYTES, mostEntries = MOST_ENTRIES }: MemoOptions = {}): Memo {
  // Promises, so that a result asked for again while it is being made is made once.
  const kept = new Map<string, Promise<unknown>>();
  let trimmed = false;
  const made = async (key: string, make: () => unknown) => {
    const file = folder && join(folder, `${key}.v8`);
    const stored = file ? readChecked(file) : undefined;
    const value = stored ? deserialize(stored) : await make();
    if (file && !stored) {
      writeChecked(file, serialize(value));
      if (!trimmed) trimFolder(folder, mostBytes);
      trimmed = true;
    }
    return value;
  };
  const produce = (key: string, make: () => unknown) => {
    const result = made(key, make);
    // A failure is not kept: the next ask makes it again.
    result.catch(() => kept.get(key) === result && kept.delete(key));
    return result;
  };
  return (kind, inputs, make) => {
    const key = `${kind}-${digest(`${codeVersion()}\n${kind}\n${JSON.stringify(inputs)}`)}`;
    const result = kept.get(key) ?? produce(key, make);
    remember(kept, key, result, mostEntries);
    return result as never;
  };
}

function remember<V>(kept: Map<string, V>, key: string, value: V, mostEntries: number): void {
  kept.delete(key);
  kept.set(key, value);
  if (kept.size > mostEntries) kept.delete(kept.keys().next().value!);
}

/** Deletes the least recently written files until the folder holds at most mostBytes. */
function trimFolder(folder: string, mostBytes: number): void {
  try {
    const files = readdirSync(folder)
      .filter((name) => name.endsWith('.v8'))
      .map((name) => ({ path: join(folder, name), ...pick(statSync(join(folder, name))) }))
      .sort((a, b) => b.time - a.time);
    let total = 0;
    for (const file of files) {
      total += file.size;
      if (total > mostBytes) rmSync(file.path, { force: true });
    }
  } catch {
    // A cache folder that cannot be listed costs speed, never correctness.
  }
}

const pick = ({ size, mtimeMs }: { size: number; mtimeMs: number }) => ({ size, time: mtimeMs });

let version: string | undefined;

/**
 * What every kept result follows from besides its inputs: this code, the installed packages and
 * the Node that serialises it, each file known by its path, size and time of change (reading
 * them took a tenth of a rebuild). Found once a process, only when a result is asked for.
 */
function codeVersion(): string {
  if (version) return version;
  const code = dirname(fileURLToPath(import.meta.url));
  const files = [...codeFiles(code), join(code, '..', 'node_modules', '.package-lock.json')];
  const stamps = files.map((file) => {
    const stat = statSync(file, { throwIfNoEntry: false });
    return `${file} ${stat?.size} ${stat?.mtimeMs}`;
  });
  version = digest([...stamps, JSON.stringify(process.versions)].join('\n'));
  return version;
}

/** Joined with a plain `/`, as the launcher's walk is: path.join, run cold, took a tenth of a rebuild. */
function codeFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? codeFiles(`${folder}/${entry.name}`) : /\.(js|cjs|ts)$/.test(entry.name) ? [`${folder}/${entry.name}`] : []))
    .sort();
}
