#!/usr/bin/env node
// `npm run bench`: speed, memory and size, measured against the compiled dist/ build.
// Not a test: it prints a table and writes bench-results/bench.json. Knobs (environment):
//   RUNS=5 cold runs; FORMS=1000 people in the warm loop; BATCH_ROWS=1000 CSV rows;
//   PEERS="pdfkit typst" to also run ../shared/peers (QUICK=1 for its smoke run), PEERS= to skip;
//   SERVER_SECONDS=5 for each load on the web page's server; ONLY=server for the server's rows alone.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverBench, serverRows } from './bench-server.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'handouts.js');
const RUNS = Number(process.env.RUNS ?? 5);
const FORMS = Number(process.env.FORMS ?? 1000);
const BATCH_ROWS = Number(process.env.BATCH_ROWS ?? 1000);
const PEERS_DIR = join(ROOT, '..', 'shared', 'peers');
const PEERS = process.env.PEERS ?? 'pdfkit typst';

/**
 * Node 20 parses its whole root certificate store as it starts when NODE_EXTRA_CA_CERTS is set
 * (nodejs/node#40524), ~90 ms a process on this machine, whatever the script; handouts opens no
 * connection. Issue 6 gives a bare Node start of 46 ms, as this machine takes without it; so every
 * process here, ours and the peers', runs without it, and two rows show what it costs.
 */
const CA_CERTS = process.env.NODE_EXTRA_CA_CERTS;
const { NODE_EXTRA_CA_CERTS: _startupCost, ...ENV } = process.env;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const stats = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values.length });
const temp = () => mkdtempSync(join(tmpdir(), 'handouts-bench-'));

/**
 * Process start to exit, in ms, for RUNS spawned runs. `cache: 'empty'` gives every run an empty
 * cache (a first build); 'kept' shares one, filled by a run beforehand (a rebuild); 'off' keeps
 * nothing on disk (`HANDOUTS_CACHE_DIR=`). `perRun`
 * gives each run's own further arguments.
 */
