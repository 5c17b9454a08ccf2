import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_LANGUAGES, catalogOf, MESSAGE_IDS, speakerFor, type Said } from '../../src/messages/index.js';
import { spreadsheetBytes } from '../helpers/encoded-csv.js';
import { AS_BROWSER, ask, formBody, startServing, type Serving } from '../helpers/server.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const GUIDES = [
  { name: 'Japanese with English', file: 'japanese-with-english.yaml', tags: ['ja', 'en'], foreignScripts: /[\p{Script=Hangul}]/u },
  { name: 'Korean with English', file: 'korean-with-english.yaml', tags: ['ko', 'en'], foreignScripts: /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u },
  { name: 'Traditional Chinese with English', file: 'traditional-chinese-with-english.yaml', tags: ['zh-Hant', 'en'], foreignScripts: /[\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u },
  { name: 'English with Filipino', file: 'english-with-filipino.yaml', tags: ['en', 'fil'], foreignScripts: /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u },
];

/** What a page shows a person: its text and the text of its images, without markup. */
function shownText(html: string): string {
  const alts = [...html.matchAll(/\balt="([^"]*)"/g)].map((match) => match[1]);
  const text = html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ');
  return [text, ...alts].join(' ').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/**
 * The words of every catalog but the guide's own two: each message as written, or for one that
 * takes values its longest stretch of words, leaving out any its own catalogs say too.
 */
function foreignWords(tags: readonly string[]): Map<string, string> {
  const own = tags.map((tag) => speakerFor(tag));
  const ownText = MESSAGE_IDS.flatMap((id) => own.map((speaker) => speaker.written(id))).join('\n');
  const words = new Map<string, string>();
  for (const language of CATALOG_LANGUAGES.filter((catalog) => !tags.map(catalogOf).includes(catalog))) {
    const speaker = speakerFor(language);
    for (const id of MESSAGE_IDS) {
      const longest = speaker.written(id).split(/\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}/).map((part) => part.trim()).sort((a, b) => b.length - a.length)[0]!;
      if (longest.length >= 2 && !ownText.includes(longest)) words.set(longest, `${language} ${id}`);
    }
  }
  return words;
}

