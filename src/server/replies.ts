import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PairLayout, PaperName } from '../index.js';
import type { AppOptions } from './app.js';
import { saidOf } from './form-view.js';
import type { Jobs } from './jobs.js';
import type { Pages, PageView } from './pages.js';
import type { HttpProblem } from './requests.js';
import type { SentProblem } from './tasks.js';
import { WORDS, type TwoTexts } from './words.js';

/** What a route needs beside its request. */
export interface Context extends AppOptions {
  pages: Pages;
  jobs: Jobs;
  frame: (title: string, extra?: Partial<PageView['page']>) => PageView['page'];
}

export function libraryOptions(context: Pick<Context, 'source' | 'sourceDateEpoch'>, choices: { paper: PaperName; layout: PairLayout }) {
  return { guide: context.source.guide, templates: context.source.templates, paper: choices.paper, layout: choices.layout, sourceDateEpoch: context.sourceDateEpoch };
}

export function html(reply: FastifyReply, page: string): FastifyReply {
  return reply.type('text/html; charset=utf-8').send(page);
}

/** A PDF as a download: an inline PDF would meet the page's strict Content-Security-Policy, which Chrome's viewer cannot run under. */
export function pdf(reply: FastifyReply, fileName: string, bytes: Uint8Array): FastifyReply {
  return reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName}"`).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

export function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

export function problemJson(problem: SentProblem) {
  return { field: problem.position.path ?? null, label: problem.position.label ?? null, row: problem.position.row ?? null, ...saidOf(problem) };
}

export function answerProblem(context: Context, request: FastifyRequest, reply: FastifyReply, problem: HttpProblem): FastifyReply {
  reply.code(problem.status);
  const said = { zh: problem.said.primary, en: problem.said.secondary, hint: null };
  if (!wantsHtml(request)) return reply.send({ error: said });
  return html(reply, context.pages.error({ page: context.frame(`${problem.status} ${problem.said.secondary}`), heading: problem.status === 404 ? WORDS.notFound : WORDS.problem, said }));
}

/** A text as a page's title shows it. */
export function joined(text: TwoTexts): string {
  return text.once ? text.primary : `${text.primary} / ${text.secondary}`;
}
