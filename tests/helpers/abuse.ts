import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { watchServing, type Serving } from './server.js';

const SERVER = pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'server', 'index.js')).href;

export interface ServerProcess extends Serving {
  port: number;
  /** Its resident memory now, in MB, as the system counts it, with that of the processes it started (its batch processes). */
  rss(): number;
  /** The processes it has started that are still running (its batch processes). */
  started(): number[];
  /**
   * A full garbage collection in the server's main thread; then the MB its ArrayBuffers hold
   * (the bytes of its uploads and results). V8 frees what is no longer referenced only at its
   * next collection, which an idle server may not run for a while: collected first, its memory
   * is what it still holds, not what V8 has yet to free.
   */
  collect(): Promise<number>;
}

/** What the server's process prints once it has collected its garbage. */
const COLLECTED = 'garbage collected';

/**
 * The server in a process of its own, started through the library as `handouts serve` starts it
 * but with the knobs a test needs: threads, and how long a done batch is kept. It closes on
 * SIGINT and SIGTERM as the command does, and exits 0 once closed.
 */
export async function startServerProcess({ threads = 2, batchKeepMs }: { threads?: number; batchKeepMs?: number } = {}): Promise<ServerProcess> {
  const options = JSON.stringify({ port: 0, host: '127.0.0.1', sourceDateEpoch: '1767225600', threads, ...(batchKeepMs === undefined ? {} : { batchKeepMs }) });
  const script = `import { startServer } from ${JSON.stringify(SERVER)};
const server = await startServer({ ...${options}, log: (line) => console.log(line) });
console.log('serving the web page at ' + server.url);
const stop = () => server.close().then(() => process.exit(0));
process.once('SIGINT', stop).once('SIGTERM', stop);
process.on('SIGUSR2', () => (globalThis.gc(), console.log('${COLLECTED} ' + process.memoryUsage().arrayBuffers)));`;
  const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  const serving = await watchServing(child);
  const started = () => descendantsOf(child.pid!);
  const collected = () => serving.output.filter((line) => line.startsWith(COLLECTED));
  const collect = async () => {
    const before = collected().length;
    child.kill('SIGUSR2');
    for (let tries = 0; tries < 100 && collected().length === before; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
    const told = collected()[before];
    if (!told) throw new Error('the server did not collect its garbage within 5 s');
    return Number(told.slice(COLLECTED.length)) / 2 ** 20;
  };
  return { ...serving, port: Number(new URL(serving.url).port), rss: () => rssOf(child.pid!) + started().reduce((sum, pid) => sum + rssUnlessEnded(pid), 0), started, collect };
}

/** A started process's resident memory in MB, or 0 if it has ended since it was listed. */
function rssUnlessEnded(pid: number): number {
  try {
    return rssOf(pid);
  } catch {
    return 0;
  }
}

/** A process's children, theirs, and so on (Linux). */
function descendantsOf(pid: number): number[] {
  let children: number[];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}

/** Whether a process is still there (a zombie not yet reaped counts). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A process's resident memory in MB (Linux). */
export function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match![1]) / 1024;
}

export interface RawAnswer {
  /** Everything the server sent before it closed the connection (or the time ran out). */
  text: string;
  status: number | undefined;
  headers: Record<string, string>;
  body: string;
  ms: number;
  closedByServer: boolean;
}

/**
 * Bytes sent over a plain socket as they are, in pieces with pauses between them (a slow
 * client), reading what comes back until the server closes the connection or `waitMs` passes.
 */
export function sendRaw(port: number, pieces: readonly (string | Buffer | { pauseMs: number })[], { waitMs = 5000 } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closedByServer = false;
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => {
      closedByServer = true;
      socket.destroy();
    });
    // A write after the server closed, as a slow sender's next byte, may meet a reset first: closed by it too.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      closedByServer ||= error.code === 'ECONNRESET' || error.code === 'EPIPE';
      socket.destroy();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseRaw(Buffer.concat(chunks).toString('utf8'), performance.now() - started, closedByServer));
    });
    socket.once('connect', async () => {
      try {
        for (const piece of pieces) {
          if (socket.destroyed) return;
          if (typeof piece === 'object' && 'pauseMs' in piece) await new Promise((done) => setTimeout(done, piece.pauseMs));
          else socket.write(piece);
        }
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

function parseRaw(text: string, ms: number, closedByServer: boolean): RawAnswer {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { text, status: status === undefined ? undefined : Number(status), headers, body: rest.join('\r\n\r\n'), ms, closedByServer };
}

/** How long the action took, in ms, with what it gave. */
export async function timed<T>(action: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await action();
  return { value, ms: performance.now() - started };
}

/** A CSV file of `rows` good people, as a spreadsheet exports it. */
export function peopleCsv(rows: number): string {
  const lines = ['name,number,id-type,id-number,reason,date,unbound'];
  for (let index = 0; index < rows; index++) lines.push(`Person ${index},0917 123 ${String(index % 10_000).padStart(4, '0')},passport,E${String(index).padStart(8, '0')},Moving abroad,2026-01-05,"bank,alipay"`);
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function uploadOf(csv: string | Buffer, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('csv', new Blob([typeof csv === 'string' ? csv : new Uint8Array(csv)]), 'people.csv');
  return form;
}

/** The security headers every answer carries, made by the app or before it. */
export const SECURITY_HEADERS = ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'cache-control', 'referrer-policy'];
