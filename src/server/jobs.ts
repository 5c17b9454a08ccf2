import { randomUUID } from 'node:crypto';
import type { BatchDone } from './tasks.js';

/** A batch under way or done, held in memory only, under an id no one can guess. */
export interface Job {
  readonly id: string;
  state: 'checking' | 'drawing' | 'done';
  done: number;
  total: number;
  result: BatchDone | undefined;
  ends: number;
}

export interface Jobs {
  /** A new job, or undefined while too many are held. */
  create(): Job | undefined;
  get(id: string): Job | undefined;
  finish(job: Job, result: BatchDone): void;
  forget(job: Job): void;
  close(): void;
}

/**
 * Finished batches are kept until downloaded, or for a while if never downloaded, then dropped:
 * the forms in them hold people's details.
 */
export function createJobs({ keepMs = 10 * 60_000, most = 8, now = Date.now }: { keepMs?: number; most?: number; now?: () => number } = {}): Jobs {
  const jobs = new Map<string, Job>();
  const sweep = () => {
    for (const job of jobs.values()) if (job.state === 'done' && job.ends < now()) jobs.delete(job.id);
  };
  const timer = setInterval(sweep, 30_000).unref();
  return {
    create() {
      sweep();
      if (jobs.size >= most) return undefined;
      const job: Job = { id: randomUUID(), state: 'checking', done: 0, total: 0, result: undefined, ends: Infinity };
      jobs.set(job.id, job);
      return job;
    },
    get: (id) => {
      sweep();
      return jobs.get(id);
    },
    finish(job, result) {
      Object.assign(job, { state: 'done', result, done: result.drawn, ends: now() + keepMs });
    },
    forget: (job) => void jobs.delete(job.id),
    close: () => clearInterval(timer),
  };
}
