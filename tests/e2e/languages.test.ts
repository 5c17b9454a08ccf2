/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../helpers/build.js';
import { CJK_LANGUAGES, downloaded, findChromium, launchChromium, withoutCjkFonts } from '../helpers/browser.js';
import { readPdf } from '../helpers/pdf.js';
import { ask, startServing, type Serving } from '../helpers/server.js';

const chromium = findChromium();
const GUIDES = join(import.meta.dirname, '..', 'fixtures', 'guides');

/** Each guide, and the faces its documents, and so its pages, are set in, by the names in the font files. */
const CASES = [
  { name: 'Japanese with English', slug: 'ja', guide: join(GUIDES, 'japanese-with-english.yaml'), faces: /^Noto Sans Japanese /, label: '氏名' },
  { name: 'Korean with English', slug: 'ko', guide: join(GUIDES, 'korean-with-english.yaml'), faces: /^Noto Sans Korean /, label: '성명' },
  { name: 'Traditional Chinese with English', slug: 'zh-hant', guide: join(GUIDES, 'traditional-chinese-with-english.yaml'), faces: /^Noto Sans T Chinese /, label: '姓名' },
  { name: 'English with Filipino', slug: 'en-fil', guide: join(GUIDES, 'english-with-filipino.yaml'), faces: /^Noto Sans( Regular| Bold)?$/, label: 'Full name' },
  { name: 'Simplified Chinese with English (shipped)', slug: 'zh-hans', guide: undefined, faces: /^Noto Sans S Chinese /, label: '姓名' },
];

/** The names of the faces the server sends (in its stylesheet of web fonts), as their files name them. */
async function servedFaces(url: string): Promise<Set<string>> {
  const css = (await ask(`${url}fonts/faces.css`)).text;
  const files = [...css.matchAll(/url\("\/(fonts\/[^"]+)"\)/g)].map((match) => match[1]!);
  const fonts = await Promise.all(files.map(async (file) => fontkit.create((await ask(`${url}${file}`)).body) as fontkit.Font));
  return new Set(fonts.flatMap((font) => [font.familyName, font.fullName]));
}

/** The faces the browser drew each element's own text with, read through the DevTools protocol, with the element's language. */
async function fontsUsed(page: Page): Promise<{ lang: string; text: string; fonts: { familyName: string; isCustomFont: boolean }[] }[]> {
  const probes = await page.evaluate(() => {
    const elements = Array.from(document.body.querySelectorAll('*')).filter((element) => Array.from(element.childNodes).some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== ''));
    return elements.map((element, index) => {
      element.setAttribute('data-probe', String(index));
      return { lang: element.closest('[lang]')!.getAttribute('lang')!, text: element.textContent!.trim().slice(0, 40) };
    });
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: '[data-probe]' });
  const used = [];
  for (const [index, nodeId] of nodeIds.entries()) used.push({ ...probes[index]!, fonts: (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts });
  await cdp.detach();
  return used;
}

describe.skipIf(!chromium)('each language on a device without its fonts', () => {
  let browser: Browser;
  let fontsFound: Record<string, string>;
  beforeAll(async () => {
    const { env, found } = await withoutCjkFonts(await temporaryFolder());
    fontsFound = found;
    browser = await launchChromium(chromium!, env);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('has no Chinese, Japanese or Korean font of its own', () => {
    expect(fontsFound).toEqual(Object.fromEntries(CJK_LANGUAGES.map((lang) => [lang, ''])));
  });

  describe.each(CASES)('a guide in $name', ({ guide, faces, label, slug }) => {
    let server: Serving;
    let served: Set<string>;
    beforeAll(async () => {
      server = await startServing({ args: guide ? ['--guide', guide] : [] });
      served = await servedFaces(server.url);
    });
    afterAll(async () => {
      expect(await server?.stop()).toBe(0);
    });

    async function open(path: string, width: number): Promise<Page> {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      // Once the form page's first preview has come back: it rewrites the preview's status as it does.
      await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
      await page.evaluate(() => document.fonts.ready);
      return page;
    }

    it.each(['', 'form', 'batch', 'nowhere'])('draws every text of the page /%s with the faces the server sends for its language', async (path) => {
      const page = await open(path, 1280);
      const used = (await fontsUsed(page)).filter((probe) => probe.fonts.length > 0);
      expect(used.length).toBeGreaterThan(5);
      expect([...served].every((name) => faces.test(name)), [...served].join(', ')).toBe(true);
      const drawnWith = used.filter((probe) => probe.fonts.some((font) => !font.isCustomFont || !served.has(font.familyName)));
      expect(drawnWith.map(({ lang, text, fonts }) => `${lang} "${text}": ${fonts.map((font) => font.familyName).join(', ')}`)).toEqual([]);
      await page.close();
    });

    it.each([
      ['phone', 360],
      ['desktop', 1280],
    ])('fits its form on a %s (%i px): nothing wider than the screen, the preview drawn, and a filled form downloads', async (screen, width) => {
      const page = await open('form', width);
      await page.getByLabel(label).fill('Ana Cruz');
      // The preview of both answers, not the one the page asked for as it loaded.
      const previewed = page.waitForResponse((response) => response.url().endsWith('/form/preview') && (response.request().postData() ?? '').includes('number=0917'), { timeout: 20_000 });
      await page.getByRole('textbox', { name: /Mobile number/ }).fill('0917 123 4567');
      await (await previewed).finished();
      await expect.poll(() => page.locator('#name-problem').textContent()).toBe('');
      await expect.poll(() => page.locator('.preview-image').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth), { timeout: 20_000 }).toBe(794);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const folder = process.env.SCREENSHOTS_DIR ?? (await temporaryFolder());
      await mkdir(folder, { recursive: true });
      await page.screenshot({ path: join(folder, `web-form-${slug}-${screen}.png`), fullPage: true });
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download the PDF/ }).click()]);
      expect((await readPdf(await downloaded(download))).pages[0]!.replace(/\s+/g, '')).toContain('AnaCruz');
      await page.close();
    });
  });
});
