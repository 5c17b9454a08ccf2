import type { FastifyReply, FastifyRequest } from 'fastify';
import { answerProblem, download, html, joined, libraryOptions, problemJson, wantsHtml, type Context } from './replies.js';
import { said } from '../messages/index.js';
import { CSV_ENCODINGS, selector, type CsvEncoding } from '../values/index.js';
import { DEFAULT_CHOICES, pickers } from './form-view.js';
import { BatchStopped } from './batch-processes.js';
import type { Job } from './jobs.js';
import { HttpProblem, readChoices } from './requests.js';
import type { SentProblem, TaskResult } from './tasks.js';
import type { PageWords } from './words.js';

/** A batch's forms are held in memory until they expire: about 45 KB a form in a zip. */
export const MOST_ROWS = 1000;

function outputs(words: PageWords) {
  return {
    name: '_output',
    legend: words.two(said('batch.output')),
    options: [
      { value: 'combined', label: words.two(said('batch.combined')), checked: true },
      { value: 'zip', label: words.two(said('batch.zip')), checked: false },
    ],
  };
}

const DETECT = 'detect';

/** The encodings a person may name, when a file's cannot be told from its bytes: told from it by default. */
function encodings(words: PageWords) {
  return {
    name: '_encoding',
    legend: words.two(said('batch.encoding')),
    options: [
      { value: DETECT, label: words.two(said('batch.detectEncoding')), checked: true },
      ...CSV_ENCODINGS.map((value) => ({ value, label: words.two(said('batch.encodingName', { encoding: selector(value) })), checked: false })),
    ],
  };
}

export function csvTemplate(context: Context, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const header = context.guide.form.fields.map((field) => field.id).join(',');
  return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="people.csv"').send(`\uFEFF${header}\r\n`);
}

export function batchPage(context: Context, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return answerBatchPage(context, reply, []);
}

function answerBatchPage(context: Context, reply: FastifyReply, problems: readonly SentProblem[]): FastifyReply {
  const { words } = context;
  const view = { columns: context.guide.form.fields.map((field) => field.id).join(','), output: outputs(words), encoding: encodings(words), problems: problems.map((problem) => rowProblem(context, problem)), ...pickers(words, DEFAULT_CHOICES) };
  return html(reply, context.pages.batch({ page: context.frame(joined(words.two(said('batch.heading'))), { scripts: ['batch.js'] }), ...view }));
}

/** A CSV row's problem with its place (row, and field by its id and its labels), in both languages. */
function rowProblem({ words, guide }: Context, problem: SentProblem) {
  const { row, path } = problem.position;
  const field = guide.form.fields.find((each) => each.id === path);
  return { row: row === undefined ? null : words.two(said('batch.row', { row: String(row) })), field: path ?? null, label: field ? words.texts(field.label) : null, said: words.problem(problem) };
}

/**
 * Takes an uploaded CSV file and starts drawing its forms. The upload and the page's choices are
 * checked before the batch takes a slot. A batch that can start is checked row by row first: a
 * file with bad rows (unless they are to be skipped) is answered with every bad row; a good one
 * goes on in a worker thread while the person is sent to its progress page. A batch that must
 * wait its turn is sent there at once, and its page shows it waiting.
 */
export async function acceptBatch(context: Context, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const upload = await readUpload(request);
  const choices = readChoices(upload.fields);
  const encoding = chosenEncoding(upload.fields._encoding);
  const job = context.jobs.create();
  if (!job) throw new HttpProblem(503, said('request.busy'));
  const options = { ...libraryOptions(context, choices), csv: { bytes: upload.csv, name: 'csv' }, encoding, combine: upload.fields._output !== 'zip', skipInvalid: upload.fields._skip_invalid === 'yes', mostRows: MOST_ROWS, showIdNumber: choices.showIdNumber, today: context.today() };
  let checked!: () => void;
  const rowsChecked = new Promise<'checked'>((resolve) => (checked = () => resolve('checked')));
  const task = context.pool.runBatch(options, {
    started: () => (job.state = 'checking'),
    message: (message) => {
      if ('checked' in message) {
        Object.assign(job, { state: 'drawing', total: message.checked.valid });
        checked();
      } else job.done = message.done;
    },
  });
  const finished = task.then((result) => (finishJob(context, job, result), 'finished' as const));
  let answered = false;
  // A bug in a batch already answered for is logged; its job goes either way, so its slot is free again.
  finished.catch((error: unknown) => {
    context.jobs.forget(job);
    if (answered && !(error instanceof BatchStopped)) context.log('internal error in a batch (a bug: please report it)');
  });
  if (job.state !== 'queued' && (await Promise.race([rowsChecked, finished])) === 'finished') return refuseRows(context, request, reply, job);
  answered = true;
  const page = `/batch/jobs/${job.id}`;
  if (!wantsHtml(request)) return reply.code(202).header('location', page).send({ job: page, status: `${page}/status`, file: `${page}/file` });
  return reply.code(303).header('location', page).send();
}

/** The file's bad rows, when they stop the batch before any form is drawn. */
function refuseRows(context: Context, request: FastifyRequest, reply: FastifyReply, job: Job): FastifyReply {
  context.jobs.forget(job);
  const problems = job.result?.problems ?? [];
  if (!wantsHtml(request)) return reply.code(422).send({ problems: problems.map((problem) => problemJson(context.words, problem)) });
  return answerBatchPage(context, reply.code(422), problems);
}

