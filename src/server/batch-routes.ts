import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatPosition } from '../diagnostics.js';
import { CSV_ENCODINGS, ENCODING_NAMES, type CsvEncoding } from '../values/index.js';
import { answerProblem, html, libraryOptions, pdf, problemJson, wantsHtml, type Context } from './replies.js';
import { DEFAULT_CHOICES, pickers, saidOf } from './form-view.js';
import type { Job } from './jobs.js';
import { HttpProblem, readFormBody } from './requests.js';
import type { BatchDone, SentProblem, TaskResult } from './tasks.js';
import { twoTexts, WORDS } from './words.js';

/** A batch's forms are held in memory until downloaded: about 45 KB a form in a zip. */
export const MOST_ROWS = 1000;

const OUTPUTS = {
  name: '_output',
  legend: WORDS.output,
  options: [
    { value: 'combined', label: WORDS.combined, checked: true },
    { value: 'zip', label: WORDS.zip, checked: false },
  ],
};

const DETECT = 'detect';

/** The encodings a person may name, when a file's cannot be told from its bytes. */
const ENCODINGS = {
  name: '_encoding',
  legend: WORDS.encoding,
  options: [
    { value: DETECT, label: WORDS.detectEncoding, checked: true },
    ...CSV_ENCODINGS.map((value) => ({ value, label: twoTexts(ENCODING_NAMES[value].zh, ENCODING_NAMES[value].en), checked: false })),
  ],
};

export function csvTemplate(context: Context, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const header = context.guide.form.fields.map((field) => field.id).join(',');
  return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="people.csv"').send(`\uFEFF${header}\r\n`);
}

export function batchPage(context: Context, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return answerBatchPage(context, reply, []);
}

function answerBatchPage(context: Context, reply: FastifyReply, problems: readonly SentProblem[]): FastifyReply {
  const view = { columns: context.guide.form.fields.map((field) => field.id).join(','), output: OUTPUTS, encoding: ENCODINGS, problems: problems.map(rowProblem), ...pickers(DEFAULT_CHOICES) };
  return html(reply, context.pages.batch({ page: context.frame(`${WORDS.batchHeading.primary} / ${WORDS.batchHeading.secondary}`), ...view }));
}

/** A CSV row's problem as the command line names its place (row and field), in both languages. */
function rowProblem(problem: SentProblem) {
  const { file: _file, ...position } = problem.position;
  const where = formatPosition(position);
  return { where: where ? `${where}:` : '', said: saidOf(problem) };
}

/**
 * Takes an uploaded CSV file and starts drawing its forms. Every row is checked first: a file
 * with bad rows (unless they are to be skipped) is answered at once with every bad row; a good
 * one goes on in a worker thread while the person is sent to its progress page.
 */
export async function acceptBatch(context: Context, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const upload = await readUpload(request);
  const job = context.jobs.create();
  if (!job) throw new HttpProblem(503, twoTexts('正在处理的批量任务太多，请稍后再试', 'Too many batches are under way; please try again in a few minutes'));
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
  if (!wantsHtml(request)) return reply.code(422).send({ problems: problems.map(problemJson) });
  return answerBatchPage(context, reply.code(422), problems);
}

function finishJob(context: Context, job: Job, result: TaskResult<'batch'>): void {
  const done: BatchDone = result.ok ? result : { fileName: '', bytes: undefined, drawn: 0, skipped: 0, problems: result.problems, warnings: [] };
  if (!result.ok) job.result = done;
  else context.jobs.finish(job, done);
}

function chosenEncoding(value: string | undefined): CsvEncoding | undefined {
  if (value === undefined || value === '' || value === DETECT) return undefined;
  if (!(CSV_ENCODINGS as readonly string[]).includes(value)) throw new HttpProblem(400, twoTexts('没有这种文件编码', 'There is no such encoding'));
  return value as CsvEncoding;
}

interface Upload {
  csv: Uint8Array;
  fields: Record<string, string>;
}

/** The multipart form: one CSV file and the page's choices. */
async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) throw new HttpProblem(415, twoTexts('请用页面上的表单上传 CSV 文件', 'Upload the CSV file with the form on the page'));
  const fields: Record<string, string> = {};
  let csv: Uint8Array | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'csv' || csv) throw new HttpProblem(400, twoTexts('只能上传一个 CSV 文件', 'Upload one CSV file only'));
      csv = await part.toBuffer();
    } else if (typeof part.value === 'string') {
      if (part.fieldname in fields) throw new HttpProblem(400, twoTexts('同一选项提交了不止一次', 'A choice of the page was sent more than once'));
      fields[part.fieldname] = part.value;
    }
  }
  if (!csv || csv.length === 0) throw new HttpProblem(400, twoTexts('没有收到 CSV 文件，或文件是空的', 'No CSV file came with the request, or it is empty'));
  return { csv, fields };
}

function findJob(context: Context, request: FastifyRequest): Job {
  const job = context.jobs.get((request.params as { id: string }).id);
  if (!job) throw new HttpProblem(404, WORDS.expired);
  return job;
}

export function jobPage(context: Context, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const job = findJob(context, request);
  const running = job.state !== 'done';
  const stateText = running ? WORDS.running : job.result?.bytes ? WORDS.done : WORDS.empty;
  const view = {
    statusUrl: `/batch/jobs/${job.id}/status`,
    state: job.state,
    stateText,
    done: job.done,
    total: job.total,
    download: job.result?.bytes ? `/batch/jobs/${job.id}/file` : null,
    problems: (job.result?.problems ?? []).map(rowProblem),
  };
  return html(reply, context.pages.job({ page: context.frame(`${stateText.primary} / ${stateText.secondary}`, { scripts: ['job.js'], refresh: running }), ...view }));
}

export function jobStatus(context: Context, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const job = findJob(context, request);
  return reply.send({ state: job.state, done: job.done, total: job.total, skipped: job.result?.skipped ?? 0, file: job.result?.bytes ? `/batch/jobs/${job.id}/file` : null, problems: (job.result?.problems ?? []).map(problemJson) });
}

/** The batch's PDF or zip; once it is sent whole, the forms in it are dropped from memory. */
export function jobFile(context: Context, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const job = findJob(context, request);
  const { bytes, fileName } = job.result ?? {};
  if (!bytes || !fileName) return answerProblem(context, request, reply, new HttpProblem(404, job.state === 'done' ? WORDS.empty : WORDS.running));
  reply.raw.once('finish', () => context.jobs.forget(job));
  if (fileName.endsWith('.pdf')) return pdf(reply, fileName, bytes);
  return reply.type('application/zip').header('content-disposition', `attachment; filename="${fileName}"`).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
