import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { chromium, type Browser, type Download } from 'playwright-core';

/**
 * A Chromium installed on this machine: Playwright's own download cannot work here, so the
 * browser comes from the system (Debian's `chromium` package), or from CHROMIUM_PATH.
 */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((path): path is string => Boolean(path) && existsSync(path!));
}

export function launchChromium(executablePath: string): Promise<Browser> {
  // Without the background-networking flags Chromium keeps trying hosts a closed network refuses.
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function downloaded(download: Download): Promise<Buffer> {
  return readFile((await download.path())!);
}
