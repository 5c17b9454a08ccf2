import type { SourcePosition, Told, Warning } from '../diagnostics.js';
import type { BatchInMemory, BatchOptions, BuildOptions, FormOptions, PreviewOptions } from '../index.js';

/** What the server asks of a worker thread: plain data, since it crosses threads. */
export type WorkerTask = { kind: 'documents'; options: BuildOptions } | { kind: 'form'; options: FormOptions } | { kind: 'preview'; options: PreviewOptions };

/** What the server asks of a batch process (see batch-processes.ts): plain data, since it crosses processes. */
export type BatchTask = Omit<BatchOptions, 'onProgress' | 'onChecked'>;

/** What a batch task tells as it goes: its rows checked (the good and the skipped), then each form drawn. */
export type BatchMessage = { checked: { valid: number; skipped: number } } | { done: number; total: number };

/** What a batch process sends back: messages as it goes, then its result, or word of a bug (its details stay in the process). */
export type BatchReply = { message: BatchMessage } | { result: TaskResult<'batch'> } | { failed: true };

/** A problem as a page shows it: a HandoutsError's message, hint and place, in English and as the library told it in the guide's languages. */
export interface SentProblem {
  kind: string;
  message: string;
  hint: string | undefined;
  messages: Readonly<Record<string, Told>>;
  position: SourcePosition;
}

/** A batch as the library drew it, its problems sent as data. */
export type BatchDone = Omit<BatchInMemory, 'problems'> & { problems: SentProblem[] };

interface Done {
  documents: { documents: { fileName: string; bytes: Uint8Array }[] };
  form: { bytes: Uint8Array; warnings: Warning[] };
  preview: { png: Uint8Array; problems: SentProblem[]; warnings: Warning[] };
  batch: BatchDone;
}

/** What the server has drawn: by a worker thread, or a batch by a batch process. */
export type TaskKind = keyof Done;

/** A task's answer: what it made, or the person's mistakes it found. */
export type TaskResult<K extends TaskKind> = ({ ok: true } & Done[K]) | { ok: false; problems: SentProblem[] };
