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

/** Refuses connection URLs that point inside the platform's own network, unless the deployment allows it. */
export function checkConnectionUrl(baseUrl: string, allowPrivate: boolean): void {
  const { hostname } = new URL(baseUrl);
  if (!allowPrivate && isPrivateHost(hostname)) {
    throw new ApiError(
      'connection_host_refused',
      `${hostname} is a private or loopback address; iSync connections may only reach public hosts here.`,
      400,
      { host: hostname },
    );
  }
}
