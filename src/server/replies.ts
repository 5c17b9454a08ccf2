import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PairLayout, PaperName } from '../index.js';
import type { AppOptions } from './app.js';
import type { Jobs } from './jobs.js';
import type { PageFonts } from './page-fonts.js';
import type { Pages, PageView } from './pages.js';
import type { HttpProblem } from './requests.js';
import type { SentProblem } from './tasks.js';
import { said } from '../messages/index.js';
import type { PageWords, TwoTexts } from './words.js';

/** What a route needs beside its request. */
export interface Context extends AppOptions {
  words: PageWords;
  pages: Pages;
  /** The guide's faces as web fonts, cut to the page's text. */
  pageFonts: () => Promise<PageFonts>;
  jobs: Jobs;
  /** The most entries a form post may have: see mostEntries. */
  mostEntries: number;
  frame: (title: string, extra?: Partial<PageView['page']>) => PageView['page'];
}

export function libraryOptions(context: Pick<Context, 'source' | 'sourceDateEpoch'>, choices: { paper: PaperName; layout: PairLayout }) {
  return { guide: context.source.guide, templates: context.source.templates, paper: choices.paper, layout: choices.layout, sourceDateEpoch: context.sourceDateEpoch };
}

export function html(reply: FastifyReply, page: string): FastifyReply {
  return reply.type('text/html; charset=utf-8').send(page);
}

/** A PDF or zip to download: an inline PDF would meet the page's strict Content-Security-Policy, which Chrome's viewer cannot run under. */
export function download(reply: FastifyReply, fileName: string, bytes: Uint8Array): FastifyReply {
  const type = fileName.endsWith('.pdf') ? 'application/pdf' : 'application/zip';
  return reply.type(type).header('content-disposition', `attachment; filename="${fileName}"`).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

export function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

/** A problem as a program reads it: its field and row, and its message and hint in the guide's languages, primary first. */
export function problemJson(words: PageWords, problem: SentProblem) {
  return { field: problem.position.path ?? null, label: problem.position.label ?? null, row: problem.position.row ?? null, messages: messagesJson(words.problem(problem)) };
}

function messagesJson({ message, hint }: ReturnType<PageWords['problem']>) {
  return [
    { lang: message.primaryLang, message: message.primary, hint: hint?.primary ?? null },
    { lang: message.secondaryLang, message: message.secondary, hint: hint?.secondary ?? null },
  ];
}

export function answerProblem(context: Context, request: FastifyRequest, reply: FastifyReply, problem: HttpProblem): FastifyReply {
  reply.code(problem.status);
  const message = context.words.two(problem.said);
  if (!wantsHtml(request)) return reply.send({ error: { messages: messagesJson({ message, hint: null }) } });
  const heading = context.words.two(said(problem.status === 404 ? 'error.notFound' : 'error.problem'));
  // A page that is not there has nothing to add to its heading.
  const below = message.primary === heading.primary ? null : { message, hint: null };
  return html(reply, context.pages.error({ page: context.frame(`${problem.status} ${joined(message)}`), heading, said: below }));
}

/** A text as a page's title shows it. */
export function joined(text: TwoTexts): string {
  return text.once ? text.primary : `${text.primary} / ${text.secondary}`;
}
