import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ask, startServing } from '../helpers/server.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'handouts.js');
const GUIDES = join(import.meta.dirname, '..', 'fixtures', 'guides');

/** `handouts serve` that is expected to stop by itself: its exit code and standard error. */
function serveUntilExit(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

describe('handouts serve', () => {
  it('refuses a port that is no port, as a usage error', async () => {
    const { code, stderr } = await serveUntilExit(['--port', '70000']);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('handouts: --port: --port must be a whole number from 0 to 65535');
  });

  it('says which port is taken, and how to choose another', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const { code, stderr } = await serveUntilExit(['--port', String(port)]);
    taken.close();
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(`handouts: --port: port ${port} is in use (hint: choose another with --port, or 0 for any free port)`);
  });

  it('stops at a broken guide with the message a build gives, before serving anything', async () => {
    const { code, stderr } = await serveUntilExit(['--port', '0', '--guide', join(GUIDES, 'duplicate-id.yaml')]);
    expect(code).toBe(1);
    expect(stderr).toContain('duplicate-id.yaml:30:13: form.fields[1].id: duplicate id "name"');
    expect(stderr).not.toMatch(/ {4}at /);
  });

  it('warns when it serves on more than this machine', async () => {
    const server = await startServing({ args: ['--host', '0.0.0.0'] });
    try {
      expect(server.output.join('\n')).toMatch(/warning: serving on 0\.0\.0\.0, not only on this machine/);
      expect((await ask(server.url)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
