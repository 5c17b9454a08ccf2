/// <reference lib="dom" />
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumForTests, launchChromium } from '../helpers/browser.js';
import { startServing, type Serving } from '../helpers/server.js';

const chromium = chromiumForTests();

const fixture = (name: string) => ['--guide', join(import.meta.dirname, '..', 'fixtures', 'guides', `${name}.yaml`)];

const GUIDES = [
  ['the shipped guide', []],
  ['an English guide with Filipino', fixture('english-with-filipino')],
  ['a Traditional Chinese guide with English', fixture('traditional-chinese-with-english')],
  ['a Japanese guide with English', fixture('japanese-with-english')],
  ['a Korean guide with English', fixture('korean-with-english')],
] as const;

const csv = (text: string) => ({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });

async function sendBatch(page: Page, file: ReturnType<typeof csv>): Promise<void> {
  await page.locator('#csv').setInputFiles(file);
  await page.locator('button[type="submit"]').click();
}

/** Every page of the web page, in each state a person meets it in, by the fields every guide has. */
const PAGES: Record<string, (page: Page, url: string) => Promise<unknown>> = {
  'the start page': (page, url) => page.goto(url),
  'the form, its preview drawn': async (page, url) => {
    await page.goto(`${url}form`);
    await page.locator('.preview-image[src]').waitFor({ timeout: 20_000 });
  },
  'the form refused, its summary focused': async (page, url) => {
    await page.goto(`${url}form`);
    await page.locator('#f-number').fill('0917');
    await Promise.all([page.waitForURL(`${url}form`), page.locator('button[type="submit"]').click()]);
    await page.locator('.preview-image[src]').waitFor({ timeout: 20_000 });
  },
  'the batch page': (page, url) => page.goto(`${url}batch`),
  'the batch page, its file refused': async (page, url) => {
    await page.goto(`${url}batch`);
    await sendBatch(page, csv('name,number\nAna Cruz,0917\n'));
    await page.locator('#summary').waitFor();
  },
  "a batch's progress page, done": async (page, url) => {
    await page.goto(`${url}batch`);
    await sendBatch(page, csv('name,number\nAna Cruz,0917 123 4567\n'));
    await page.waitForURL(/\/batch\/jobs\//);
    await page.locator('a[download]').waitFor({ timeout: 30_000 });
  },
  'a page that does not exist': (page, url) => page.goto(`${url}no-such-page`),
};

describe.skipIf(!chromium).each(GUIDES)('the web page for %s', (_name, args) => {
  let server: Serving;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServing({ args: [...args] }), launchChromium(chromium!)]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
  });

  it.each(Object.keys(PAGES))('%s has nothing axe-core finds wrong, on a phone (360 px) or a desktop (1280 px)', async (name) => {
    const context = await browser.newContext({ viewport: { width: 360, height: 900 } });
    const page = await context.newPage();
    await PAGES[name]!(page, server.url);
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      const { violations } = await new AxeBuilder({ page }).analyze();
      const found = violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.help}): ${node.target.join(' ')}`));
      expect(found, `at ${width} px`).toEqual([]);
    }
    await context.close();
  });
});

if (!chromium) {
  it.skip('browser tests skipped: no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)', () => {});
}
