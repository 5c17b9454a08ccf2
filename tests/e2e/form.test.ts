/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderForm } from '../../src/index.js';
import { temporaryFolder } from '../helpers/build.js';
import { chromiumForTests, downloaded, launchChromium } from '../helpers/browser.js';
import { readPdf } from '../helpers/pdf.js';
import { startServing, type Serving } from '../helpers/server.js';

const chromium = chromiumForTests();

const flat = (text: string) => text.replace(/\s+/g, '');

describe.skipIf(!chromium)('the web page in a real browser', () => {
  let server: Serving;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServing(), launchChromium(chromium!)]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
  });

  async function formPage(options: { width?: number; javaScript?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, javaScriptEnabled: options.javaScript ?? true });
    const page = await context.newPage();
    await page.goto(`${server.url}form`);
    return page;
  }

  async function submitForPdf(page: Page, submit: () => Promise<unknown>): Promise<Buffer> {
    const [download] = await Promise.all([page.waitForEvent('download'), submit()]);
    expect(download.suggestedFilename()).toBe('store-visit-form-filled.pdf');
    return downloaded(download);
  }

  it('fills the form as a person would and downloads the PDF the library makes for those answers', async () => {
    const page = await formPage();
    await page.getByLabel('Full name').fill('陈大文');
    await page.getByLabel('Mobile number to cancel').fill('0917-123-4567');
    await page.getByLabel('Passport').check();
    await page.getByRole('textbox', { name: /ID number/ }).fill('E12345678');
    await page.getByLabel('Date').fill('2026-12-06');
    await page.getByLabel('Bank accounts').check();
    await page.getByLabel('WeChat Pay').check();
    const pdf = await submitForPdf(page, () => page.getByRole('button', { name: /Download the PDF/ }).click());
    const text = flat((await readPdf(pdf)).pages[0]!);
    for (const value of ['陈大文', '09171234567', '*****5678', '2026-12-06']) expect(text).toContain(value);
    expect(text).not.toContain('E12345678');
    const library = await renderForm({ values: { name: '陈大文', number: '0917-123-4567', 'id-type': 'passport', 'id-number': 'E12345678', date: '2026-12-06', unbound: ['bank', 'wechat-pay'] } });
    expect(Buffer.compare(pdf, Buffer.from(library.bytes))).toBe(0);
  });

  it('shows a mistake beside its field, in both languages, and keeps the other answers', async () => {
    const page = await formPage();
    await page.getByLabel('Full name').fill('陈大文');
    await page.getByLabel('Mobile number to cancel').fill('0917');
    await Promise.all([page.waitForResponse((response) => response.request().method() === 'POST'), page.getByRole('button', { name: /Download the PDF/ }).click()]);
    await page.waitForLoadState('domcontentloaded');
    const problem = page.locator('#number-problem');
    await expect.poll(() => problem.textContent()).toContain('应为 11 位数字');
    expect(await problem.textContent()).toContain('must have 11 digits');
    expect(await page.getByLabel('Mobile number to cancel').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Mobile number to cancel').getAttribute('aria-describedby')).toBe('number-problem');
    expect(await page.getByLabel('Full name').inputValue()).toBe('陈大文');
    const numberBox = await page.getByLabel('Mobile number to cancel').boundingBox();
    const problemBox = await problem.boundingBox();
    expect(problemBox!.y).toBeGreaterThan(numberBox!.y);
    expect(problemBox!.y - (numberBox!.y + numberBox!.height)).toBeLessThan(40);
    await expect.poll(() => page.locator('#summary a[href="#f-number"]').count()).toBe(1);
  });

  it('draws a live preview of the first page as the person types', async () => {
    const page = await formPage();
    const image = page.locator('.preview-image');
    await expect.poll(() => image.getAttribute('src'), { timeout: 20_000 }).toMatch(/^data:image\/png;base64,/);
    const blank = await image.getAttribute('src');
    await page.getByLabel('Full name').pressSequentially('陈大文');
    await expect.poll(() => image.getAttribute('src'), { timeout: 20_000 }).not.toBe(blank);
    expect(await image.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBe(794);
    await page.getByLabel('Mobile number to cancel').fill('12');
    await page.getByLabel('Mobile number to cancel').blur();
    await expect.poll(() => page.locator('#number-problem').textContent(), { timeout: 20_000 }).toContain('must have 11 digits');
  });

  it('can be filled in and sent with the keyboard alone', async () => {
    const page = await formPage();
    const focused = () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? '');
    // From the top of the page: the link home, then the form's fields in order.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('name');
    await page.keyboard.type('Ana Cruz');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('number');
    await page.keyboard.type('09171234567');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('id-type');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('id-number');
    await page.keyboard.type('P7654321');
    for (const name of ['contact', 'reason', 'date']) {
      await page.keyboard.press('Tab');
      expect(await focused()).toBe(name);
    }
    await page.keyboard.type('12062026');
    // Chromium's date field has a calendar button of its own, the next stop after the date.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('unbound');
    await page.keyboard.press('Space');
    const pdf = await submitForPdf(page, () => page.keyboard.press('Enter'));
    const text = flat((await readPdf(pdf)).pages[0]!);
    for (const value of ['AnaCruz', '09171234567', '****4321', '2026-12-06']) expect(text).toContain(value);
    expect(await page.getByLabel('Bank accounts').isChecked()).toBe(true);
    expect(await page.getByLabel('Passport').isChecked()).toBe(true);
  });

  it('works with JavaScript off: a plain post returns the PDF', async () => {
    const page = await formPage({ javaScript: false });
    expect(await page.locator('.preview').isHidden()).toBe(true);
    await page.getByLabel('Full name').fill('Ana Cruz');
    await page.getByLabel('Mobile number to cancel').fill('09171234567');
    await page.getByLabel('ID card').check();
    await page.getByRole('textbox', { name: /ID number/ }).fill('X1234');
    await page.getByLabel('Date').fill('2026-12-06');
    const pdf = await submitForPdf(page, () => page.getByRole('button', { name: /Download the PDF/ }).click());
    expect(flat((await readPdf(pdf)).pages[0]!)).toContain('AnaCruz');
  });

  it.each([
    ['phone', 360],
    ['desktop', 1280],
  ])('fits a %s screen (%i px wide): nothing wider than the screen, every label in view', async (name, width) => {
    const page = await formPage({ width });
    await page.getByLabel('Full name').fill('陈大文');
    await page.getByLabel('Mobile number to cancel').fill('0917 123 4567');
    await page.getByLabel('Passport').check();
    // The preview drawn after the last answer, not one asked for before it.
    const previewed = page.waitForResponse((response) => response.url().endsWith('/form/preview'), { timeout: 20_000 });
    await page.getByLabel('Bank accounts').check();
    await previewed;
    await expect.poll(() => page.locator('.preview-image').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth), { timeout: 20_000 }).toBe(794);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    for (const label of await page.locator('label, legend').all()) {
      const box = await label.boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(width);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    const folder = process.env.SCREENSHOTS_DIR ?? (await temporaryFolder());
    await mkdir(folder, { recursive: true });
    const shot = await page.screenshot({ path: join(folder, `web-form-${name}.png`), fullPage: true });
    expect(shot.readUInt32BE(16)).toBe(width);
  });

  /** The form page once its first preview is drawn, when the page knows the blank form's problems. */
  async function previewedFormPage(options: { width?: number } = {}): Promise<Page> {
    const page = await formPage(options);
    await expect.poll(() => page.locator('.preview-image').getAttribute('src'), { timeout: 20_000 }).toMatch(/^data:image\/png/);
    return page;
  }

  it("shows a required field's message as soon as the field is left empty, and takes it away once filled in", async () => {
    const page = await previewedFormPage();
    const name = page.getByLabel('Full name');
    await name.focus();
    expect(await page.locator('#name-problem').textContent()).toBe('');
    await page.keyboard.press('Tab');
    expect(await page.locator('#name-problem').textContent()).toContain('is required');
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    // A field not yet reached says nothing.
    expect(await page.locator('#number-problem').textContent()).toBe('');
    // Being corrected, the field says nothing until the next preview says whether it is still wrong.
    await name.fill('Ana Cruz');
    expect(await page.locator('#name-problem').textContent()).toBe('');
    expect(await name.getAttribute('aria-invalid')).toBeNull();
    await page.waitForResponse((response) => response.url().endsWith('/form/preview'), { timeout: 20_000 });
    expect(await page.locator('#name-problem').textContent()).toBe('');
  });

  it.each([
    ['on', true],
    ['off', false],
  ])('with JavaScript %s, puts the focus on the summary of a refused form', async (_name, javaScript) => {
    const page = await formPage({ javaScript });
    await page.getByLabel('Mobile number to cancel').fill('0917');
    await Promise.all([page.waitForResponse((response) => response.request().method() === 'POST'), page.getByRole('button', { name: /Download the PDF/ }).click()]);
    await page.waitForLoadState('domcontentloaded');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('summary');
    expect(await page.locator('#summary li').allTextContents()).toEqual([expect.stringContaining('is required'), expect.stringContaining('must have 11 digits')]);
  });

  it('drops each mistake from the summary once it is corrected, and the summary once nothing is left', async () => {
    const page = await formPage();
    await page.getByLabel('Mobile number to cancel').fill('0917');
    await Promise.all([page.waitForResponse((response) => response.request().method() === 'POST'), page.getByRole('button', { name: /Download the PDF/ }).click()]);
    await page.waitForLoadState('domcontentloaded');
    const items = page.locator('#summary li');
    expect(await items.count()).toBe(2);
    await page.getByLabel('Full name').fill('Ana Cruz');
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(1);
    expect(await items.first().textContent()).toContain('must have 11 digits');
    await page.getByLabel('Mobile number to cancel').fill('0917123');
    await page.getByLabel('Mobile number to cancel').fill('0917 123 4567');
    await expect.poll(() => page.locator('#summary').isHidden(), { timeout: 20_000 }).toBe(true);
  });

  it('shows beside the date box the date as the PDF prints it, whatever way the browser shows the box', async () => {
    const page = await formPage();
    const printsAs = page.locator('#date-prints');
    expect(await printsAs.textContent()).toContain('Prints as YYYY-MM-DD');
    expect(await page.getByLabel('Date').getAttribute('aria-describedby')).toBe('date-prints date-problem');
    await page.getByLabel('Date').fill('2026-12-01');
    expect(await printsAs.textContent()).toContain('Prints as 2026-12-01');
    await page.getByLabel('Full name').fill('Ana Cruz');
    await page.getByLabel('Mobile number to cancel').fill('09171234567');
    const pdf = await submitForPdf(page, () => page.getByRole('button', { name: /Download the PDF/ }).click());
    expect(flat((await readPdf(pdf)).pages[0]!)).toContain('2026-12-01');
    // Without JavaScript, the page the server sends back says the date given.
    const plain = await formPage({ javaScript: false });
    await plain.getByLabel('Date').fill('2026-12-01');
    await Promise.all([plain.waitForResponse((response) => response.request().method() === 'POST'), plain.getByRole('button', { name: /Download the PDF/ }).click()]);
    await plain.waitForLoadState('domcontentloaded');
    expect(await plain.locator('#date-prints').textContent()).toContain('Prints as 2026-12-01');
  });

  it('on a phone, links from near the top to the preview, which opens full size', async () => {
    const page = await previewedFormPage({ width: 360 });
    const link = page.getByRole('link', { name: /See the preview/ });
    const box = await link.boundingBox();
    expect(box!.y + box!.height).toBeLessThan(800);
    // The preview is the page's end: it comes into view whole, heading to link.
    const inView = () => page.locator('.preview').evaluate((preview) => preview.getBoundingClientRect().top >= 0 && preview.getBoundingClientRect().bottom <= window.innerHeight);
    expect(await inView()).toBe(false);
    await link.click();
    await expect.poll(inView).toBe(true);
    const shown = await page.locator('.preview-image').evaluate((image) => image.getBoundingClientRect().width);
    expect(shown).toBeLessThan(360);
    const [tab] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: /Open the preview full size/ }).click()]);
    await tab.waitForLoadState();
    expect(await tab.evaluate(() => document.querySelector('img')?.naturalWidth)).toBe(794);
    // Beside the form, on a wide screen, there is nowhere to go down to.
    const wide = await previewedFormPage({ width: 1280 });
    expect(await wide.getByRole('link', { name: /See the preview/ }).isHidden()).toBe(true);
    expect(await wide.getByRole('link', { name: /Open the preview full size/ }).isVisible()).toBe(true);
  });

  it.each([
    ['on', true],
    ['off', false],
  ])('with JavaScript %s, says which rows of an uploaded file are wrong, and whether the file must be chosen again', async (_name, javaScript) => {
    const context = await browser.newContext({ javaScriptEnabled: javaScript });
    const page = await context.newPage();
    await page.goto(`${server.url}batch`);
    const file = page.getByLabel('CSV file');
    await file.setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from('name,number\nAna Cruz,0917\nBen Reyes,0917 123 4567\n') });
    await page.getByRole('button', { name: /Make the forms/ }).click();
    await page.locator('#summary').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('summary');
    const summary = await page.locator('#summary').textContent();
    expect(summary).toContain('must have 11 digits');
    const chosen = await file.evaluate((input: HTMLInputElement) => Array.from(input.files!, (each) => each.name));
    if (javaScript) {
      expect(chosen).toEqual(['people.csv']);
      expect(summary).not.toContain('choose the file again');
      // The same file, its bad row skipped: no need to choose it again.
      await page.getByLabel('Skip rows with mistakes').check();
      await page.getByRole('button', { name: /Make the forms/ }).click();
      await page.waitForURL(/\/batch\/jobs\//);
      await page.getByRole('link', { name: /Download/ }).waitFor({ timeout: 30_000 });
    } else {
      expect(chosen).toEqual([]);
      expect(summary).toContain('choose the file again');
    }
    await context.close();
  });

  it('fills many forms from an uploaded CSV file, showing progress, then the download', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}batch`);
    const rows = Array.from({ length: 40 }, (_, index) => `Person ${index},0917 123 ${String(4000 + index)},passport,E${index},2026-01-05`);
    await page.getByLabel('CSV file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(`name,number,id-type,id-number,date\n${rows.join('\n')}\n`) });
    await page.getByRole('button', { name: /Make the forms/ }).click();
    await page.waitForURL(/\/batch\/jobs\//);
    const link = page.getByRole('link', { name: /Download/ });
    await link.waitFor({ timeout: 30_000 });
    expect(await page.locator('progress').getAttribute('value')).toBe('40');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('store-visit-form-all.pdf');
    expect((await readPdf(await downloaded(download))).pages).toHaveLength(40);
  });
});

if (!chromium) {
  it.skip('browser tests skipped: no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)', () => {});
}
