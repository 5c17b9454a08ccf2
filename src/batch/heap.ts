/**
 * The heap a batch is drawn with, in MB, in the command line's batch thread and the server's batch
 * processes. Where a heap may take gigabytes, as a process's may on most machines, V8 lets it grow
 * to some four times what is live before it collects; capped at 512 MB, by about half. A batch's
 * live heap stays at 25–45 MB however long its file: a combined PDF of 20,000 forms peaked at
 * 260–350 MB uncapped, 220–240 MB capped.
 */
export const BATCH_HEAP_MB = { old: 512, young: 12 };
