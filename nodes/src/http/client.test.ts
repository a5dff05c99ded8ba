import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from './client.js';
import type { HttpClient, HttpClientOptions } from './client.js';
import type { Clock } from './clock.js';
import { HttpError } from './errors.js';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

interface TestServer {
  url: string;
  hits: () => number;
  arrivals: number[];
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A loopback server answering with `handler`; the n-th request (from 1) gets `hit` = n. */
async function serve(handler: Handler): Promise<TestServer> {
  let hits = 0;
  const arrivals: number[] = [];
  const server = createServer((req, res) => {
    arrivals.push(performance.now());
    handler(req, res, ++hits);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api`, hits: () => hits, arrivals };
}

function client(server: TestServer, options: Partial<HttpClientOptions> = {}): HttpClient {
  const created = createHttpClient({ baseUrl: server.url, system: 'Nuvolo', random: () => 0.5, ...options });
  cleanups.push(() => created.close());
  return created;
}

/** Sleeps return at once and move time forward, so tests see every wait without waiting. */
function fakeClock(): Clock & { sleeps: number[] } {
  let now = Date.UTC(2025, 0, 6, 9, 0, 0);
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      now += ms;
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

const ok = (res: ServerResponse) => json(res, 200, { result: 'done' });

describe('http client', () => {
  describe('retries', () => {
    it('retries a 429 after the Retry-After the server asked for', async () => {
      const server = await serve((_req, res, hit) =>
        hit === 1 ? json(res, 429, { error: 'slow down' }, { 'retry-after': '7' }) : ok(res),
      );
      const clock = fakeClock();
      const response = await client(server, { clock }).request({ path: '/now/table/incident' });
      expect(response).toMatchObject({ status: 200, body: { result: 'done' }, attempts: 2 });
      expect(clock.sleeps).toEqual([7000]);
    });

    it('really waits a Retry-After of 1 s before retrying', async () => {
      const server = await serve((_req, res, hit) =>
        hit === 1 ? json(res, 429, {}, { 'retry-after': '1' }) : ok(res),
      );
      const started = performance.now();
      await client(server).request({ path: '/x' });
      expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
      expect(server.hits()).toBe(2);
    });

    it("waits until PlanGrid's rate_limit.reset and X-RateLimit-Reset", async () => {
      const clock = fakeClock();
      const server = await serve((_req, res, hit) => {
        if (hit === 1)
          json(res, 429, { rate_limit: { reset: new Date(clock.now() + 12_000).toISOString() } });
        else if (hit === 2)
          json(res, 429, {}, { 'x-ratelimit-reset': String(Math.ceil(clock.now() / 1000) + 20) });
        else ok(res);
      });
      await client(server, { clock }).request({ path: '/issues' });
      expect(clock.sleeps).toEqual([12_000, 20_000]);
    });

    it('retries a 503 and returns the answer that follows', async () => {
      const server = await serve((_req, res, hit) => (hit === 1 ? json(res, 503, {}) : ok(res)));
      const clock = fakeClock();
      const response = await client(server, { clock }).request({
        method: 'POST',
        path: '/x',
        json: { a: 1 },
      });
      expect(response.attempts).toBe(2);
      expect(clock.sleeps).toHaveLength(1);
      expect(clock.sleeps[0]).toBeLessThanOrEqual(500);
    });

    it('backs off exponentially and gives up after the maximum number of retries', async () => {
      const server = await serve((_req, res) => json(res, 502, { error: { message: 'Bad gateway' } }));
      const clock = fakeClock();
      const error = await failure(
        client(server, { clock, random: () => 1, retry: { maxRetries: 3, baseDelayMs: 100 } }).request({
          path: '/x',
        }),
      );
      expect(clock.sleeps).toEqual([100, 200, 400]);
      expect(error).toMatchObject({ kind: 'api-5xx', status: 502, attempts: 4, retryable: true });
      expect(error.message).toContain('gave up after 4 attempts');
    });

    it('gives up at once when the server asks to wait longer than a request may', async () => {
      const server = await serve((_req, res) => json(res, 429, {}, { 'retry-after': '600' }));
      const clock = fakeClock();
      const error = await failure(
        client(server, { clock, retry: { maxTotalWaitMs: 60_000 } }).request({ path: '/x' }),
      );
      expect(server.hits()).toBe(1);
      expect(clock.sleeps).toEqual([]);
      expect(error.kind).toBe('rate-limit');
      expect(error.message).toContain(
        'the server asked to wait 600 s, beyond the 60 s a request may spend waiting',
      );
    });

    it('does not retry a 400 and quotes the server’s error', async () => {
      const server = await serve((_req, res) =>
        json(res, 400, {
          error: { message: "Invalid state value 'Open '", detail: 'state' },
          status: 'failure',
        }),
      );
      const error = await failure(
        client(server, { clock: fakeClock() }).request({ method: 'PATCH', path: '/now/table/wo/1' }),
      );
      expect(server.hits()).toBe(1);
      expect(error).toMatchObject({
        kind: 'api-4xx',
        status: 400,
        method: 'PATCH',
        retryable: false,
        attempts: 1,
      });
      expect(error.message).toBe(
        `Nuvolo answered 400 to PATCH ${server.url}/now/table/wo/1: "Invalid state value 'Open ' (state)" — the server rejected the request; check the values sent (field map, status map) against what it accepts.`,
      );
      expect(error.responseSnippet).toContain('"status":"failure"');
    });

    it('classifies 401 as an authentication failure and does not retry it', async () => {
      const server = await serve((_req, res) =>
        json(res, 401, { error: { message: 'User Not Authenticated' } }),
      );
      const error = await failure(client(server).request({ path: '/x' }));
      expect(error).toMatchObject({ kind: 'auth', status: 401 });
      expect(error.message).toContain("check the connection's credentials");
      expect(server.hits()).toBe(1);
    });

    it('retries a request that timed out and then reports the timeout', async () => {
      const server = await serve((_req, res) => setTimeout(() => ok(res), 300));
      const error = await failure(
        client(server, { clock: fakeClock(), timeoutMs: 50, retry: { maxRetries: 1 } }).request({
          path: '/slow',
        }),
      );
      expect(server.hits()).toBe(2);
      expect(error).toMatchObject({ kind: 'timeout', attempts: 2, status: undefined });
      expect(error.message).toContain('Nuvolo did not answer within 50 ms for GET');
    });

    it('retries a connection reset by the server', async () => {
      const server = await serve((req, res, hit) => (hit === 1 ? req.socket.destroy() : ok(res)));
      const response = await client(server, { clock: fakeClock() }).request({ path: '/x' });
      expect(response.attempts).toBe(2);
    });

    it('with retryOn, repeats only the statuses named and no request that may have reached the server', async () => {
      const server = await serve((req, res, hit) => {
        if (hit === 1) return json(res, 503, {});
        if (hit === 2) return json(res, 502, {});
        if (hit === 3) return req.socket.destroy();
        if (hit === 4) return setTimeout(() => ok(res), 300);
        ok(res);
      });
      const http = client(server, { clock: fakeClock(), timeoutMs: 100 });
      const create = () => http.request({ method: 'POST', path: '/x', json: {}, retryOn: [429, 503] });
      expect(await failure(create())).toMatchObject({ status: 502, attempts: 2, retryable: false });
      expect(await failure(create())).toMatchObject({ kind: 'network', attempts: 1 });
      expect(await failure(create())).toMatchObject({ kind: 'timeout', attempts: 1 });
      expect((await create()).attempts).toBe(1);
      expect(server.hits()).toBe(5);
    });

    it('repeats a read whose answer is not valid JSON, and reports one that stays so as the server failing', async () => {
      const garbled = (res: ServerResponse) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": [{"uid": "a"');
      const once = await serve((_req, res, hit) => (hit === 1 ? garbled(res) : ok(res)));
      const response = await client(once, { clock: fakeClock() }).request({ path: '/issues' });
      expect(response).toMatchObject({ status: 200, body: { result: 'done' }, attempts: 2 });

      const always = await serve((_req, res) => garbled(res));
      const error = await failure(
        client(always, { clock: fakeClock(), retry: { maxRetries: 1 } }).request({ path: '/issues' }),
      );
      expect(error).toMatchObject({ kind: 'api-5xx', status: 200, attempts: 2 });
      expect(error.message).toContain('answered 200 to GET');
      expect(error.message).toContain('not valid JSON');
    });

    it('does not repeat a create whose answer is not valid JSON: the record may exist', async () => {
      const server = await serve((_req, res) =>
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"result": {"sys_id"'),
      );
      const error = await failure(
        client(server, { clock: fakeClock() }).request({
          method: 'POST',
          path: '/x',
          json: {},
          retryOn: [429, 503],
        }),
      );
      expect(error).toMatchObject({ kind: 'api-5xx', status: 201, attempts: 1 });
      expect(server.hits()).toBe(1);
    });

    it('with retryOn, still repeats a connection that was refused (nothing was sent)', async () => {
      const server = await serve((_req, res) => ok(res));
      const closed = server.url.replace(/:\d+/, ':1');
      const error = await failure(
        client(server, { baseUrl: closed, clock: fakeClock(), retry: { maxRetries: 1 } }).request({
          method: 'POST',
          path: '/x',
          retryOn: [429, 503],
        }),
      );
      expect(error).toMatchObject({ kind: 'network', attempts: 2 });
    });

    it('reports a refused connection as a network error', async () => {
      const server = await serve((_req, res) => ok(res));
      const closed = server.url.replace(/:\d+/, ':1');
      const error = await failure(
        client(server, { baseUrl: closed, clock: fakeClock(), retry: { maxRetries: 1 } }).request({
          path: '/x',
        }),
      );
      expect(error).toMatchObject({ kind: 'network', attempts: 2 });
      expect(error.message).toContain('ECONNREFUSED');
    });
  });

  describe('pacing', () => {
    it('spaces requests by the token bucket', async () => {
      const server = await serve((_req, res) => ok(res));
      // Told on the client's own clock: arrival times on a busy machine say when the scheduler got to them.
      const clock = fakeClock();
      const start = clock.now();
      const paced = client(server, { requestsPerSecond: 20, burst: 1, clock });
      await Promise.all([1, 2, 3, 4].map(() => paced.request({ path: '/x' })));
      expect(server.arrivals).toHaveLength(4);
      // One token at once, then one every 50 ms: three waits.
      expect(clock.now() - start).toBeGreaterThanOrEqual(150);
      expect(clock.sleeps.filter((ms) => ms > 0).length).toBeGreaterThanOrEqual(3);
    });

    it('holds back a request that already had its token while the server asks to wait', async () => {
      const server = await serve((_req, res, hit) =>
        hit === 1 ? json(res, 429, {}, { 'retry-after': '1' }) : ok(res),
      );
      const paced = client(server, { requestsPerSecond: 10, burst: 1, concurrency: 2 });
      await Promise.all([paced.request({ path: '/a' }), paced.request({ path: '/b' })]);
      const [first, second] = server.arrivals;
      // The second had its slot 100 ms after the first; the first's 429 paused both for a second.
      expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(1000);
      expect(server.hits()).toBe(3);
    });

    it('never has more requests in flight than the concurrency limit', async () => {
      let inFlight = 0;
      let most = 0;
      const server = await serve((_req, res) => {
        most = Math.max(most, ++inFlight);
        setTimeout(() => {
          inFlight -= 1;
          ok(res);
        }, 20);
      });
      const limited = client(server, { concurrency: 3 });
      await Promise.all(Array.from({ length: 9 }, () => limited.request({ path: '/x' })));
      expect(most).toBe(3);
    });

    it('keeps the connection alive between requests', async () => {
      const ports: Array<number | undefined> = [];
      const server = await serve((req, res) => {
        ports.push(req.socket.remotePort);
        ok(res);
      });
      const kept = client(server);
      for (let i = 0; i < 6; i++) await kept.request({ path: '/x' });
      // undici may alternate between two pooled sockets, but never opens one per request.
      expect(new Set(ports).size).toBeLessThan(ports.length);
    });
  });

  describe('requests', () => {
    it('resolves paths and query parameters against the base URL, and accepts a same-origin next-page URL', async () => {
      const seen: Array<string | undefined> = [];
      const server = await serve((req, res) => {
        seen.push(req.url);
        ok(res);
      });
      const api = client(server);
      await api.request({
        path: 'now/table/incident',
        query: { sysparm_limit: 2, sysparm_offset: undefined },
      });
      await api.request({ path: `${server.url}/next?page=2` });
      expect(seen).toEqual(['/api/now/table/incident?sysparm_limit=2', '/api/next?page=2']);
    });

    it('refuses to send the connection’s credentials to another origin', async () => {
      const server = await serve((_req, res) => ok(res));
      await expect(client(server).request({ path: 'http://127.0.0.2:9/steal' })).rejects.toThrow(
        /Refusing to send Nuvolo credentials/,
      );
      expect(server.hits()).toBe(0);
    });

    it('an abort signal cancels a request waiting to retry', async () => {
      const server = await serve((_req, res) => json(res, 503, {}, { 'retry-after': '30' }));
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('run cancelled')), 50);
      await expect(client(server).request({ path: '/x', signal: controller.signal })).rejects.toThrow(
        'run cancelled',
      );
      expect(server.hits()).toBe(1);
    });
  });

  describe('secrets', () => {
    it('never puts a secret into an error or a log line, even when the server echoes it', async () => {
      const apiKey = 'pg-live-4f9c2a7e';
      const basic = Buffer.from(`${apiKey}:`).toString('base64');
      const token = 'tok-81d3e0c5';
      const server = await serve((req, res, hit) => {
        const echo = {
          message: `bad credentials ${String(req.headers.authorization)} on ${String(req.url)} key ${apiKey}`,
        };
        json(res, hit === 1 ? 503 : 401, echo);
      });
      const lines: string[] = [];
      const log = (obj: object, msg: string) => lines.push(`${JSON.stringify(obj)} ${msg}`);
      const api = client(server, {
        clock: fakeClock(),
        headers: { authorization: `Basic ${basic}` },
        secrets: [apiKey],
        logger: { warn: log, debug: log },
      });
      const error = await failure(api.request({ path: '/me', query: { access_token: token } }));
      const everything = [
        error.message,
        error.stack,
        error.url,
        error.responseSnippet,
        JSON.stringify(error),
        ...lines,
      ].join('\n');
      expect(error.message).toContain('[REDACTED]');
      expect(lines.length).toBeGreaterThan(1);
      for (const secret of [apiKey, basic, token]) expect(everything).not.toContain(secret);
    });

    it('sends each request to its own path and query, though it resolves each pair once', async () => {
      const seen: string[] = [];
      const server = await serve((req, res) => {
        seen.push((req.url ?? '').replace(/^\/api/, ''));
        ok(res);
      });
      const api = client(server);
      const queries = [
        { page: 1 },
        { page: 2 },
        undefined,
        { page: 1, size: null },
        { page: 1 },
        { size: 5 },
      ];
      for (const query of queries) await api.request({ path: '/items', ...(query && { query }) });
      expect(seen).toEqual([
        '/items?page=1',
        '/items?page=2',
        '/items',
        '/items?page=1',
        '/items?page=1',
        '/items?size=5',
      ]);
    });

    it('redacts a secret learnt later from a URL it has already sent to', async () => {
      const token = 'sess-7c1e95ab';
      const server = await serve((_req, res) => ok(res));
      const api = client(server);
      const before = await api.request({ path: `/sessions/${token}/items` });
      expect(before.url).toContain(token);
      api.addSecret(token);
      const after = await api.request({ path: `/sessions/${token}/items` });
      expect(after.url).not.toContain(token);
      expect(after.url).toContain('/sessions/[REDACTED]/items');
    });

    it('learns a credential from a query parameter on every request that carries one', async () => {
      const server = await serve((_req, res) => json(res, 400, { error: 'no' }));
      const api = client(server, { clock: fakeClock() });
      await api.request({ path: '/items', query: { page: 2 } }).catch(() => undefined);
      const error = await failure(api.request({ path: '/items', query: { api_key: 'k-93f0d1e2' } }));
      expect(error.url).not.toContain('k-93f0d1e2');
      expect(api.redact('the key k-93f0d1e2')).toBe('the key [REDACTED]');
    });
  });
});
