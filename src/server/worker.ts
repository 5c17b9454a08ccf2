/**
 * A worker thread of the server's pool: forms, previews and blank documents are drawn here, off
 * the event loop that answers requests. Each thread loads the fonts once and keeps nothing of a
 * person's answers after its task. Batches have processes of their own (batch-process.ts).
 */
import { HandoutsError, ProblemList } from '../diagnostics.js';
import { buildDocuments, previewForm, renderForm } from '../index.js';
import type { SentProblem, TaskKind, TaskResult, WorkerTask } from './tasks.js';

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
};

/** Piscina calls this with each task. */
export default function work(task: WorkerTask): Promise<TaskResult<WorkerTask['kind']>> {
  return answer(() => (run[task.kind] as (task: WorkerTask) => Promise<TaskResult<WorkerTask['kind']>>)(task));
}

/** A task's answer: a person's mistake comes back as problems, anything else is a bug and rejects. */
export async function answer<K extends TaskKind>(make: () => Promise<TaskResult<K>>): Promise<TaskResult<K>> {
  try {
    return await make();
  } catch (error) {
    if (!(error instanceof HandoutsError)) throw error;
    return { ok: false, problems: (error instanceof ProblemList ? error.problems : [error]).map(sendProblem) };
  }
}

/** Errors lose their class crossing to another thread or process; what a page shows of them is sent as data. */
export function sendProblem(problem: HandoutsError): SentProblem {
  return { kind: problem.name, message: problem.message, hint: problem.hint, messages: problem.messages, position: problem.position };
}
