import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BATCH_HEAP_MB } from '../batch/heap.js';
import type { BatchMessage, BatchReply, BatchTask, TaskResult } from './tasks.js';

const BATCH_PROCESS = fileURLToPath(new URL('./batch-process.js', import.meta.url));

// V8's young generation is three of its semi-spaces.
const HEAP_FLAGS = [`--max-old-space-size=${BATCH_HEAP_MB.old}`, `--max-semi-space-size=${BATCH_HEAP_MB.young / 3}`];

/** How long a batch process waits for another batch before it ends. */
const IDLE_MS = 2000;

/** A batch cut short because the server is closing: not a bug. */
export class BatchStopped extends Error {
  constructor() {
    super('the batch was stopped: the server is closing');
  }
}

export interface BatchProcesses {
  /** Draws a batch in a process that is idle, or in a new one; `message` is told each of its messages. */
  run(options: BatchTask, message: (message: BatchMessage) => void): Promise<TaskResult<'batch'>>;
  /** Ends every batch process; a batch under way rejects with BatchStopped. */
  close(): Promise<void>;
}

/**
 * Batches are drawn in processes of their own, kept while batches follow each other and ended
 * when idle: all the memory a batch took goes back to the system with its process. A thread
 * ended when idle gives back its JavaScript heap, but the malloc arena it filled (pdfkit's
 * buffers, zlib's state, the fonts' bytes) stays with the process, about 100 MB after a storm
 * of 1,000-row batches, for good.
 */
export function createBatchProcesses(): BatchProcesses {
  const alive = new Set<ChildProcess>();
  const idle = new Map<ChildProcess, NodeJS.Timeout>();
  let closing = false;
  const start = () => {
    // Only the message channel: nothing a batch holds is ever printed. None of the server's own
    // Node flags, which may suit only how it was started (--input-type for a script given with
    // -e): only the cap of a batch's heap.
    const child = fork(BATCH_PROCESS, [], { execArgv: HEAP_FLAGS, serialization: 'advanced', stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    alive.add(child);
    const gone = () => {
      alive.delete(child);
      unpark(child);
    };
    // A process that could not start, or be sent to (its batch is told by drawIn): it goes.
    child.on('error', () => (gone(), child.kill()));
    child.once('exit', gone);
    return child;
  };
  const unpark = (child: ChildProcess) => {
    clearTimeout(idle.get(child));
    idle.delete(child);
  };
  // Disconnected, the process ends (batch-process.ts); it is no longer one to take.
  const retire = (child: ChildProcess) => {
    unpark(child);
    child.disconnect();
  };
  const park = (child: ChildProcess) => idle.set(child, setTimeout(() => retire(child), IDLE_MS));
  const take = () => {
    const [child] = idle.keys();
    if (!child) return start();
    unpark(child);
    return child;
  };
  return {
    async run(options, message) {
      if (closing) throw new BatchStopped();
      const child = take();
      try {
        const result = await drawIn(child, options, message);
        park(child);
        return result;
      } catch (error) {
        child.kill();
        throw closing ? new BatchStopped() : error;
      }
    },
    async close() {
      closing = true;
      await Promise.all([...alive].map(end));
    },
  };
}

/** The batch's result from its process; rejects on a bug in it, or when the process ends first. */
function drawIn(child: ChildProcess, options: BatchTask, message: (message: BatchMessage) => void): Promise<TaskResult<'batch'>> {
  return new Promise((resolve, reject) => {
    const replied = (reply: BatchReply) => {
      if ('message' in reply) return message(reply.message);
      stop();
      if ('result' in reply) resolve(reply.result);
      else reject(new Error('a batch failed in its process'));
    };
    const ended = () => {
      stop();
      reject(new Error('a batch process ended before its batch was drawn'));
    };
    const stop = () => void child.off('message', replied).off('exit', ended).off('error', ended);
    child.on('message', replied).once('exit', ended).once('error', ended);
    child.send(options);
  });
}

function end(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill();
  });
}
