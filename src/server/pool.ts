import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { createBatchProcesses } from './batch-processes.js';
import type { BatchMessage, BatchTask, TaskResult, WorkerTask } from './tasks.js';

export interface RenderPool {
  threads: number;
  run<T extends WorkerTask>(task: T): Promise<TaskResult<T['kind']>>;
  /**
   * A batch, told as it goes: `started` when it leaves the queue (at once, if a slot is free),
   * then each message. Batches never take every core, so single forms are always drawn.
   */
  runBatch(options: BatchTask, told: { started: () => void; message: (message: BatchMessage) => void }): Promise<TaskResult<'batch'>>;
  close(): Promise<void>;
}

/**
 * Worker threads across the cores: a form is drawn off the event loop that answers requests,
 * so one large CSV file never stalls the others. Batches are drawn in processes of their own.
 */
const WORKER = new URL('./worker.js', import.meta.url).href;

export function createRenderPool({ threads = availableParallelism() }: { threads?: number } = {}): RenderPool {
  const pool = new Piscina({ filename: WORKER, minThreads: threads, maxThreads: threads, idleTimeout: Infinity });
  const batches = createBatchProcesses();
  const batchSlots = createSlots(Math.max(1, threads - 1));
  return {
    threads,
    run: (task) => pool.run(task),
    runBatch: (options, told) =>
      batchSlots.use(() => {
        told.started();
        return batches.run(options, told.message);
      }),
    close: async () => void (await Promise.all([pool.destroy(), batches.close()])),
  };
}

/** At most `count` actions at once; the others wait their turn in order. A free slot starts its action at once, before returning. */
function createSlots(count: number): { use<T>(action: () => Promise<T>): Promise<T> } {
  let free = count;
  const waiting: (() => void)[] = [];
  return {
    async use(action) {
      if (free === 0) await new Promise<void>((resolve) => waiting.push(resolve));
      else free -= 1;
      try {
        return await action();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else free += 1;
      }
    },
  };
}
