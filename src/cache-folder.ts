import { join } from 'node:path';

/** HANDOUTS_CACHE_DIR (empty: no cache on disk), else the user's cache folder. */
export function cacheFolder(env: NodeJS.ProcessEnv): string | undefined {
  if (env.HANDOUTS_CACHE_DIR !== undefined) return env.HANDOUTS_CACHE_DIR || undefined;
  const base = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : undefined);
  return base && join(base, 'handouts');
}
