import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startNuvolo } from '@isync/simulators';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionTo, FAST_HTTP } from '../connectors/test-support.js';
import { createNuvoloConnector } from '../connectors/nuvolo/nuvolo.js';
import type { AddressPolicy, HostResolver } from './address-policy.js';
import { createHttpClient } from './client.js';
import { HttpError } from './errors.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

const PRODUCTION: AddressPolicy = { allowPrivate: false };

/** A resolver the test points wherever it wants, as a DNS server under an attacker's control would. */
function rebindingResolver(initial: string[]): HostResolver & { answer: string[]; asked: number } {
  const resolve = Object.assign(
    async () => {
      resolve.asked++;
      return resolve.answer;
    },
    { answer: initial, asked: 0 },
  );
  return resolve;
}

async function nuvoloAt(host: string, policy: AddressPolicy, resolveHost: HostResolver) {
  const sim = await startNuvolo({ records: 3 });
  cleanups.push(() => sim.close());
  const port = new URL(sim.url).port;
  const connector = createNuvoloConnector({
    connection: connectionTo('nuvolo', `http://${host}:${port}`, 'basic'),
    credentials: { username: 'admin', password: 'nuvolo-demo' },
    http: { ...FAST_HTTP, addressPolicy: policy, resolveHost },
  });
  cleanups.push(() => connector.close());
  return { sim, connector };
}

async function loopbackServer(handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return (server.address() as AddressInfo).port;
}

describe('connect-time address policy', () => {
  it('refuses a saved connection whose name now resolves to a loopback address, without sending anything', async () => {
    // The name was public when the connection was saved; now it answers 127.0.0.1 (DNS rebinding).
    const resolve = rebindingResolver(['127.0.0.1']);
    const { sim, connector } = await nuvoloAt('erp.example.test', PRODUCTION, resolve);
    const result = await connector.testConnection();
    expect(result.ok).toBe(false);
    expect(result.details.error).toMatch(/erp\.example\.test resolves to 127\.0\.0\.1, a loopback address/);
    expect(resolve.asked).toBeGreaterThan(0);
    expect(sim.control.requests()).toEqual([]);
  });

  it('refuses a name that resolves to a public and a private address, and one mapped into IPv6', async () => {
    for (const answer of [['203.0.113.7', '169.254.169.254'], ['::ffff:127.0.0.1']]) {
      const { connector } = await nuvoloAt('erp.example.test', PRODUCTION, rebindingResolver(answer));
      expect((await connector.testConnection()).ok, answer.join()).toBe(false);
    }
  });

  it("connects to the checked address when the tenant's admin allows the host or its range", async () => {
    // Loopback is on the floor: the operator allows it here (the simulator runs there) for tenants to allow.
    for (const allowedHosts of [['erp.example.test'], ['127.0.0.0/16']]) {
      const { connector } = await nuvoloAt(
        'erp.example.test',
        { allowPrivate: false, allowedHosts, operatorHosts: ['127.0.0.0/8'] },
        rebindingResolver(['127.0.0.1']),
      );
      expect(await connector.testConnection(), allowedHosts[0]).toMatchObject({ ok: true });
    }
  });

  it('refuses the floor (loopback, metadata) even where private addresses are allowed, without sending', async () => {
    const resolve = rebindingResolver(['169.254.169.254']);
    const everywhere: AddressPolicy = { allowPrivate: true, allowedHosts: ['0.0.0.0/0'] };
    const { sim, connector } = await nuvoloAt('erp.example.test', everywhere, resolve);
    const result = await connector.testConnection();
    expect(result.ok).toBe(false);
    expect(result.details.error).toMatch(
      /169\.254\.169\.254, a link-local address; iSync never connects there/,
    );
    resolve.answer = ['127.0.0.1'];
    expect((await connector.testConnection()).ok).toBe(false);
    expect(sim.control.requests()).toEqual([]);
  });

  it('refuses a literal private address as a non-retryable network error that names it', async () => {
    const port = await loopbackServer((_req, res) => res.end('{}'));
    const client = createHttpClient({
      baseUrl: `http://127.0.0.1:${port}`,
      system: 'ERP',
      addressPolicy: PRODUCTION,
    });
    cleanups.push(() => client.close());
    const error = await client.request({ path: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ kind: 'network', retryable: false, attempts: 1 });
    expect((error as HttpError).message).toContain('127.0.0.1 is a loopback address');
  });

  it('does not follow a redirect, so it never reaches the host the redirect names, and fails on it', async () => {
    let metadataHits = 0;
    const metadataPort = await loopbackServer((_req, res) => {
      metadataHits++;
      res.end('{"secret":"instance-credentials"}');
    });
    const port = await loopbackServer((_req, res) =>
      res.writeHead(302, { location: `http://127.0.0.1:${metadataPort}/latest/meta-data/` }).end(),
    );
    const client = createHttpClient({
      baseUrl: `http://erp.example.test:${port}`,
      system: 'ERP',
      addressPolicy: {
        allowPrivate: false,
        allowedHosts: ['erp.example.test'],
        operatorHosts: ['127.0.0.1'],
      },
      resolveHost: async () => ['127.0.0.1'],
    });
    cleanups.push(() => client.close());
    const error = await client.request({ path: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 302, retryable: false });
    expect((error as HttpError).message).toMatch(
      /ERP answered 302, a redirect to .*iSync does not follow redirects/,
    );
    expect(metadataHits).toBe(0);
  });

  it('a connection test that meets a redirect is not a working connection', async () => {
    const port = await loopbackServer((_req, res) => res.writeHead(302, { location: '/login' }).end());
    const connector = createNuvoloConnector({
      connection: connectionTo('nuvolo', `http://127.0.0.1:${port}`, 'basic'),
      credentials: { username: 'admin', password: 'nuvolo-demo' },
      http: { ...FAST_HTTP, addressPolicy: { allowPrivate: true, operatorHosts: ['127.0.0.1'] } },
    });
    cleanups.push(() => connector.close());
    const result = await connector.testConnection();
    expect(result.ok).toBe(false);
    expect(result.message).not.toMatch(/undefined/);
  });
});
