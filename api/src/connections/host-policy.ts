import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ApiError } from '../http/errors.js';

const PRIVATE_V4 = [
  /^10\./,
  /^127\./,
  /^169\.254\./,
  /^192\.168\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^0\./,
  /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./,
];

/** Whether a host names this machine or a private network (which a tenant's connection must not reach). */
export function isPrivateHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) reaches the IPv4 host.
  if (bare.startsWith('::ffff:') && isIP(bare.slice(7)) === 4) return isPrivateHost(bare.slice(7));
  if (bare === 'localhost' || bare.endsWith('.localhost') || bare.endsWith('.internal')) return true;
  if (isIP(bare) === 4) return PRIVATE_V4.some((range) => range.test(bare));
  if (isIP(bare) === 6)
    return (
      bare === '::1' ||
      bare.startsWith('fc') ||
      bare.startsWith('fd') ||
      bare.startsWith('fe80') ||
      bare === '::'
    );
  return false;
}

/** The addresses a host name resolves to (every family). */
export type HostResolver = (host: string) => Promise<string[]>;

export const systemResolver: HostResolver = async (host) =>
  (await lookup(host, { all: true })).map((entry) => entry.address);

const refused = (host: string, why: string) =>
  new ApiError(
    'connection_host_refused',
    `${host} ${why}; iSync connections may only reach public hosts here.`,
    400,
    { host },
  );

/**
 * Refuses connection URLs that point inside the platform's own network, unless the deployment allows it:
 * private, loopback and link-local addresses, written literally or behind a name that resolves to one.
 */
export async function checkConnectionUrl(
  baseUrl: string,
  allowPrivate: boolean,
  resolve: HostResolver = systemResolver,
): Promise<void> {
  if (allowPrivate) return;
  const { hostname } = new URL(baseUrl);
  if (isPrivateHost(hostname)) throw refused(hostname, 'is a private or loopback address');
  if (isIP(hostname.replace(/^\[|\]$/g, ''))) return;
  let addresses: string[];
  try {
    addresses = await resolve(hostname);
  } catch {
    throw new ApiError('connection_host_unknown', `${hostname} does not resolve; check the base URL.`, 400, {
      host: hostname,
    });
  }
  const inside = addresses.find((address) => isPrivateHost(address));
  if (inside) throw refused(hostname, `resolves to the private address ${inside}`);
}
