import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { BatchMessage, TaskResult, WorkerTask } from './tasks.js';

export interface RenderPool {
  threads: number;
  run<T extends Exclude<WorkerTask, { kind: 'batch' }>>(task: T): Promise<TaskResult<T['kind']>>;
  /**
   * A batch, told as it goes: `started` when it leaves the queue (at once, if a thread is free),
   * then each message. Batches never take every thread, so single forms are always drawn.
   */
  runBatch(options: Extract<WorkerTask, { kind: 'batch' }>['options'], told: { started: () => void; message: (message: BatchMessage) => void }): Promise<TaskResult<'batch'>>;
  close(): Promise<void>;
}

/**
 * Worker threads across the cores: a form is drawn off the event loop that answers requests,
 * so one large CSV file never stalls the others.
 */
const WORKER = new URL('./worker.js', import.meta.url).href;

export function createRenderPool({ threads = availableParallelism() }: { threads?: number } = {}): RenderPool {
  const pool = new Piscina({ filename: WORKER, minThreads: threads, maxThreads: threads, idleTimeout: Infinity });
  const batchThreads = Math.max(1, threads - 1);
  const batchPool = new Piscina({ filename: WORKER, minThreads: 0, maxThreads: batchThreads, idleTimeout: 2000 });
  const batchSlots = createSlots(batchThreads);
  return {
    threads,
    run: (task) => pool.run(task),
    runBatch: (options, told) =>
      batchSlots.use(async () => {
        told.started();
        const { port1, port2 } = new MessageChannel();
        port1.on('message', told.message);
        try {
          return await batchPool.run({ kind: 'batch', options, progress: port2 }, { transferList: [port2] });
        } finally {
          port1.close();
        }
      }),
    close: async () => void (await Promise.all([pool.destroy(), batchPool.destroy()])),
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
