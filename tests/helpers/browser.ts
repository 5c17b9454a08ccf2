import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Download } from 'playwright-core';

/**
 * A Chromium installed on this machine: Playwright's own download cannot work here, so the
 * browser comes from the system (Debian's `chromium` package), or from CHROMIUM_PATH.
 */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((path): path is string => Boolean(path) && existsSync(path!));
}

/**
 * The Chromium the browser tests drive; without one they are skipped, with a warning, unless
 * HANDOUTS_REQUIRE_BROWSER asks for them (as CI does).
 */
export function chromiumForTests(): string | undefined {
  const chromium = findChromium();
  if (!chromium && process.env.HANDOUTS_REQUIRE_BROWSER) throw new Error('no Chromium found, and HANDOUTS_REQUIRE_BROWSER asks for the browser tests');
  if (!chromium) console.warn('handouts: browser tests skipped: no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH); .ci/run installs it');
  return chromium;
}

export function launchChromium(executablePath: string, env?: NodeJS.ProcessEnv): Promise<Browser> {
  // Without the background-networking flags Chromium keeps trying hosts a closed network refuses.
  return chromium.launch({
    executablePath,
    env,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The languages whose system fonts a browser must not have, to show that a page brings its own. */
export const CJK_LANGUAGES = ['zh-cn', 'zh-tw', 'zh-hk', 'ja', 'ko'];

/**
 * An environment whose fontconfig hides every installed font that covers Chinese, Japanese or
 * Korean, whatever the machine has; and the fonts for each language fc-list still finds there.
 */
export async function withoutCjkFonts(folder: string): Promise<{ env: NodeJS.ProcessEnv; found: Record<string, string> }> {
  const rejected = CJK_LANGUAGES.map((lang) => `<pattern><patelt name="lang"><string>${lang}</string></patelt></pattern>`).join('');
  const config = join(folder, 'fonts.conf');
  await writeFile(config, `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><selectfont><rejectfont>${rejected}</rejectfont></selectfont></fontconfig>`);
  const env = { ...process.env, FONTCONFIG_FILE: config };
  const found = Object.fromEntries(CJK_LANGUAGES.map((lang) => [lang, execFileSync('fc-list', [`:lang=${lang}`, 'family'], { env, encoding: 'utf8' }).trim()]));
  return { env, found };
}

export async function downloaded(download: Download): Promise<Buffer> {
  return readFile((await download.path())!);
}