function finishJob(context: Context, job: Job, result: TaskResult<'batch'>): void {
  context.jobs.finish(job, result.ok ? result : { fileName: '', bytes: undefined, drawn: 0, skipped: 0, problems: result.problems, warnings: [] });
}

function chosenEncoding(value: string | undefined): CsvEncoding | undefined {
  if (value === undefined || value === '' || value === DETECT) return undefined;
  if (!(CSV_ENCODINGS as readonly string[]).includes(value)) throw new HttpProblem(400, said('request.noSuchEncoding'));
  return value as CsvEncoding;
}

interface Upload {
  csv: Uint8Array;
  fields: Record<string, string>;
}

/** The multipart form: one CSV file and the page's choices. */
async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) throw new HttpProblem(415, said('request.notMultipart'));
  const fields = Object.create(null) as Record<string, string>;
  let csv: Uint8Array | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'csv' || csv) throw new HttpProblem(400, said('request.oneFile'));
        csv = await part.toBuffer();
      } else if (typeof part.value === 'string') {
        if (Object.hasOwn(fields, part.fieldname)) throw new HttpProblem(400, said('request.sentTwice'));
        fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    throw uploadProblem(error);
  }
  if (!csv || csv.length === 0) throw new HttpProblem(400, said('request.noFile'));
  return { csv, fields };
}

/** A broken multipart body (no boundary, no closing boundary, garbage) is the sender's mistake; a limit keeps its own status. */
function uploadProblem(error: unknown): unknown {
  if (error instanceof HttpProblem) return error;
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 413) return error;
  return new HttpProblem(400, said('request.badUpload'));
}

function findJob(context: Context, request: FastifyRequest): Job {
  const job = context.jobs.get((request.params as { id: string }).id);
  if (!job) throw new HttpProblem(404, said('job.expired'));
  return job;
}

export function jobPage(context: Context, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const job = findJob(context, request);
  const running = job.state !== 'done';
  const { words } = context;
  const stateText = words.two(stateOf(job));
  const view = {
    statusUrl: `/batch/jobs/${job.id}/status`,
    state: job.state,
    stateText,
    done: job.done,
    total: job.total,
    download: job.result?.bytes ? `/batch/jobs/${job.id}/file` : null,
    until: job.result?.bytes ? words.two(said('job.until', { time: clockTime(job.ends) })) : null,
    problems: (job.result?.problems ?? []).map((problem) => rowProblem(context, problem)),
  };
  return html(reply, context.pages.job({ page: context.frame(joined(stateText), { scripts: ['job.js'], refresh: running }), ...view }));
}

function stateOf(job: Job) {
  if (job.state === 'queued') return said('job.queued');
  if (job.state !== 'done') return said('job.running');
  return said(job.result?.bytes ? 'job.done' : job.result?.problems.length ? 'batch.badRows' : 'job.empty');
}

/** A time of day as this machine's clock shows it, which is the person's own: the server runs on their computer. */
function clockTime(ms: number): string {
  const time = new Date(ms);
  return `${String(time.getHours()).padStart(2, '0')}:${String(time.getMinutes()).padStart(2, '0')}`;
}

export function jobStatus(context: Context, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const job = findJob(context, request);
  const file = job.result?.bytes ? `/batch/jobs/${job.id}/file` : null;
  return reply.send({ state: job.state, done: job.done, total: job.total, skipped: job.result?.skipped ?? 0, file, until: file ? new Date(job.ends).toISOString() : null, problems: (job.result?.problems ?? []).map((problem) => problemJson(context.words, problem)) });
}

/**
 * The batch's PDF or zip, as often as asked until the job expires: a dropped download can be
 * tried again, or resumed with a Range request.
 */
export function jobFile(context: Context, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const job = findJob(context, request);
  const { bytes, fileName } = job.result ?? {};
  if (!bytes || !fileName) return answerProblem(context, request, reply, new HttpProblem(404, said(job.state === 'done' ? 'job.empty' : 'job.running')));
  const etag = `"${job.id}"`;
  reply.header('accept-ranges', 'bytes').header('etag', etag);
  const range = byteRange(request.headers.range, [request.headers['if-range']].flat()[0], { size: bytes.length, etag });
  if (range === 'unsatisfiable') return answerProblem(context, request, reply.header('content-range', `bytes */${bytes.length}`), new HttpProblem(416, said('request.badRange')));
  if (!range) return download(reply, fileName, bytes);
  const partial = reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${bytes.length}`);
  return download(partial, fileName, bytes.subarray(range.start, range.end + 1));
}

/**
 * The one range of bytes asked for (RFC 9110 §14), or undefined for the whole file: when no
 * Range is sent, when it asks for several ranges, or when If-Range names another version.
 */
function byteRange(range: string | undefined, ifRange: string | undefined, { size, etag }: { size: number; etag: string }): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = range === undefined || (ifRange !== undefined && ifRange !== etag) ? null : /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [first, last] = [match[1]!, match[2]!];
  // bytes=-N: the last N bytes.
  const start = first === '' ? Math.max(0, size - Number(last)) : Number(first);
  const end = first === '' || last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
