/**
 * A process that draws batches for the server, one at a time, as batch-processes.ts asks. A
 * thousand forms take a few hundred MB of the memory allocator's arenas, which the end of a thread
 * leaves with the process but the end of a process gives back to the system.
 */
import { renderFormBatch } from '../index.js';
import type { BatchMessage, BatchReply, BatchTask, TaskResult } from './tasks.js';
import { answer, sendProblem } from './worker.js';

const send = (reply: BatchReply) => void process.send!(reply);

async function drawBatch(options: BatchTask): Promise<TaskResult<'batch'>> {
  const report = (message: BatchMessage) => send({ message });
  const result = await renderFormBatch({ ...options, onChecked: (checked) => report({ checked }), onProgress: (done, total) => report({ done, total }) });
  return { ok: true, ...result, problems: result.problems.map(sendProblem) };
}

process.on('message', async (options: BatchTask) => {
  try {
    send({ result: await answer(() => drawBatch(options)) });
  } catch {
    // A bug: the server says so; what it was stays here, since it may quote a person's answers.
    send({ failed: true });
  }
});
// Ctrl-C in a terminal reaches every process of its group: the server, closing gracefully, ends this one.
process.on('SIGINT', () => undefined);
// The server is done with this process, or gone.
process.on('disconnect', () => process.exit(0));
