import type { FastifyReply, FastifyRequest } from 'fastify';
import { answerProblem, html, joined, libraryOptions, pdf, problemJson, wantsHtml, type Context } from './replies.js';
import { said } from '../messages/index.js';
import { CSV_ENCODINGS, selector, type CsvEncoding } from '../values/index.js';
import { DEFAULT_CHOICES, pickers } from './form-view.js';
import type { Job } from './jobs.js';
import { HttpProblem, readFormBody } from './requests.js';
import type { BatchDone, SentProblem, TaskResult } from './tasks.js';
import type { PageWords } from './words.js';

/** A batch's forms are held in memory until downloaded: about 45 KB a form in a zip. */
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
  return html(reply, context.pages.batch({ page: context.frame(joined(words.two(said('batch.heading')))), ...view }));
}

/** A CSV row's problem with its place (row, and field by its id and its labels), in both languages. */
function rowProblem({ words, guide }: Context, problem: SentProblem) {
  const { row, path } = problem.position;
  const field = guide.form.fields.find((each) => each.id === path);
  return { row: row === undefined ? null : words.two(said('batch.row', { row: String(row) })), field: path ?? null, label: field ? words.texts(field.label) : null, said: words.problem(problem) };
}

/**
 * Takes an uploaded CSV file and starts drawing its forms. Every row is checked first: a file
 * with bad rows (unless they are to be skipped) is answered at once with every bad row; a good
 * one goes on in a worker thread while the person is sent to its progress page.
 */
export async function acceptBatch(context: Context, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const upload = await readUpload(request);
  const job = context.jobs.create();
  if (!job) throw new HttpProblem(503, said('request.busy'));
  const { choices } = readFormBody(upload.fields);
  const options = { ...libraryOptions(context, choices), csv: { bytes: upload.csv, name: 'csv' }, encoding: chosenEncoding(upload.fields._encoding), combine: upload.fields._output !== 'zip', skipInvalid: upload.fields._skip_invalid === 'yes', mostRows: MOST_ROWS, showIdNumber: choices.showIdNumber, today: context.today() };
  let checked!: () => void;
  const rowsChecked = new Promise<void>((resolve) => (checked = resolve));
  const task = context.pool.runBatch(options, (message) => {
    if ('checked' in message) {
      Object.assign(job, { state: 'drawing', total: message.checked.valid });
      checked();
    } else job.done = message.done;
  });
  const finished = task.then((result) => finishJob(context, job, result));
  finished.catch(() => context.jobs.forget(job));
  await Promise.race([rowsChecked, finished]);
  if (job.state === 'checking') return refuseRows(context, request, reply, job);
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
  const done: BatchDone = result.ok ? result : { fileName: '', bytes: undefined, drawn: 0, skipped: 0, problems: result.problems, warnings: [] };
  if (!result.ok) job.result = done;
  else context.jobs.finish(job, done);
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
  const fields: Record<string, string> = {};
  let csv: Uint8Array | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'csv' || csv) throw new HttpProblem(400, said('request.oneFile'));
      csv = await part.toBuffer();
    } else if (typeof part.value === 'string') {
      if (part.fieldname in fields) throw new HttpProblem(400, said('request.sentTwice'));
      fields[part.fieldname] = part.value;
    }
  }
  if (!csv || csv.length === 0) throw new HttpProblem(400, said('request.noFile'));
  return { csv, fields };
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
  const stateText = words.two(said(running ? 'job.running' : job.result?.bytes ? 'job.done' : 'job.empty'));
  const view = {
    statusUrl: `/batch/jobs/${job.id}/status`,
    state: job.state,
    stateText,
    done: job.done,
    total: job.total,
    download: job.result?.bytes ? `/batch/jobs/${job.id}/file` : null,
    problems: (job.result?.problems ?? []).map((problem) => rowProblem(context, problem)),
  };
  return html(reply, context.pages.job({ page: context.frame(joined(stateText), { scripts: ['job.js'], refresh: running }), ...view }));
}

export function jobStatus(context: Context, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const job = findJob(context, request);
  return reply.send({ state: job.state, done: job.done, total: job.total, skipped: job.result?.skipped ?? 0, file: job.result?.bytes ? `/batch/jobs/${job.id}/file` : null, problems: (job.result?.problems ?? []).map((problem) => problemJson(context.words, problem)) });
}

/** The batch's PDF or zip; once it is sent whole, the forms in it are dropped from memory. */
export function jobFile(context: Context, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const job = findJob(context, request);
  const { bytes, fileName } = job.result ?? {};
  if (!bytes || !fileName) return answerProblem(context, request, reply, new HttpProblem(404, said(job.state === 'done' ? 'job.empty' : 'job.running')));
  reply.raw.once('finish', () => context.jobs.forget(job));
  if (fileName.endsWith('.pdf')) return pdf(reply, fileName, bytes);
  return reply.type('application/zip').header('content-disposition', `attachment; filename="${fileName}"`).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
