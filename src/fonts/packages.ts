import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A folder of an installed package, where Node would find the package: up from here, in each
 * node_modules; none when it is not installed. Found without Node's resolver, whose package
 * exports took some 4 ms to run the first time in a process, and which a font package's
 * exports keep from its files.
 */
export function packageFolder(packageName: string, folder: string): string | undefined {
  for (let at = dirname(fileURLToPath(import.meta.url)); ; at = dirname(at)) {
    const found = join(at, 'node_modules', packageName, folder);
    if (existsSync(found)) return found;
    if (dirname(at) === at) return undefined;
  }
}
