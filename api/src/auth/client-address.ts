import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { classifyAddress } from '@isync/nodes';

/** Where a reverse proxy in front of iSync connects from: this machine or its private network. */
const PROXY_KINDS = new Set(['loopback', 'private', 'unique-local', 'link-local']);
const isProxy = (address: string) => PROXY_KINDS.has(classifyAddress(address) ?? '');

/** The socket's peer, when the request came through a Node server (not an in-process test request). */
function peerAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/**
 * The client's address for login throttling. X-Forwarded-For is written left to right by each proxy, so only
 * the entries our own proxies appended can be trusted: walking from the socket's peer leftwards past private
 * and loopback hops, the first other address is the client. An entry the client made up sits further left and
 * is never reached; a client that connects directly (a public peer) is its peer, whatever it sends.
 */
export function clientAddress(c: Context): string {
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const peer = peerAddress(c);
  const chain = peer ? [...forwarded, peer] : forwarded;
  for (let i = chain.length - 1; i >= 0; i--) {
    if (!isProxy(chain[i]!) || i === 0) return chain[i]!;
  }
  return 'local';
}
