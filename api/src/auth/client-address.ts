import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { inAddressList } from '@isync/nodes';

/** The socket's peer, when the request came through a Node server (not an in-process test request). */
function peerAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/**
 * The client's address for login throttling and the audit. X-Forwarded-For is written left to right by
 * each proxy, so only the entries appended by proxies the operator named (`ISYNC_TRUSTED_PROXIES`) can be
 * believed: walking from the socket's peer leftwards past trusted proxies, the first other address is the
 * client. With no trusted proxy (the default) the peer is the client, whatever the header says; an entry a
 * client made up sits further left than any trusted hop and is never reached.
 */
export function clientAddress(c: Context, trustedProxies: readonly string[] = []): string {
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const peer = peerAddress(c);
  // A request without a socket came from inside this process (the tests' in-process requests): that caller
  // is trusted like a proxy, so the last entry it forwarded is the client.
  if (!peer) return forwarded.findLast((entry) => !inAddressList(entry, trustedProxies)) ?? 'local';
  if (trustedProxies.length === 0) return peer;
  const chain = [...forwarded, peer];
  for (let i = chain.length - 1; i >= 0; i--) {
    if (!inAddressList(chain[i]!, trustedProxies) || i === 0) return chain[i]!;
  }
  return peer;
}