describe.each(GUIDES)('the web page of a guide in $name', ({ file, tags, foreignScripts }) => {
  let server: Serving;
  const pages = new Map<string, string>();
  beforeAll(async () => {
    server = await startServing({ args: ['--guide', join(FIXTURES, 'guides', file)] });
    const page = async (name: string, path: string, options: Parameters<typeof ask>[1] = {}) => {
      const answer = await ask(`${server.url}${path}`, { ...options, headers: { ...AS_BROWSER, ...options.headers } });
      pages.set(name, answer.text);
    };
    const csv = new FormData();
    csv.append('csv', new Blob([await readFile(join(FIXTURES, 'csv', 'bad-rows.csv'))]), 'people.csv');
    const skipping = new FormData();
    skipping.append('_skip_invalid', 'yes');
    skipping.append('csv', new Blob([await readFile(join(FIXTURES, 'csv', 'bad-rows.csv'))]), 'people.csv');
    // The file of bad rows is refused at once only when no other batch is ahead of it (one queued is sent to its page).
    await page('batch with bad rows', 'batch', { method: 'POST', body: csv });
    // One Korean name in EUC-KR: too little to tell its encoding from the Chinese code pages'.
    const unsure = new FormData();
    unsure.append('csv', new Blob([new Uint8Array(spreadsheetBytes('euc-kr', 'euc-kr', { rows: 1 }).bytes)]), 'people.csv');
    await page('batch in an encoding it cannot tell', 'batch', { method: 'POST', body: unsure });
    const job = await ask(`${server.url}batch`, { method: 'POST', headers: AS_BROWSER, body: skipping });
    await Promise.all([
      page('start', ''),
      page('form', 'form'),
      page('form with mistakes', 'form', { method: 'POST', body: formBody({ name: '', number: '0917', date: '2026-02-30' }) }),
      page('batch', 'batch'),
      page('not found', 'nowhere'),
      page('wrong method', 'form', { method: 'DELETE' }),
    ]);
    let done = '';
    while (!done.includes('data-state="done"')) done = (await ask(`${server.url}${job.headers.location!.slice(1)}`, { headers: AS_BROWSER })).text;
    pages.set('batch report', done);
  });
  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
  });

  it('marks every text with one of the two languages, the primary first on the page', () => {
    for (const [name, html] of pages) {
      expect(html, name).toContain(`<html lang="${tags[0]}">`);
      const langs = new Set([...html.matchAll(/\blang="([^"]+)"/g)].map((match) => match[1]));
      expect([...langs].sort(), name).toEqual([...tags].sort());
    }
  });

  it("shows no word of another language's catalog, nor any letter of another language's script", () => {
    const foreign = foreignWords(tags);
    for (const [name, html] of pages) {
      const text = shownText(html);
      const found = [...foreign].filter(([words]) => text.includes(words)).map(([words, where]) => `${where}: ${words}`);
      expect(found, name).toEqual([]);
      expect(text.match(foreignScripts), name).toBeNull();
    }
  });

  it("says each page's own words in both languages: the form's problems, the batch's rows, the missing page", () => {
    const [primary, secondary] = tags.map((tag) => speakerFor(tag));
    const both = (id: Said) => [primary!.say(id), secondary!.say(id)];
    const said = (name: string, ...ids: Said[]) => {
      for (const words of ids.flatMap(both)) expect(shownText(pages.get(name)!), `${name}: ${words}`).toContain(words);
    };
    said('start', { id: 'start.fillHeading' }, { id: 'document.handout' }, { id: 'layout.parallel' });
    said('form', { id: 'form.download' }, { id: 'form.requiredNote' }, { id: 'form.sensitiveNote' }, { id: 'preview.heading' });
    said('form with mistakes', { id: 'form.fixThese' }, { id: 'value.required' }, { id: 'value.phoneDigits', values: { count: '11' } }, { id: 'value.phoneDigits.hint', values: { example: '0917 123 4567' } }, { id: 'value.notCalendarDate' });
    said('batch', { id: 'batch.heading' }, { id: 'batch.help', values: { most: 1000 } }, { id: 'batch.makeForms' });
    said('batch with bad rows', { id: 'batch.badRows' }, { id: 'batch.row', values: { row: '3' } }, { id: 'csv.columnCount', values: { count: '6', expected: '5' } });
    said('batch in an encoding it cannot tell', { id: 'csv.unsure' }, { id: 'csv.saveAsUtf8.hint', values: { looks: 'euc_kr' } }, { id: 'batch.encodingName', values: { encoding: 'euc_kr' } });
    said('batch report', { id: 'job.done' }, { id: 'batch.skippedRows' }, { id: 'batch.row', values: { row: '6' } });
    said('not found', { id: 'error.notFound' }, { id: 'page.backHome' });
    said('wrong method', { id: 'request.wrongMethod' });
  });

  it("answers a program's problems in the two languages, primary first", async () => {
    const answer = await ask(`${server.url}form`, { method: 'POST', body: formBody({ name: 'A', number: '12' }) });
    expect(answer.status).toBe(422);
    const { problems } = JSON.parse(answer.text) as { problems: { field: string; messages: { lang: string; message: string; hint: string }[] }[] };
    const [primary, secondary] = tags.map((tag) => speakerFor(tag));
    expect(problems).toEqual([
      {
        field: 'number',
        label: null,
        row: null,
        messages: [primary!, secondary!].map((speaker) => ({
          lang: speaker.tag,
          message: speaker.say({ id: 'value.phoneDigits', values: { count: '11' } }),
          hint: speaker.say({ id: 'value.phoneDigits.hint', values: { example: '0917 123 4567' } }),
        })),
      },
    ]);
    const missing = JSON.parse((await ask(`${server.url}nowhere`)).text) as { error: { messages: { lang: string; message: string }[] } };
    expect(missing.error.messages.map(({ lang, message }) => [lang, message])).toEqual([primary!, secondary!].map((speaker) => [speaker.tag, speaker.say({ id: 'error.notFound' })]));
  });
});
