import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.js';

const app = new Hono().get('/', (c) => c.text(clientAddress(c)));

/** The address login throttling counts for a request from this socket peer with this X-Forwarded-For. */
async function seen(peer: string | null, forwardedFor?: string) {
  const env = peer
    ? { incoming: { socket: { remoteAddress: peer, remotePort: 50_000, remoteFamily: 'IPv4' } } }
    : {};
  const headers: Record<string, string> = forwardedFor ? { 'x-forwarded-for': forwardedFor } : {};
  return (await app.request('/', { headers }, env)).text();
}

describe('the client address for login throttling', () => {
  it('is the socket peer of a direct client, whatever X-Forwarded-For it sends', async () => {
    expect(await seen('198.51.100.4')).toBe('198.51.100.4');
    expect(await seen('198.51.100.4', '203.0.113.9')).toBe('198.51.100.4');
    expect(await seen('198.51.100.4', '10.0.0.1')).toBe('198.51.100.4');
  });

  it('behind private or loopback proxies, is the first address they did not write', async () => {
    expect(await seen('10.0.3.7', '203.0.113.9')).toBe('203.0.113.9');
    expect(await seen('::ffff:127.0.0.1', '203.0.113.9, 10.0.3.7')).toBe('203.0.113.9');
    expect(await seen('127.0.0.1', 'made-up, 203.0.113.9')).toBe('203.0.113.9');
    expect(await seen('127.0.0.1', '1.1.1.1, 2.2.2.2, 203.0.113.9')).toBe('203.0.113.9');
  });

  it('is the leftmost hop when every hop is private, and the peer without X-Forwarded-For', async () => {
    expect(await seen('10.0.3.7', '192.168.1.20')).toBe('192.168.1.20');
    expect(await seen('127.0.0.1')).toBe('127.0.0.1');
    expect(await seen(null)).toBe('local');
  });
});
