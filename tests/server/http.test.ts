import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderForm } from '../../src/index.js';
import { readPdf } from '../helpers/pdf.js';
import { AS_BROWSER, ask, formBody, startServing, type Serving } from '../helpers/server.js';

const PERSON = { name: '陈大文', number: '0917 123 4567', 'id-type': 'passport', 'id-number': 'E12345678', date: '2026-12-06', unbound: ['bank', 'alipay'] };
const flat = (text: string) => text.replace(/\s+/g, '');

let server: Serving;
beforeAll(async () => {
  server = await startServing();
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

/** Both languages, and nothing a program would say only to its author. */
function expectPlainBilingual(text: string): void {
  expect(text).toMatch(/\p{Script=Han}/u);
  expect(text).toMatch(/[A-Za-z]{3,}/);
  expect(text).not.toMatch(/ {4}at [\w.<>]+ \(|node:internal|\w*Error: /);
}

describe('the start page', () => {
  it('names the guide and links to every document in every paper size and layout, and to the form', async () => {
    const page = await ask(server.url, { headers: AS_BROWSER });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="zh-Hans">');
    expect(page.text).toContain('<span lang="zh-Hans">Smart卡电话卡如何注销</span>');
    expect(page.text).toContain('<span class="secondary" lang="en">How to cancel a Smart SIM card</span>');
    expect(page.text).toContain('href="/form"');
    expect(page.text).toContain('href="/batch"');
    const links = [...page.text.matchAll(/href="(\/documents\/[^"]+)"/g)].map((match) => match[1]);
    for (const name of ['handout', 'checklist', 'store-visit-form', 'store-visit-form-fillable']) {
      for (const paper of ['a4', 'letter', 'folio']) for (const layout of ['stacked', 'parallel']) expect(links).toContain(`/documents/${paper}/${layout}/${name}.pdf`);
    }
  });

  it('serves each linked document as the PDF a build makes for that paper and layout', async () => {
    const answer = await ask(`${server.url}documents/folio/parallel/checklist.pdf`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/pdf');
    expect(answer.headers['content-disposition']).toBe('attachment; filename="checklist-folio-parallel.pdf"');
    const text = flat((await readPdf(answer.body)).pages.join(''));
    expect(text).toContain(flat('Requirements to bring'));
    expect(text).toContain('要带的材料');
  });
});

describe('the form page', () => {
  it('has an input per field of the guide, each labelled in both languages, with its limits', async () => {
    const page = (await ask(`${server.url}form`, { headers: AS_BROWSER })).text;
    for (const [id, type] of [['name', 'text'], ['number', 'tel'], ['id-number', 'text'], ['contact', 'tel'], ['date', 'date']]) {
      expect(page).toMatch(new RegExp(`<label for="f-${id}">`));
      expect(page).toMatch(new RegExp(`<input id="f-${id}" name="${id}" type="${type}"`));
    }
    expect(page).toMatch(/<label for="f-name"><span lang="zh-Hans">姓名<\/span> <span class="secondary" lang="en">Full name<\/span> <span class="required"/);
    expect(page).toMatch(/name="name" type="text" value="" maxlength="28" required aria-required="true"/);
    expect(page).toMatch(/<textarea id="f-reason" name="reason" rows="2" maxlength="56" aria-describedby="reason-problem"><\/textarea>/);
    expect(page.match(/type="radio" name="id-type"/g)).toHaveLength(3);
    expect(page.match(/type="checkbox" name="unbound"/g)).toHaveLength(4);
    expect(page).toContain('name="_paper" value="folio"');
    expect(page).toContain('name="_layout" value="parallel"');
    expect(page).toContain('<form method="post" action="/form" autocomplete="off" novalidate');
  });

  it('returns the very PDF the library makes for the same answers', async () => {
    const answer = await ask(`${server.url}form`, { method: 'POST', body: formBody(PERSON) });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-disposition']).toBe('attachment; filename="store-visit-form-filled.pdf"');
    const library = await renderForm({ values: PERSON });
    expect(Buffer.compare(answer.body, Buffer.from(library.bytes))).toBe(0);
    const text = flat((await readPdf(answer.body)).pages[0]!);
    expect(text).toContain('陈大文');
    expect(text).toContain('*****5678');
  });

  it('takes the paper, the layout and the full ID number from the page', async () => {
    const answer = await ask(`${server.url}form`, { method: 'POST', body: formBody({ ...PERSON, _paper: 'letter', _layout: 'parallel', _show_id_number: 'yes' }) });
    const library = await renderForm({ values: PERSON, paper: 'letter', layout: 'parallel', showIdNumber: true });
    expect(Buffer.compare(answer.body, Buffer.from(library.bytes))).toBe(0);
    expect(flat((await readPdf(answer.body)).pages[0]!)).toContain('E12345678');
  });

  it('answers mistakes beside their fields, in both languages, keeping every other answer', async () => {
    const answer = await ask(`${server.url}form`, { method: 'POST', headers: AS_BROWSER, body: formBody({ ...PERSON, number: '0917', name: '', reason: '搬家' }) });
    expect(answer.status).toBe(422);
    const page = answer.text;
    expect(page).toMatch(/id="number-problem"[^>]*><span lang="zh-Hans">应为 11 位数字<\/span> <span class="secondary" lang="en">must have 11 digits<\/span>/);
    expect(page).toMatch(/id="name-problem"[^>]*><span lang="zh-Hans">必须填写<\/span>/);
    expect(page).toMatch(/name="number" type="tel" value="0917"/);
    expect(page).toMatch(/<textarea id="f-reason" name="reason"[^>]*>搬家<\/textarea>/);
    expect(page).toMatch(/name="id-number" type="text" value="E12345678"/);
    expect(page).toMatch(/value="passport" checked/);
    expect(page).toMatch(/value="bank" checked/);
    expect(page).toContain('<li data-field="number"><a href="#f-number">');
    expect(page).toMatch(/<div class="summary" role="alert"[^>]* autofocus>/);
    expect(page).toMatch(/id="date-prints"><span lang="zh-Hans">打印为<\/span> <span class="secondary" lang="en">Prints as<\/span> <output class="prints-as" for="f-date">2026-12-06<\/output>/);
    expect(page).toMatch(/<div class="summary" role="alert"/);
  });

  it('escapes what a person typed, so it can never become part of the page', async () => {
    const answer = await ask(`${server.url}form`, { method: 'POST', headers: AS_BROWSER, body: formBody({ ...PERSON, number: '1', reason: '"><script>alert(1)</script>' }) });
    expect(answer.status).toBe(422);
    expect(answer.text).not.toContain('<script>alert(1)');
    expect(answer.text).toContain('>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
  });

  it('previews the first page as the person types, naming the problems so far and printing the rest', async () => {
    const answer = await ask(`${server.url}form/preview`, { method: 'POST', headers: { accept: 'application/json' }, body: formBody({ number: '0917', reason: '搬家' }) });
    expect(answer.status).toBe(200);
    const preview = JSON.parse(answer.text) as { image: string; problems: { field: string; messages: { message: string }[] }[] };
    const png = Buffer.from(preview.image.replace(/^data:image\/png;base64,/, ''), 'base64');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(794);
    const said = preview.problems.map((problem) => [problem.field, ...problem.messages.map(({ message }) => message)]);
    expect(said).toContainEqual(['number', '应为 11 位数字', 'must have 11 digits']);
    expect(said).toContainEqual(['name', '必须填写', 'is required']);
    expect(preview.problems.map((problem) => problem.field)).not.toContain('reason');
  });
});

describe('every answer', () => {
  it.each([
    ['the start page', '/', 'GET'],
    ['a missing page', '/nowhere', 'GET'],
    ['a form post', '/form', 'POST'],
  ])('of %s keeps nothing in the browser and loads only its own files', async (_name, path, method) => {
    const answer = await ask(`${server.url}${path.slice(1)}`, { method, body: method === 'POST' ? formBody(PERSON) : undefined });
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self';.*form-action 'self'.*frame-ancestors 'none'/);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });
});

interface BadRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
}

describe('bad requests', () => {
  it.each<[string, BadRequest, number]>([
    ['a malformed JSON body', { method: 'POST', path: '/form', headers: { 'content-type': 'application/json' }, body: '{"name": ' }, 400],
    ['a body of the wrong shape', { method: 'POST', path: '/form', headers: { 'content-type': 'application/json' }, body: '{"name": {"first": "A"}}' }, 400],
    ['a paper size that does not exist', { method: 'POST', path: '/form', body: formBody({ ...PERSON, _paper: 'a3' }) }, 400],
    ['a content type the form does not take', { method: 'POST', path: '/form', headers: { 'content-type': 'text/plain' }, body: 'name=x' }, 415],
    ['a form of more than 1 MB', { method: 'POST', path: '/form', body: formBody({ ...PERSON, reason: 'x'.repeat(1_100_000) }) }, 413],
    ['an unknown field', { method: 'POST', path: '/form', body: formBody({ ...PERSON, nickname: 'Ah Man' }) }, 422],
    ['a value longer than its field allows', { method: 'POST', path: '/form', body: formBody({ ...PERSON, name: '陈'.repeat(29) }) }, 422],
    ['a bidirectional override in a value', { method: 'POST', path: '/form', body: formBody({ ...PERSON, name: 'Ana\u202ECruz' }) }, 422],
    ['a character no font can print', { method: 'POST', path: '/form', body: formBody({ ...PERSON, name: 'Ana 🎉' }) }, 422],
    ['a text field given twice', { method: 'POST', path: '/form', body: formBody({ ...PERSON, name: ['A', 'B'] }) }, 422],
    ['a wrong method', { method: 'DELETE', path: '/form' }, 405],
    ['a page that does not exist', { method: 'GET', path: '/admin' }, 404],
    ['a document that does not exist', { method: 'GET', path: '/documents/a4/stacked/secrets.pdf' }, 404],
    ['a job that does not exist', { method: 'GET', path: '/batch/jobs/0000/file' }, 404],
  ])('%s gets a clear answer in both languages with its status, and the server keeps serving', async (_name, { method, path, headers = {}, body }, status) => {
    const answer = await ask(`${server.url}${path.slice(1)}`, { method, headers: { accept: 'application/json', ...headers }, body });
    expect(answer.status).toBe(status);
    expectPlainBilingual(answer.text);
    const asPage = await ask(`${server.url}${path.slice(1)}`, { method, headers: { ...AS_BROWSER, ...headers }, body });
    expect(asPage.status).toBe(status);
    expect(asPage.headers['content-type']).toMatch(/^text\/html/);
    expectPlainBilingual(asPage.text);
    expect((await ask(server.url)).status).toBe(200);
  });

  it('says "no such page" once on the page for an address that does not exist, and more where there is more to say', async () => {
    const main = (text: string) => /<main[^>]*>([\s\S]*)<\/main>/.exec(text)![1]!;
    const missing = main((await ask(`${server.url}admin`, { headers: AS_BROWSER })).text);
    expect(missing.match(/There is no such page/g)).toHaveLength(1);
    expect(missing.match(/找不到这个页面/g)).toHaveLength(1);
    const expired = main((await ask(`${server.url}batch/jobs/0000`, { headers: AS_BROWSER })).text);
    expect(expired).toContain('There is no such page');
    expect(expired).toContain('upload the file again');
  });

  it('names the methods a path takes when refusing another', async () => {
    expect((await ask(`${server.url}form`, { method: 'PUT' })).headers.allow).toBe('GET, POST, HEAD');
    expect((await ask(`${server.url}form/preview`, { method: 'GET' })).headers.allow).toBe('POST');
  });

  it('refuses a request for another host name (DNS rebinding) and a form posted from another site', async () => {
    const { port } = new URL(server.url);
    expect((await ask(server.url, { headers: { host: `evil.example:${port}` } })).status).toBe(403);
    expect((await ask(server.url, { headers: { host: 'localhost:1' } })).status).toBe(403);
    expect((await ask(server.url, { headers: { host: `localhost:${port}` } })).status).toBe(200);
    const posted = (headers: Record<string, string>) => ask(`${server.url}form`, { method: 'POST', headers, body: formBody(PERSON) });
    expect((await posted({ origin: 'http://evil.example' })).status).toBe(403);
    expect((await posted({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await posted({ origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });
});

describe('under load', () => {
  it('answers 50 forms asked for at once, each with its own person', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, (_, index) => ask(`${server.url}form`, { method: 'POST', body: formBody({ ...PERSON, name: `Person ${index}` }) })));
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
    const names = await Promise.all(answers.map(async (answer) => /Person(\d+)/.exec(flat((await readPdf(answer.body)).pages[0]!))?.[1]));
    expect(names).toEqual(Array.from({ length: 50 }, (_, index) => String(index)));
  });
});

describe('the access log', () => {
  it('has the method, route, status and time of each request, and nothing a person typed', () => {
    const requests = server.output.filter((line) => /^(GET|POST|PUT|DELETE|HEAD) /.test(line));
    expect(requests.length).toBeGreaterThan(20);
    for (const line of requests) expect(line).toMatch(/^[A-Z]+ (\/[\w/:.-]*|\(no such path\)) \d{3} \d+ ms$/);
    expect(server.output.join('\n')).not.toMatch(/陈大文|E12345678|Person 1|Ana|0917/);
  });
});
