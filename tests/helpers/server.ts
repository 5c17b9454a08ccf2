import { spawn, type ChildProcessByStdio, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'handouts.js');

export interface Serving {
  url: string;
  /** Every line the server printed, standard output and error alike. */
  output: string[];
  /** Ctrl-C, as a person stops it (or another signal, as a service manager does); the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `handouts serve` as a person starts it, on a free port, until stopped. */
export async function startServing({ args = [], env = {} }: { args?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<Serving> {
  return watchServing(spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** A server process, once it says where it serves: every line it prints is kept. */
export async function watchServing(child: ChildProcessWithoutNullStreams | ChildProcessByStdio<null, Readable, Readable>): Promise<Serving & { exited: Promise<number | null> }> {
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        output.push(line);
        const served = /serving the web page at (\S+)/.exec(line);
        if (served) resolve(served[1]!);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then((code) => reject(new Error(`the server exited with ${code}: ${output.join('\n')}`)));
  });
  return {
    url,
    output,
    exited,
    stop: (signal = 'SIGINT') => {
      child.kill(signal);
      return exited;
    },
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

export interface Asking {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer | URLSearchParams | FormData;
}

/** An HTTP request as any client may send it, Host header and all (fetch would set its own). */
export async function ask(url: string, { method = 'GET', headers = {}, body }: Asking = {}): Promise<Answer> {
  const encoded = await encode(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers: { ...encoded.headers, ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: response.statusCode!, headers: response.headers, body: bytes, text: bytes.toString('utf8') });
      });
    });
    request.on('error', reject);
    request.end(encoded.bytes);
  });
}

async function encode(body: Asking['body']): Promise<{ bytes?: Buffer; headers: Record<string, string> }> {
  if (body === undefined) return { headers: {} };
  if (typeof body === 'string' || Buffer.isBuffer(body)) return { bytes: Buffer.from(body), headers: {} };
  if (body instanceof URLSearchParams) return { bytes: Buffer.from(body.toString()), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  const response = new Response(body);
  return { bytes: Buffer.from(await response.arrayBuffer()), headers: { 'content-type': response.headers.get('content-type')! } };
}

/** A person's answers as the form page posts them: checkboxes one entry an option. */
export function formBody(values: Record<string, string | string[]>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) for (const entry of [value].flat()) body.append(name, entry);
  return body;
}

export const AS_BROWSER = { accept: 'text/html,application/xhtml+xml' };
