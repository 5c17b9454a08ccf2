// The web page's rows of `npm run bench`: single forms through `handouts serve` at 1, 10 and 50
// clients at once, and at 10 while a 1,000-row batch is drawn, against what the library's
// renderForm takes in one process, the limit a server's thread can reach. Knob: SERVER_SECONDS=5, how long each load runs.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

const SECONDS = Number(process.env.SERVER_SECONDS ?? 5);
// As many people as the web page takes in one file.
const BATCH_ROWS = 1000;

const percentile = (sorted, share) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))];

/** renderForm in this process, warm: ms per form, median of three rounds. */
async function libraryCost(root, person, forms = 150) {
  const { renderForm } = await import(join(root, 'dist', 'index.js'));
  await renderForm({ values: person(0) });
  const rounds = [];
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    for (let index = 1; index <= forms / 3; index++) await renderForm({ values: person(round * forms + index) });
    rounds.push((performance.now() - started) / (forms / 3));
  }
  return rounds.sort((a, b) => a - b)[1];
}

function startServer(bin, env) {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      const served = /serving the web page at (\S+)/.exec(chunk.toString());
      if (served) resolve({ url: served[1], stop: () => child.kill('SIGINT') });
    });
    child.once('exit', (code) => reject(new Error(`handouts serve exited with ${code}`)));
  });
}

function post(url, body, agent) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const asked = request(`${url}form`, { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode, ms: performance.now() - started }));
    });
    asked.on('error', reject);
    asked.end(body);
  });
}

/** A batch of `rows` people uploaded, then asked after until it is drawn: how long that took, in ms. */
async function drawBatch(url, { rows, person }) {
  const header = Object.keys(person(0)).join(',');
  const lines = Array.from({ length: rows }, (_, index) => Object.values(person(index)).map((value) => `"${value}"`).join(','));
  const upload = new FormData();
  upload.append('csv', new Blob([`${header}\n${lines.join('\n')}\n`]), 'people.csv');
  const started = performance.now();
  const accepted = await (await fetch(`${url}batch`, { method: 'POST', body: upload })).json();
  for (;;) {
    const status = await (await fetch(`${url}${accepted.status.slice(1)}`)).json();
    if (status.state === 'done') return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `clients` keep-alive clients, each sending a form after the last came back, for SECONDS (or until `until` settles). */
async function load(url, { clients, body, until }) {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies = [];
  let failed = 0;
  const ends = performance.now() + SECONDS * 1000;
  let settled = false;
  void until?.finally(() => (settled = true));
  const going = () => (until ? !settled : performance.now() < ends);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let sent = 0; going(); sent++) {
        const { status, ms } = await post(url, body(client * 100_000 + sent), agent);
        if (status === 200) latencies.push(ms);
        else failed += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { clients, requests: latencies.length, failed, perSecond: latencies.length / seconds, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) };
}

export async function serverBench({ root, bin, env, person }) {
  const renderFormMs = await libraryCost(root, person);
  const server = await startServer(bin, env);
  const body = (index) => new URLSearchParams(Object.entries(person(index)).flatMap(([id, value]) => value.split(',').map((entry) => [id, entry]))).toString();
  try {
    await load(server.url, { clients: 4, body });
    const loads = [];
    for (const clients of [1, 10, 50]) loads.push(await load(server.url, { clients, body }));
    // Single forms while a batch of 1,000 is drawn beside them, on the threads left to them.
    const batch = drawBatch(server.url, { rows: BATCH_ROWS, person });
    const duringBatch = await load(server.url, { clients: 10, body, until: batch });
    return { threads: availableParallelism(), renderFormMs, limitPerSecond: (1000 / renderFormMs) * availableParallelism(), loads, duringBatch: { ...duringBatch, batchMs: await batch } };
  } finally {
    server.stop();
  }
}

export function serverRows(server) {
  return [
    [`library renderForm in one process, ms per form (the limit: ${Math.round(server.limitPerSecond)} forms/s on ${server.threads} threads)`, server.renderFormMs.toFixed(1), '—', '—'],
    ...server.loads.map((row) => [`server, ${row.clients} client${row.clients > 1 ? 's' : ''}: forms/s, p50 / p95 ms${row.failed ? `, ${row.failed} failed` : ''}`, `${Math.round(row.perSecond)}, ${row.p50.toFixed(1)} / ${row.p95.toFixed(1)}`, '—', '—']),
    [
      `server, 10 clients while a ${BATCH_ROWS}-row batch is drawn (${(server.duringBatch.batchMs / 1000).toFixed(1)} s): forms/s, p50 / p95 ms${server.duringBatch.failed ? `, ${server.duringBatch.failed} failed` : ''}`,
      `${Math.round(server.duringBatch.perSecond)}, ${server.duringBatch.p50.toFixed(1)} / ${server.duringBatch.p95.toFixed(1)}`,
      '—',
      '—',
    ],
  ];
}