function coldRuns(args, { cache, perRun = () => [], baseEnv = ENV }) {
  const times = [];
  const kept = temp();
  const env = (folder) => ({ ...baseEnv, HANDOUTS_CACHE_DIR: folder });
  if (cache === 'kept') spawnSync(process.execPath, [BIN, ...args, '--out', temp()], { stdio: 'ignore', env: env(kept) });
  for (let run = 0; run < RUNS; run++) {
    const runArgs = [...args, ...perRun(run), '--out', temp()];
    const folder = { kept, empty: temp(), off: '' }[cache];
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [BIN, ...runArgs], { stdio: 'ignore', env: env(folder) });
    if (result.status !== 0) throw new Error(`handouts ${args.join(' ')} failed`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return stats(times);
}

/** `node -e 0`, spawned as the runs above are: what any Node program takes here before it starts. */
function bareNodeRuns(env) {
  const times = Array.from({ length: RUNS }, () => {
    const started = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore', env });
    return Number(process.hrtime.bigint() - started) / 1e6;
  });
  return stats(times);
}

/** The shipped guide with one text edited, as an author's next draft: it is parsed and validated again. */
function editedGuide(edit) {
  return (draft) => {
    const guide = join(temp(), 'guide.yaml');
    const source = readFileSync(join(ROOT, 'guides', 'smart-sim-cancellation.yaml'), 'utf8');
    const edited = edit(source, draft);
    if (edited === source) throw new Error('the guide has no such text to edit');
    writeFileSync(guide, edited);
    return ['--guide', guide];
  };
}

// The title is on every document; the introduction is printed in the handout alone.
const editTitle = (source, draft) => source.replace('en: How to cancel a Smart SIM card }', `en: How to cancel a Smart SIM card (draft ${draft}) }`);
const editIntroduction = (source, draft) => source.replace('Here we look at how', `Here (draft ${draft}) we look at how`);

function handoutOnlyTemplates() {
  const dir = join(temp(), 'templates');
  cpSync(join(ROOT, 'templates', 'partials'), join(dir, 'partials'), { recursive: true });
  cpSync(join(ROOT, 'templates', 'handout.hbs'), join(dir, 'handout.hbs'));
  return dir;
}

function person(index) {
  return { name: `Person ${String(index).padStart(5, '0')}`, number: `0917 ${100 + (index % 900)} ${1000 + (index % 9000)}`, 'id-type': 'passport', 'id-number': `E${10_000_000 + index}`, date: '2026-01-05', unbound: 'bank,alipay' };
}

/** The `handouts form` arguments for one person. */
const formArgs = (index) => ['form', ...Object.entries(person(index)).flatMap(([id, value]) => [`--${id}`, value])];

/**
 * A cache folder as a desk's machine has it after its first form: what the forms of a batch take
 * from the cache (the form's font subsets, the one for answers in ASCII) is there.
 */
function cacheAfterOneForm() {
  const folder = temp();
  const result = spawnSync(process.execPath, [BIN, ...formArgs(0), '--out', temp()], { stdio: 'ignore', env: { ...ENV, HANDOUTS_CACHE_DIR: folder } });
  if (result.status !== 0) throw new Error('the form that fills the cache failed');
  return folder;
}

/** A form renderer in this process, as a batch uses it: one call per person. */
async function formRenderer(cacheDir) {
  const { prefillForm, prepareForm } = await import(join(ROOT, 'dist', 'pipeline.js'));
  const { validateValues } = await import(join(ROOT, 'dist', 'values', 'index.js'));
  const { renderPdf } = await import(join(ROOT, 'dist', 'pdf', 'index.js'));
  const form = await prepareForm({ guide: join(ROOT, 'guides', 'smart-sim-cancellation.yaml'), templatesDir: join(ROOT, 'templates'), template: 'store-visit-form', sourceDateEpoch: undefined, cacheDir, paper: 'a4', pairs: 'stacked' });
  return async (index) => {
    const { values } = validateValues(form.fields, person(index), { showSensitive: false, today: '2026-01-05', source: {} });
    const layout = prefillForm(form, values);
    return renderPdf({ layout, metadata: form.document.metadata, fonts: form.fonts, date: form.date, keepFontFiles: form.keepFontFiles });
  };
}

/** Forms rendered in this process: ms per form over three batches of distinct people. */
async function warmForms(cacheDir) {
  const one = await formRenderer(cacheDir);
  await one(0);
  const batchSize = Math.ceil(FORMS / 3);
  const perForm = [];
  let done = 0;
  for (let batch = 0; batch < 3; batch++) {
    const started = performance.now();
    for (let index = 0; index < batchSize && done < FORMS; index++) await one(++done);
    perForm.push((performance.now() - started) / batchSize);
  }
  return { msPerForm: stats(perForm), forms: done };
}

/**
 * RSS after a forced collection as the forms add up, in a process of its own: the forced
 * collections throw away optimised code, which would slow the timed forms above.
 */
async function formMemory(cacheDir) {
  const one = await formRenderer(cacheDir);
  const checkpoints = new Set([50, 250, 500, 1000].filter((count) => count <= FORMS));
  const rssAfterGc = {};
  for (let done = 1; done <= FORMS; done++) {
    await one(done);
    if (!checkpoints.has(done)) continue;
    // As ../shared/peers measures it: collect, let the freed pages go back, collect again.
    global.gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
    global.gc();
    rssAfterGc[done] = Math.round(process.memoryUsage().rss / 2 ** 20);
  }
  return { rssAfterGcMB: rssAfterGc, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
}

function memoryInChildProcess(cacheDir) {
  const result = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--memory', cacheDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: ENV });
  if (result.status !== 0) throw new Error('the memory run failed');
  return JSON.parse(result.stdout);
}

function batchEndToEnd() {
  const folder = temp();
  const csv = join(folder, 'people.csv');
  const rows = Array.from({ length: BATCH_ROWS }, (_, index) => Object.values(person(index)).map((value) => `"${value}"`).join(','));
  writeFileSync(csv, `${Object.keys(person(0)).join(',')}\n${rows.join('\n')}\n`);
  const time = (extra) => {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [BIN, 'form', '--batch', csv, '--out', join(temp(), 'out'), ...extra], { stdio: 'ignore', env: ENV });
    if (result.status !== 0) throw new Error('batch failed');
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const separate = time([]);
  const combined = time(['--combine']);
  return { rows: BATCH_ROWS, separateMsPerForm: separate / BATCH_ROWS, combinedMsPerForm: combined / BATCH_ROWS };
}

function outputSizes() {
  const out = temp();
  execFileSync(process.execPath, [BIN, 'build', '--out', out], { stdio: 'ignore', env: ENV });
  return Object.fromEntries(readdirSync(out).map((file) => [file, Math.round(statSync(join(out, file)).size / 1024)]));
}

/** The same measurements for peers, from the shared harness, when it is there. */
function peers() {
  if (!PEERS || !existsSync(join(PEERS_DIR, 'run.sh'))) return undefined;
  spawnSync('bash', [join(PEERS_DIR, 'run.sh')], { env: { ...ENV, PEERS }, stdio: ['ignore', 'ignore', 'inherit'] });
  const results = join(PEERS_DIR, 'results', 'results.json');
  return existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')).peers : undefined;
}

async function warmAndMemory(cacheDir) {
  return { ...(await warmForms(cacheDir)), ...memoryInChildProcess(cacheDir) };
}

const ratio = (ours, theirs) => (ours && theirs ? (ours / theirs).toFixed(2) : '—');

if (process.argv[2] === '--memory') {
  console.log(JSON.stringify(await formMemory(process.argv[3])));
  process.exit(0);
}

const line = (cells) => `| ${cells.join(' | ')} |`;
const table = (rows) => [line(['measure', 'handouts', 'typst', 'handouts ÷ typst']), line(['---', '---', '---', '---']), ...rows.map(line)].join('\n');
const server = await serverBench({ root: ROOT, bin: BIN, env: { ...ENV, HANDOUTS_CACHE_DIR: temp() }, person });
if (process.env.ONLY === 'server') {
  console.log(table(serverRows(server)));
  process.exit(0);
}

const result = {
  node: process.version,
  bareNodeMs: bareNodeRuns(ENV),
  coldFullBuildMs: coldRuns(['build'], { cache: 'kept' }),
  coldFullBuildEditedGuideMs: coldRuns(['build'], { cache: 'kept', perRun: editedGuide(editTitle) }),
  coldFullBuildEditedParagraphMs: coldRuns(['build'], { cache: 'kept', perRun: editedGuide(editIntroduction) }),
  coldFullBuildEmptyCacheMs: coldRuns(['build'], { cache: 'empty' }),
  coldFullBuildCacheOffMs: coldRuns(['build'], { cache: 'off' }),
  coldFormMs: coldRuns(formArgs(1), { cache: 'kept' }),
  coldHandoutMs: coldRuns(['build', '--templates', handoutOnlyTemplates()], { cache: 'kept' }),
  // As Typst's handout is made: one document, from nothing.
  coldHandoutEmptyCacheMs: coldRuns(['build', '--templates', handoutOnlyTemplates()], { cache: 'empty' }),
  warm: await warmAndMemory(cacheAfterOneForm()),
  batch: batchEndToEnd(),
  sizesKB: outputSizes(),
  server,
  ...(CA_CERTS ? { withExtraCaCerts: { bareNodeMs: bareNodeRuns(process.env), coldFullBuildMs: coldRuns(['build'], { cache: 'kept', baseEnv: process.env }) } } : {}),
};
const peerResults = peers();
const typst = peerResults?.typst;
const nodeBaseline = peerResults?.['node-baseline']?.cold;
const withCaCerts = result.withExtraCaCerts;
/** A row of ours (`ms`, shown as `shown`) beside Typst's cold handout, and the ratio. */
const againstTypst = (measure, ms, shown = Math.round(ms)) => [measure, shown, typst?.cold ? Math.round(typst.cold.median * 1000) : '—', ratio(ms, typst?.cold?.median * 1000)];
const rows = [
  ['bare `node -e 0`, ms (as every run here starts)', Math.round(result.bareNodeMs.median), nodeBaseline ? Math.round(nodeBaseline.median * 1000) : '—', '—'],
  againstTypst('cold full build, ms (median, min–max)', result.coldFullBuildMs.median, `${Math.round(result.coldFullBuildMs.median)} (${Math.round(result.coldFullBuildMs.min)}–${Math.round(result.coldFullBuildMs.max)})`),
  ...(withCaCerts ? [
    ['bare `node -e 0` with this machine\'s NODE_EXTRA_CA_CERTS, ms', Math.round(withCaCerts.bareNodeMs.median), '—', '—'],
    ['cold full build with this machine\'s NODE_EXTRA_CA_CERTS, ms', Math.round(withCaCerts.coldFullBuildMs.median), '—', '—'],
  ] : []),
  againstTypst('cold full build after editing the title (every document changes), ms', result.coldFullBuildEditedGuideMs.median),
  againstTypst('cold full build after editing a paragraph of the handout, ms', result.coldFullBuildEditedParagraphMs.median),
  againstTypst('cold full build, first ever (empty cache), ms', result.coldFullBuildEmptyCacheMs.median),
  againstTypst('cold full build with the cache turned off (`HANDOUTS_CACHE_DIR=`), ms', result.coldFullBuildCacheOffMs.median),
  againstTypst('cold handout only, ms', result.coldHandoutMs.median),
  againstTypst('cold handout only, first ever (empty cache), ms', result.coldHandoutEmptyCacheMs.median),
  ['cold prefilled form (one `handouts form` run), ms', Math.round(result.coldFormMs.median), '—', '—'],
  ['warm form, ms per form (median of 3 batches)', result.warm.msPerForm.median.toFixed(1), typst?.warm?.medianMsPerDoc?.toFixed(1) ?? '—', ratio(result.warm.msPerForm.median, typst?.warm?.medianMsPerDoc)],
  ['batch command, ms per form (separate / combined)', `${result.batch.separateMsPerForm.toFixed(1)} / ${result.batch.combinedMsPerForm.toFixed(1)}`, '—', '—'],
  ['RSS after GC at ' + Object.keys(result.warm.rssAfterGcMB).join('/') + ' forms, MB', Object.values(result.warm.rssAfterGcMB).join(' / '), '—', '—'],
  ['peak RSS, forms in one process, MB', result.warm.peakRssMB, typst?.mem?.childMaxRssMB ? Math.round(typst.mem.childMaxRssMB) : '—', ratio(result.warm.peakRssMB, typst?.mem?.childMaxRssMB)],
  ['handout size, KB', result.sizesKB['handout.pdf'], typst?.check?.sizeKB ? Math.round(typst.check.sizeKB) : '—', ratio(result.sizesKB['handout.pdf'], typst?.check?.sizeKB)],
  ...Object.entries(result.sizesKB).filter(([file]) => file !== 'handout.pdf').map(([file, size]) => [`${file} size, KB`, size, '—', '—']),
  ...serverRows(server),
];
console.log(table(rows));
mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
writeFileSync(join(ROOT, 'bench-results', 'bench.json'), JSON.stringify({ ...result, peers: peerResults }, null, 2));
