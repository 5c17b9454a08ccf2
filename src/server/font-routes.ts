import type { FastifyReply, FastifyRequest } from 'fastify';
import { said } from '../messages/index.js';
import type { Context } from './replies.js';
import { HttpProblem } from './requests.js';

/** The stylesheet of the guide's faces, served as web fonts; made once, from the guide alone. */
export async function fontFaces(context: Context, _request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  return reply.type('text/css; charset=utf-8').send((await context.pageFonts()).css);
}

export async function fontFile(context: Context, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const file = (await context.pageFonts()).files.get((request.params as { file: string }).file);
  if (!file) throw new HttpProblem(404, said('error.notFound'));
  return reply.type(file.type).send(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
}
