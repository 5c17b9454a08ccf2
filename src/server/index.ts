import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HandoutsError, throwProblems, UsageError } from '../diagnostics.js';
import { localDate, readGuide, SHIPPED } from '../index.js';
import type { FastifyInstance } from 'fastify';
import { createApp } from './app.js';
import { createRenderPool, type RenderPool } from './pool.js';
import { isLoopback } from './security.js';

const WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates', 'web');

export interface ServeOptions {
  guide?: string;
  templates?: string;
  port: number;
  host: string;
  sourceDateEpoch: string | undefined;
  /** Access log lines and notices. */
  log: (line: string) => void;
  /** Worker threads drawing forms; one a core when absent. */
  threads?: number;
  /** How long a done batch is kept for download; 10 minutes when absent. */
  batchKeepMs?: number;
}

/** How long answers under way may take to finish once the server is asked to stop. */
const CLOSING_MS = 10_000;

export interface RunningServer {
  url: string;
  /** Stops taking requests, lets the answers under way finish (for 10 s at most), then stops the workers. */
  close(): Promise<void>;
}

/**
 * Serves the web page: the guide is checked and its documents drawn once before the first
 * request is taken, so a broken guide or template stops the start with the command line's messages.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const source = { guide: options.guide ?? SHIPPED.guide, templates: options.templates ?? SHIPPED.templates };
  const guide = await readGuide({ guide: source.guide });
  const pool = createRenderPool({ threads: options.threads });
  try {
    const documents = await firstDocuments(pool, { ...source, sourceDateEpoch: options.sourceDateEpoch });
    const app = await createApp({ guide, source, webDir: WEB_DIR, pool, sourceDateEpoch: options.sourceDateEpoch, today: () => localDate(new Date()), log: options.log, documents, batchKeepMs: options.batchKeepMs });
    await app.listen({ port: options.port, host: options.host }).catch((cause: NodeJS.ErrnoException) => {
      throw listenError(cause, options);
    });
    const { port } = app.server.address() as AddressInfo;
    if (!isLoopback(options.host)) options.log(`warning: serving on ${options.host}, not only on this machine: anyone who can reach it on the network can open the page and send it people's details (hint: leave --host out to serve on 127.0.0.1)`);
    return { url: `http://${urlHost(options.host)}:${port}/`, close: () => closeGracefully(app, pool) };
  } catch (error) {
    await pool.close();
    throw error;
  }
}

/** The workers are stopped only once the last answer is sent: an answer under way still needs them. */
async function closeGracefully(app: FastifyInstance, pool: RenderPool): Promise<void> {
  const late = setTimeout(() => app.server.closeAllConnections(), CLOSING_MS);
  try {
    await app.close();
  } finally {
    clearTimeout(late);
    await pool.close();
  }
}

/** The documents a build makes, drawn once on A4: each thread's first drawing is its slowest. */
async function firstDocuments(pool: RenderPool, options: { guide: string; templates: string; sourceDateEpoch: string | undefined }): Promise<string[]> {
  const drawings = Array.from({ length: pool.threads }, () => pool.run({ kind: 'documents', options: { ...options, paper: 'a4', layout: 'stacked' } }));
  const [first] = await Promise.all(drawings);
  // A problem a worker found, as the command line prints it.
  if (!first!.ok) throwProblems(first!.problems.map(({ message, hint, position }) => new HandoutsError(message, { ...position, hint })));
  return first!.ok ? first!.documents.map((document) => document.fileName) : [];
}

function listenError(cause: NodeJS.ErrnoException, { port, host }: Pick<ServeOptions, 'port' | 'host'>): HandoutsError {
  if (cause.code === 'EADDRINUSE') return new UsageError(`port ${port} is in use`, { path: '--port', hint: 'choose another with --port, or 0 for any free port', cause });
  if (cause.code === 'EADDRNOTAVAIL' || cause.code === 'ENOTFOUND') return new UsageError(`this machine has no address ${host}`, { path: '--host', hint: 'leave --host out to serve on 127.0.0.1', cause });
  if (cause.code === 'EACCES') return new UsageError(`port ${port} needs more privileges`, { path: '--port', hint: 'choose a port above 1023', cause });
  return new UsageError(`cannot listen on ${host}:${port} (${cause.code ?? 'unknown error'})`, { path: '--port', cause });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
