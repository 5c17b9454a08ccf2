/**
 * A worker thread of the server's pool: forms, previews, batches and blank documents are drawn
 * here, off the event loop that answers requests. Each thread loads the fonts once and keeps
 * nothing of a person's answers after its task.
 */
import { HandoutsError, ProblemList } from '../diagnostics.js';
import { buildDocuments, previewForm, renderForm, renderFormBatch } from '../index.js';
import type { BatchMessage, SentProblem, TaskResult, WorkerTask } from './tasks.js';

const run: { [K in WorkerTask['kind']]: (task: Extract<WorkerTask, { kind: K }>) => Promise<TaskResult<K>> } = {
  documents: async ({ options }) => {
    const documents = await buildDocuments(options);
    return { ok: true, documents: documents.map(({ fileName, bytes }) => ({ fileName, bytes })) };
  },
  form: async ({ options }) => {
    const form = await renderForm(options);
    return { ok: true, bytes: form.bytes, warnings: form.warnings };
  },
  preview: async ({ options }) => {
    const preview = await previewForm(options);
    return { ok: true, png: preview.png, problems: preview.problems.map(sendProblem), warnings: preview.warnings };
  },
  batch: async ({ options, progress }) => {
    const report = (message: BatchMessage) => progress.postMessage(message);
    const result = await renderFormBatch({ ...options, onChecked: (checked) => report({ checked }), onProgress: (done, total) => report({ done, total }) }).finally(() => progress.close());
    return { ok: true, fileName: result.fileName, bytes: result.bytes, drawn: result.drawn, skipped: result.skipped, problems: result.problems.map(sendProblem), warnings: [...result.warnings] };
  },
};

/** Piscina calls this with each task; a person's mistake comes back as problems, anything else is a bug and rejects. */
export default async function work(task: WorkerTask): Promise<TaskResult<WorkerTask['kind']>> {
  try {
    return await (run[task.kind] as (task: WorkerTask) => Promise<TaskResult<WorkerTask['kind']>>)(task);
  } catch (error) {
    if (error instanceof HandoutsError) return { ok: false, problems: problemsOf(error).map(sendProblem) };
    throw error;
  }
}

function problemsOf(error: HandoutsError): readonly HandoutsError[] {
  return error instanceof ProblemList ? error.problems : [error];
}

/** Errors lose their class crossing to another thread; what a page shows of them is sent as data. */
function sendProblem(problem: HandoutsError): SentProblem {
  return { kind: problem.name, message: problem.message, hint: problem.hint, messages: problem.messages, position: problem.position };
}
