import { randomUUID } from 'node:crypto';
import type { BatchDone } from './tasks.js';

/** A batch waiting, under way or done, held in memory only, under an id no one can guess. */
export interface Job {
  readonly id: string;
  state: 'queued' | 'checking' | 'drawing' | 'done';
  done: number;
  total: number;
  result: BatchDone | undefined;
  /** When a done job's forms are dropped, in ms since the epoch. */
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
 * A finished batch is kept for a while, downloaded or not, so that a dropped download can be
 * resumed or repeated; then it is dropped, since the forms in it hold people's details. A job
 * that fails is forgotten at once by its caller, so a slot is never held by a job that is gone.
 */
export function createJobs({ keepMs = 10 * 60_000, most = 8, now = Date.now }: { keepMs?: number; most?: number; now?: () => number } = {}): Jobs {
  const jobs = new Map<string, Job>();
  const sweep = () => {
    for (const job of jobs.values()) if (job.state === 'done' && job.ends <= now()) jobs.delete(job.id);
  };
  const timer = setInterval(sweep, Math.min(30_000, keepMs)).unref();
  return {
    create() {
      sweep();
      if (jobs.size >= most) return undefined;
      const job: Job = { id: randomUUID(), state: 'queued', done: 0, total: 0, result: undefined, ends: Infinity };
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
