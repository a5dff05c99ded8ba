import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.js';

/** The address login throttling counts for a request from this socket peer with this X-Forwarded-For. */
async function seen(peer: string | null, forwardedFor?: string, trusted: string[] = []) {
  const app = new Hono().get('/', (c) => c.text(clientAddress(c, trusted)));
  const env = peer
    ? { incoming: { socket: { remoteAddress: peer, remotePort: 50_000, remoteFamily: 'IPv4' } } }
    : {};
  const headers: Record<string, string> = forwardedFor ? { 'x-forwarded-for': forwardedFor } : {};
  return (await app.request('/', { headers }, env)).text();
}

describe('the client address for login throttling', () => {
  it('is the socket peer when no proxy is trusted (the default), even a loopback or private peer', async () => {
    expect(await seen('198.51.100.4')).toBe('198.51.100.4');
    expect(await seen('198.51.100.4', '203.0.113.9')).toBe('198.51.100.4');
    // Changing the header from a loopback or private peer no longer changes who is counted.
    expect(await seen('127.0.0.1', '203.0.113.9')).toBe('127.0.0.1');
    expect(await seen('127.0.0.1', '203.0.113.10')).toBe('127.0.0.1');
    expect(await seen('10.0.3.7', '203.0.113.9')).toBe('10.0.3.7');
  });

  it('behind proxies named in ISYNC_TRUSTED_PROXIES, is the first address they did not write', async () => {
    const trusted = ['10.0.3.0/24', '127.0.0.1'];
    expect(await seen('10.0.3.7', '203.0.113.9', trusted)).toBe('203.0.113.9');
    expect(await seen('::ffff:127.0.0.1', '203.0.113.9, 10.0.3.7', trusted)).toBe('203.0.113.9');
    expect(await seen('127.0.0.1', 'made-up, 203.0.113.9', trusted)).toBe('203.0.113.9');
    expect(await seen('127.0.0.1', '1.1.1.1, 2.2.2.2, 203.0.113.9', trusted)).toBe('203.0.113.9');
    // A private hop that is not a named proxy is where trust ends.
    expect(await seen('10.0.3.7', '203.0.113.9, 192.168.1.20', trusted)).toBe('192.168.1.20');
    // A peer that is not a trusted proxy is the client, whatever it forwards.
    expect(await seen('198.51.100.4', '203.0.113.9', trusted)).toBe('198.51.100.4');
  });

  it('is the leftmost hop when every hop is trusted; an in-process caller is trusted like a proxy', async () => {
    expect(await seen('10.0.3.7', '10.0.3.8', ['10.0.3.0/24'])).toBe('10.0.3.8');
    expect(await seen('127.0.0.1')).toBe('127.0.0.1');
    expect(await seen(null, 'made-up, 203.0.113.9')).toBe('203.0.113.9');
    expect(await seen(null)).toBe('local');
  });
});
