import { watch, type FSWatcher } from 'node:fs';
import { join, relative } from 'node:path';

export interface WatchedFolder {
  dir: string;
  /** Which changed names, relative to dir, matter. */
  accept: (name: string) => boolean;
}

export interface WatchOptions {
  /**
   * Folders rather than files: editors often save by writing a new file and renaming it over
   * the old one, which a watch on the old file would miss.
   */
  folders: readonly WatchedFolder[];
  /** Runs once at the start and again after every burst of changes. */
  rebuild: () => Promise<void>;
  /** Told which files changed before each rebuild. */
  onChange: (files: readonly string[]) => void;
  /** Quiet time after the last change before rebuilding: editors write a file in several steps. */
  debounceMs?: number;
}

/**
 * Watches each folder itself, not its subfolders. Rebuilds on every change until the returned stop function is called. A rebuild never
 * overlaps another: changes made during one start the next as soon as it ends.
 */
export async function watchAndRebuild({ folders, rebuild, onChange, debounceMs = 120 }: WatchOptions): Promise<() => void> {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = rebuild();
  await running;

  const flush = () => {
    const files = [...pending];
    pending.clear();
    running = running.then(async () => {
      onChange(files);
      await rebuild();
    });
  };
  const watchers: FSWatcher[] = folders.map(({ dir, accept }) =>
    // Not recursive: on Linux, Node watches each file of a recursive watch separately and loses
    // a file once an editor replaces it; a folder's own watch sees every replacement.
    watch(dir, (_event, name) => {
      if (!name || !accept(name)) return;
      pending.add(relative(process.cwd(), join(dir, name)));
      clearTimeout(timer);
      timer = setTimeout(flush, debounceMs);
    }),
  );
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
