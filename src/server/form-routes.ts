import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_CHOICES, formView } from './form-view.js';
import { download, html, joined, libraryOptions, problemJson, wantsHtml, type Context } from './replies.js';
import { said } from '../messages/index.js';
import { HttpProblem, readFormBody } from './requests.js';

export function formPage(context: Context, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return answerForm(context, reply, { values: {}, choices: DEFAULT_CHOICES, problems: [] });
}

function answerForm(context: Context, reply: FastifyReply, state: Parameters<typeof formView>[2]): FastifyReply {
  const view = formView(context.guide, context.words, state);
  return html(reply, context.pages.form({ page: context.frame(joined(view.title), { scripts: ['form.js'] }), ...view }));
}

/** A form's answers come URL-encoded from the page, or as JSON from a program; an upload is for batches. */
function formAnswers(context: Context, request: FastifyRequest) {
  if (request.isMultipart()) throw new HttpProblem(415, said('request.notForm'));
  return readFormBody(request.body, context.mostEntries);
}

export async function postForm(context: Context, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { values, choices } = formAnswers(context, request);
  const result = await context.pool.run({ kind: 'form', options: { ...libraryOptions(context, choices), values, showIdNumber: choices.showIdNumber, today: context.today() } });
  if (!result.ok) {
    if (!wantsHtml(request)) return reply.code(422).send({ problems: result.problems.map((problem) => problemJson(context.words, problem)) });
    return answerForm(context, reply.code(422), { values, choices, problems: result.problems });
  }
  return download(reply, 'store-visit-form-filled.pdf', result.bytes);
}

/** The first page as the person has filled it in so far, with the problems of what they typed. */
export async function postPreview(context: Context, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { values, choices } = formAnswers(context, request);
  const result = await context.pool.run({ kind: 'preview', options: { ...libraryOptions(context, choices), values, showIdNumber: choices.showIdNumber, today: context.today(), dpi: 96 } });
  const problems = result.problems.map((problem) => problemJson(context.words, problem));
  if (!result.ok) return reply.code(422).send({ problems });
  return reply.type('application/json').send({ image: `data:image/png;base64,${Buffer.from(result.png).toString('base64')}`, problems });
}
