/** The error an action throws or rejects with, or undefined when it succeeds. */
export async function caught(action: () => unknown): Promise<unknown> {
  try {
    await action();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** A store of values by key, as `src/cache` keeps them, that records the keys it is given. */
export function recordingStore<T>(): { get(key: string): T | undefined; set(key: string, value: T): void; sets: string[] } {
  const values = new Map<string, T>();
  const sets: string[] = [];
  return {
    sets,
    get: (key) => values.get(key),
    set: (key, value) => {
      sets.push(key);
      values.set(key, value);
    },
  };
}
