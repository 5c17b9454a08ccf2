import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Guide } from '../guide/index.js';
import { PAIR_LAYOUTS, PAPER_NAMES, type PairLayout, type PaperName } from '../index.js';
import { said } from '../messages/index.js';
import { download, html, joined, libraryOptions, type Context } from './replies.js';
import { HttpProblem } from './requests.js';
import type { PageWords, TwoTexts } from './words.js';

export function startPage(context: Context, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { guide, words } = context;
  const documents = [...context.documents].sort(byShippedOrder).map((fileName) => ({
    title: documentTitle(guide, words, fileName.replace(/\.pdf$/, '')),
    papers: PAPER_NAMES.map((paper) => ({
      label: words.two(said(`paper.${paper}`)),
      links: PAIR_LAYOUTS.map((layout) => ({ href: `/documents/${paper}/${layout}/${fileName}`, label: words.two(said(`layout.${layout}`)) })),
    })),
  }));
  const title = words.texts(guide.title);
  return html(reply, context.pages.index({ page: context.frame(joined(title)), title, subtitle: guide.subtitle ? words.texts(guide.subtitle) : null, documents }));
}

// The shipped templates' documents, as a reader takes them up; any other template's after them.
const SHIPPED_ORDER = ['handout', 'checklist', 'store-visit-form', 'store-visit-form-fillable'];

function byShippedOrder(a: string, b: string): number {
  const rank = (fileName: string) => {
    const index = SHIPPED_ORDER.indexOf(fileName.replace(/\.pdf$/, ''));
    return index < 0 ? SHIPPED_ORDER.length : index;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** A document's name on the start page: what it is, for the shipped templates' documents; its name otherwise. */
function documentTitle(guide: Guide, words: PageWords, name: string): TwoTexts {
  const titles: Record<string, () => TwoTexts> = {
    handout: () => words.two(said('document.handout')),
    checklist: () => words.texts(guide.checklist.title),
    'store-visit-form': () => words.two(said('document.blankForm')),
    'store-visit-form-fillable': () => words.two(said('document.fillableForm')),
  };
  return titles[name]?.() ?? words.texts({ primary: name, secondary: name });
}

// Blank documents hold no one's data: each paper and layout is drawn once, on first asking.
const blankDocuments = new WeakMap<Context, Map<string, Promise<Map<string, Uint8Array>>>>();

export async function documentFile(context: Context, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { paper, layout, file } = request.params as Record<string, string>;
  if (!PAPER_NAMES.includes(paper as PaperName) || !PAIR_LAYOUTS.includes(layout as PairLayout) || !context.documents.includes(file!)) {
    throw new HttpProblem(404, said('error.notFound'));
  }
  const cache = blankDocuments.get(context) ?? new Map<string, Promise<Map<string, Uint8Array>>>();
  blankDocuments.set(context, cache);
  const key = `${paper}/${layout}`;
  const drawn = cache.get(key) ?? drawBlank(context, { paper: paper as PaperName, layout: layout as PairLayout });
  cache.set(key, drawn);
  drawn.catch(() => cache.delete(key));
  const bytes = (await drawn).get(file!)!;
  return download(reply, file!.replace(/\.pdf$/, `-${paper}-${layout}.pdf`), bytes);
}

async function drawBlank(context: Context, choices: { paper: PaperName; layout: PairLayout }): Promise<Map<string, Uint8Array>> {
  const result = await context.pool.run({ kind: 'documents', options: libraryOptions(context, choices) });
  if (!result.ok) throw new Error(`the guide's documents cannot be drawn on ${choices.paper} paper: ${result.problems.map((problem) => problem.message).join('; ')}`);
  return new Map(result.documents.map((document) => [document.fileName, document.bytes]));
}

const STATIC_TYPES: Record<string, string> = { 'style.css': 'text/css; charset=utf-8', 'form.js': 'text/javascript; charset=utf-8', 'job.js': 'text/javascript; charset=utf-8', 'batch.js': 'text/javascript; charset=utf-8' };
const staticFiles = new Map<string, Buffer>();

export function staticFile(context: Context, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { file } = request.params as { file: string };
  const type = STATIC_TYPES[file];
  if (!type) throw new HttpProblem(404, said('error.notFound'));
  const path = join(context.webDir, file);
  const bytes = staticFiles.get(path) ?? readFileSync(path);
  staticFiles.set(path, bytes);
  return reply.type(type).send(bytes);
}
