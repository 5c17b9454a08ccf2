import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import formBody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Guide } from '../guide/index.js';
import { acceptBatch, batchPage, csvTemplate, jobFile, jobPage, jobStatus } from './batch-routes.js';
import { fontFaces, fontFile } from './font-routes.js';
import { formPage, postForm, postPreview } from './form-routes.js';
import { createJobs } from './jobs.js';
import { makePageFonts, type PageFonts } from './page-fonts.js';
import { compilePages, pageFrame } from './pages.js';
import type { ServeOptions } from './index.js';
import type { RenderPool } from './pool.js';
import { answerProblem, type Context } from './replies.js';
import { HttpProblem, mostEntries, parseUrlEncoded } from './requests.js';
import { createRequestCheck, SAFE_HEADERS } from './security.js';
import { documentFile, startPage, staticFile } from './start-routes.js';
import { said, type Said } from '../messages/index.js';
import { MOST_ROWS } from './batch-routes.js';
import { pageWords, type PageWords } from './words.js';

export const LIMITS = {
  /** A form's answers are a few hundred bytes; the guide's lengths bound each field. */
  formBytes: 1024 * 1024,
  /** A form as JSON, from a program: JSON is parsed whole before its keys can be counted, so it is kept small. */
  jsonBytes: 64 * 1024,
  csvBytes: 10 * 1024 * 1024,
  /** A request's headers must come within this, and its whole body within the next: a slow sender holds no connection for long. */
  headersMs: 10_000,
  bodyMs: 30_000,
};

export interface AppOptions extends Pick<ServeOptions, 'sourceDateEpoch' | 'batchKeepMs'> {
  guide: Guide;
  /** The guide's file and the templates, as the library takes them. */
  source: { guide: string; templates: string };
  webDir: string;
  pool: RenderPool;
  today: () => string;
  /** One line a request: method, route, status and time, never a value. */
  log: (line: string) => void;
  /** The documents a build makes, by file name, for the start page's links. */
  documents: readonly string[];
}

/** The web page's server: plain HTML pages over the library, the person's answers in memory only. */
export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const jobs = createJobs({ keepMs: options.batchKeepMs });
  const words = pageWords(options.guide, { 'batch.help': { most: MOST_ROWS }, 'request.tooLarge': { formMb: LIMITS.formBytes / 1024 / 1024, csvMb: LIMITS.csvBytes / 1024 / 1024 } });
  const context: Context = { ...options, words, pages: compilePages(options.webDir, words.ui), jobs, mostEntries: mostEntries(options.guide), pageFonts: pageFontsOnce(options.guide, words), frame: (title, extra) => ({ ...pageFrame(options.guide, words, { title }), ...extra }) };
  // Each connection's latest response, so that an answer made before the app never writes into one under way.
  const responses = new WeakMap<object, ServerResponse>();
  const app = Fastify({
    bodyLimit: LIMITS.formBytes,
    requestTimeout: LIMITS.bodyMs,
    // A request without Host is answered by the app (400, in both languages), not by Node's bare 400.
    http: { requireHostHeader: false, headersTimeout: LIMITS.headersMs, connectionsCheckingInterval: 1000 },
    // Answers made before a request reaches the app: the same headers, and a short text in both languages.
    clientErrorHandler: (error, socket) => answerClientError(error, socket, { response: responses.get(socket), words }),
    frameworkErrors: (_error, request, reply) => answerProblem(context, request, reply.headers(SAFE_HEADERS), new HttpProblem(400, FRAMEWORK_PROBLEMS[400]!)),
    return503OnClosing: false,
  });
  app.addHook('onClose', async () => jobs.close());
  app.addHook('onRequest', async (request, reply) => void responses.set(request.raw.socket, reply.raw));
  guardRequests(app);
  logRequests(app, options.log);
  app.setErrorHandler((error, request, reply) => answerError(context, request, reply, error));
  app.setNotFoundHandler((request, reply) => answerProblem(context, request, reply, new HttpProblem(404, said('error.notFound'))));
  // A form comes URL-encoded (or as JSON from a program), a batch as multipart; nothing as plain text.
  app.removeContentTypeParser(['text/plain', 'application/json']);
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: LIMITS.jsonBytes }, app.getDefaultJsonParser('error', 'error'));
  await app.register(formBody, { bodyLimit: LIMITS.formBytes, parser: (text) => parseUrlEncoded(text, context.mostEntries) });
  await app.register(multipart, { limits: { fileSize: LIMITS.csvBytes, files: 1, fields: 20, fieldSize: 1000, parts: 24 } });
  addRoutes(app, context);
  return app;
}

type Handler = (context: Context, request: FastifyRequest, reply: FastifyReply) => unknown;

const ROUTES: readonly { method: 'GET' | 'POST'; url: string; handler: Handler; bodyLimit?: number }[] = [
  { method: 'GET', url: '/', handler: startPage },
  { method: 'GET', url: '/form', handler: formPage },
  { method: 'POST', url: '/form', handler: postForm },
  { method: 'POST', url: '/form/preview', handler: postPreview },
  { method: 'GET', url: '/batch', handler: batchPage },
  { method: 'POST', url: '/batch', handler: acceptBatch, bodyLimit: LIMITS.csvBytes + LIMITS.formBytes },
  { method: 'GET', url: '/batch/template.csv', handler: csvTemplate },
  { method: 'GET', url: '/batch/jobs/:id', handler: jobPage },
  { method: 'GET', url: '/batch/jobs/:id/status', handler: jobStatus },
  { method: 'GET', url: '/batch/jobs/:id/file', handler: jobFile },
  { method: 'GET', url: '/documents/:paper/:layout/:file', handler: documentFile },
  { method: 'GET', url: '/static/:file', handler: staticFile },
  { method: 'GET', url: '/fonts/faces.css', handler: fontFaces },
  { method: 'GET', url: '/fonts/:file', handler: fontFile },
];

