// A bounded request fuzzer: random methods, paths, headers and bodies (random bytes, form
// entries, JSON, multipart parts), and now and then random bytes for the whole request, sent to
// the server on loopback. A fixed seed makes a failure repeatable; the run stops after 1,000
// requests or 40 s, whichever comes first. No answer may be a 5xx, and service goes on after.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRaw, startServerProcess, type ServerProcess } from '../helpers/abuse.js';
import { ask, formBody } from '../helpers/server.js';

const SEED = 20_260_107;

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ threads: 2 });
});
afterAll(async () => {
  await server?.stop();
});

const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}$/);
const printable = fc.stringMatching(/^[\x20-\x7e]{0,60}$/);
const method = fc.oneof(fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE'), token);
const path = fc.oneof(
  fc.constantFrom('/', '/form', '/form/preview', '/batch', '/batch/template.csv', '/batch/jobs/x', '/batch/jobs/x/status', '/batch/jobs/x/file', '/static/style.css', '/static/../../etc/passwd', '/documents/a4/stacked/handout.pdf', '/%', '/%00', '//', '/?a=%FF'),
  fc.webPath().map((each) => each || '/'),
);
const boundary = fc.stringMatching(/^[A-Za-z0-9'()+_,./:=?-]{1,40}$/);
const contentType = fc.oneof(
  fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', 'multipart/form-data', 'application/octet-stream', 'application/x-www-form-urlencoded; charset=latin1'),
  boundary.map((each) => `multipart/form-data; boundary=${each}`),
  printable,
);
const extraHeader = fc.oneof(
  fc.tuple(fc.constantFrom('content-encoding', 'accept', 'range', 'if-range', 'origin', 'sec-fetch-site', 'transfer-encoding-x', 'expect-x', 'cookie'), printable),
  fc.tuple(token, printable),
);
const bytes = fc.uint8Array({ maxLength: 4096 }).map((each) => Buffer.from(each));
const entries = fc.array(fc.tuple(fc.oneof(fc.constantFrom('name', 'number', '_paper', '_layout', '_show_id_number', 'unbound', '__proto__', 'constructor'), fc.string({ maxLength: 30 })), fc.string({ maxLength: 60 })), { maxLength: 30 });
const urlEncoded = entries.map((pairs) => Buffer.from(pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&')));
const multipartBody = fc.tuple(boundary, fc.array(fc.tuple(fc.constantFrom('csv', '_output', '_paper', 'name', 'x'), fc.option(fc.string({ maxLength: 20 })), fc.oneof(fc.string({ maxLength: 200 }), fc.constant('name,number\r\nA,0917 123 4567\r\n'))), { maxLength: 6 }), fc.boolean()).map(([mark, parts, closed]) => ({
  type: `multipart/form-data; boundary=${mark}`,
  body: Buffer.from(`${parts.map(([name, file, value]) => `--${mark}\r\nContent-Disposition: form-data; name="${name}"${file === null ? '' : `; filename="${file}"`}\r\n\r\n${value}\r\n`).join('')}${closed ? `--${mark}--\r\n` : ''}`),
}));
const body = fc.oneof(
  bytes.map((each) => ({ type: undefined, body: each })),
  urlEncoded.map((each) => ({ type: 'application/x-www-form-urlencoded', body: each })),
  fc.json().map((each) => ({ type: 'application/json', body: Buffer.from(each) })),
  multipartBody,
);

const request = fc.record({ method, path, contentType: fc.option(contentType), body, headers: fc.array(extraHeader, { maxLength: 4 }), badHost: fc.boolean() });
const garbage = fc.uint8Array({ minLength: 1, maxLength: 2048 }).map((each) => Buffer.from(each));

interface Asked {
  method: string;
  path: string;
  contentType: string | null;
  body: { type: string | undefined; body: Buffer };
  headers: [string, string][];
  badHost: boolean;
}

/** The request as bytes, its length always right: a wrong one would only wait for the body timeout. */
function requestBytes(port: number, { method: verb, path: target, contentType: type, body: sent, headers, badHost }: Asked): Buffer {
  const lines = [`${verb} ${target} HTTP/1.1`, `Host: ${badHost ? 'attacker.example' : `127.0.0.1:${port}`}`, 'Connection: close'];
  const kind = sent.type ?? type;
  if (kind) lines.push(`Content-Type: ${kind}`);
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${sent.body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), sent.body]);
}

describe('a bounded request fuzzer', () => {
  it('finds no 5xx in 1,000 random requests (under 40 s), and the server goes on serving', async () => {
    const statuses = new Map<number | 'none', number>();
    const count = (status: number | undefined) => statuses.set(status ?? 'none', (statuses.get(status ?? 'none') ?? 0) + 1);
    await fc.assert(
      fc.asyncProperty(fc.oneof({ arbitrary: request, weight: 9 }, { arbitrary: garbage, weight: 1 }), async (asked) => {
        const sent = Buffer.isBuffer(asked) ? asked : requestBytes(server.port, asked);
        const answer = await sendRaw(server.port, [sent], { waitMs: 5000 });
        count(answer.status);
        expect(answer.status ?? 0).toBeLessThan(500);
      }),
      { seed: SEED, numRuns: 1000, interruptAfterTimeLimit: 40_000, endOnFailure: true },
    );
    expect(statuses.get(500) ?? 0).toBe(0);
    expect([...statuses.keys()].some((status) => status !== 'none' && status >= 400)).toBe(true);
    expect((await ask(server.url)).status).toBe(200);
    const form = await ask(`${server.url}form`, { method: 'POST', body: formBody({ name: '王小明', number: '0917 123 4567' }) });
    expect(form.status).toBe(200);
    expect(server.output.filter((line) => /internal error/.test(line))).toEqual([]);
  }, 60_000);
});
