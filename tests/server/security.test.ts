import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createRequestCheck, isLoopback } from '../../src/server/security.js';

const check = createRequestCheck(8080);
const get = (host: string | undefined) => check({ host, origin: undefined, fetchSite: undefined, method: 'GET' });
const post = (origin: string | undefined, fetchSite?: string) => check({ host: '127.0.0.1:8080', origin, fetchSite, method: 'POST' });

describe('which requests the server answers', () => {
  it.each(['localhost:8080', '127.0.0.1:8080', '[::1]:8080', '192.168.1.20:8080', `${hostname()}:8080`, 'LOCALHOST:8080'])('answers a request addressed to %s', (host) => {
    expect(get(host)).toBe('ok');
  });

  it.each([
    ['a name of some other site (DNS rebinding)', 'attacker.example:8080'],
    ['another port', 'localhost:8081'],
    ['no port, which means 80', 'localhost'],
    ['no Host at all', undefined],
    ['a malformed Host', 'local host:8080'],
  ])('refuses %s', (_case, host) => {
    expect(get(host)).toBe('host');
  });

  it('takes data only from its own pages', () => {
    expect(post('http://127.0.0.1:8080', 'same-origin')).toBe('ok');
    expect(post(undefined)).toBe('ok');
    expect(post('http://127.0.0.1:8080', 'cross-site')).toBe('origin');
    expect(post('http://attacker.example')).toBe('origin');
    expect(post('null')).toBe('origin');
    expect(post(undefined, 'same-site')).toBe('origin');
  });

  it('knows the loopback addresses, which no other machine reaches', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.1.20'].some(isLoopback)).toBe(false);
  });
});