/**
 * The page's fonts, begun as the server starts and made once: they depend on the guide alone,
 * never on a person's answers. A failure is a bug, answered as one when a page asks for them.
 */
function pageFontsOnce(guide: Guide, words: PageWords): () => Promise<PageFonts> {
  const made = makePageFonts(guide, words.speakers);
  made.catch(() => undefined);
  return () => made;
}

/** Each route, and a 405 for the other methods on its path. */
function addRoutes(app: FastifyInstance, context: Context): void {
  const methods = new Map<string, string[]>();
  for (const { method, url, handler, bodyLimit } of ROUTES) {
    app.route({ method, url, bodyLimit, handler: (request, reply) => handler(context, request, reply) });
    methods.set(url, [...(methods.get(url) ?? []), method]);
  }
  for (const [url, allowed] of methods) {
    const others = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE'].filter((method) => !allowed.includes(method));
    const allow = allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed;
    app.route({ method: others, url, handler: (request, reply) => answerProblem(context, request, reply.header('allow', allow.join(', ')), new HttpProblem(405, said('request.wrongMethod'))) });
  }
}

function guardRequests(app: FastifyInstance): void {
  // The port as listened on, which may have been chosen by the system (--port 0).
  let check: ReturnType<typeof createRequestCheck> | undefined;
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    check ??= createRequestCheck((app.server.address() as AddressInfo).port);
    reply.headers(SAFE_HEADERS);
    if (closing) throw new HttpProblem(503, said('request.closing'));
    const header = (name: string) => (typeof request.headers[name] === 'string' ? (request.headers[name] as string) : undefined);
    if (header('host') === undefined) throw new HttpProblem(400, said('request.noHost'));
    const verdict = check({ host: header('host'), origin: header('origin'), fetchSite: header('sec-fetch-site'), method: request.method });
    if (verdict === 'host') throw new HttpProblem(403, said('request.wrongHost'));
    if (verdict === 'origin') throw new HttpProblem(403, said('request.wrongOrigin'));
    // A compressed body would be taken for garbage by the parsers; it is refused as what it is.
    const encoding = header('content-encoding');
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') throw new HttpProblem(415, FRAMEWORK_PROBLEMS[415]!);
  });
}

function logRequests(app: FastifyInstance, log: (line: string) => void): void {
  app.addHook('onResponse', async (request, reply) => {
    // The route, not the path: a job's id or a mistyped address stays out of the log.
    const route = request.routeOptions.url ?? '(no such path)';
    log(`${request.method} ${route} ${reply.statusCode} ${Math.round(reply.elapsedTime)} ms`);
  });
}

/** A mistake in the request, in both languages, as a page or as JSON; anything else is a bug, said without its details. */
function answerError(context: Context, request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof HttpProblem) return answerProblem(context, request, reply, error);
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 413 && request.headers['content-type']?.startsWith('application/json')) return answerProblem(context, request, reply, new HttpProblem(413, said('request.jsonTooLarge', { jsonKb: LIMITS.jsonBytes / 1024 })));
  if (status !== undefined && status >= 400 && status < 500) return answerProblem(context, request, reply, new HttpProblem(status, FRAMEWORK_PROBLEMS[status] ?? FRAMEWORK_PROBLEMS[400]!));
  context.log(`internal error on ${request.method} ${request.routeOptions.url ?? '(no such path)'} (a bug: please report it)`);
  return answerProblem(context, request, reply, new HttpProblem(500, said('request.failed')));
}

const FRAMEWORK_PROBLEMS: Record<number, Said> = {
  400: said('request.malformed'),
  406: said('request.malformed'),
  413: said('request.tooLarge', { formMb: LIMITS.formBytes / 1024 / 1024, csvMb: LIMITS.csvBytes / 1024 / 1024 }),
  415: said('request.wrongType'),
};

const CLIENT_PROBLEMS: Record<string, { status: number; said: Said }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, said: said('request.tooSlow') },
  HPE_HEADER_OVERFLOW: { status: 431, said: said('request.headersTooLarge') },
};

/**
 * A request Node's parser refused before the app saw it (headers too large, a broken request
 * line, too slow): a short answer in the guide's two languages with the usual headers, then the
 * connection is closed, as Node itself does. A response already under way is not written into.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, { response, words }: { response: ServerResponse | undefined; words: PageWords }): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem = CLIENT_PROBLEMS[error.code ?? ''] ?? { status: 400, said: FRAMEWORK_PROBLEMS[400]! };
  const underWay = response !== undefined && response.headersSent && !response.writableEnded;
  if (socket.writable && !underWay) {
    const text = words.two(problem.said);
    const body = Buffer.from(text.once ? `${text.primary}\n` : `${text.primary}\n${text.secondary}\n`);
    const headers = { ...SAFE_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'content-length': String(body.length), connection: 'close' };
    socket.write(`HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`);
    socket.write(body);
  }
  socket.destroy();
}
