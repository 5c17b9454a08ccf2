import { isIP } from 'node:net';
import { hostname } from 'node:os';

/** Sent with every answer: nothing is kept by a browser or a proxy, and a page loads only its own files. */
export const SAFE_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  // Not no-referrer: under it a browser sends the Origin of its own form posts as "null".
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

export interface RequestOrigin {
  host: string | undefined;
  origin: string | undefined;
  fetchSite: string | undefined;
  method: string;
}

/**
 * Whether a request may be answered. A page elsewhere that points a name of its own at this
 * machine (DNS rebinding) sends that name as Host: only local names, this machine's name and IP
 * addresses are answered. A form posted from another site sends its Origin: only this server's
 * own pages may send data.
 */
export function createRequestCheck(port: number): (request: RequestOrigin) => 'ok' | 'host' | 'origin' {
  const names = new Set(['localhost', hostname().toLowerCase(), `${hostname().toLowerCase()}.local`]);
  const knownHost = (host: string | undefined) => {
    const match = host && /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d+))?$/i.exec(host);
    if (!match) return false;
    const [, name, givenPort] = match;
    const bare = name!.replace(/^\[|\]$/g, '').toLowerCase();
    return Number(givenPort ?? 80) === port && (names.has(bare) || isIP(bare) !== 0);
  };
  return ({ host, origin, fetchSite, method }) => {
    if (!knownHost(host)) return 'host';
    if (method === 'GET' || method === 'HEAD') return 'ok';
    if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return 'origin';
    if (origin !== undefined && origin !== `http://${host}`) return 'origin';
    return 'ok';
  };
}

/** Loopback addresses, which only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
