import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { AttemptTimedOut, sendOnce, type Attempt } from './send.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A loopback server and an agent to reach it; `attempt` builds a request to one of its paths. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const agent = new Agent({ connections: 2 });
  cleanups.push(async () => {
    await agent.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as AddressInfo;
  const attempt = (path: string, more: Partial<Attempt> = {}): Attempt => ({
    url: new URL(`http://127.0.0.1:${port}${path}`),
    method: 'GET',
    headers: { accept: 'application/json' },
    body: undefined,
    timeoutMs: 5_000,
    signal: undefined,
    ...more,
  });
  return { agent, attempt };
}

describe('sendOnce', () => {
  it('reads a body sent in pieces whole, a character split between pieces included', async () => {
    const text = JSON.stringify({ name: 'Büro – Raum 3', note: 'x'.repeat(40_000) });
    const bytes = Buffer.from(text, 'utf8');
    const split = bytes.indexOf(Buffer.from('ü')) + 1; // inside the two bytes of "ü"
    const { agent, attempt } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'r-1' });
      res.write(bytes.subarray(0, split));
      setTimeout(() => res.end(bytes.subarray(split)), 20);
    });
    const answer = await sendOnce(agent, attempt('/rooms?page=2'));
    expect(answer).toEqual({
      status: 200,
      headers: expect.objectContaining({ 'content-type': 'application/json', 'x-request-id': 'r-1' }),
      text,
    });
  });

  it('sends the method, path with its query, headers and body as given', async () => {
    let seen: {
      method?: string | undefined;
      url?: string | undefined;
      type?: string | undefined;
      body: string;
    } = {
      body: '',
    };
    const { agent, attempt } = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        seen = { method: req.method, url: req.url, type: req.headers['content-type'], body };
        res.writeHead(201).end('{}');
      });
    });
    const answer = await sendOnce(
      agent,
      attempt('/api/now/table/wo?sysparm_limit=1', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"short_description":"Leak"}',
      }),
    );
    expect(answer.status).toBe(201);
    expect(seen).toEqual({
      method: 'POST',
      url: '/api/now/table/wo?sysparm_limit=1',
      type: 'application/json',
      body: '{"short_description":"Leak"}',
    });
  });

  it('answers with the final status after an informational one', async () => {
    const { agent, attempt } = await serve((_req, res) => {
      res.writeEarlyHints({ link: '</style.css>; rel=preload' });
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"gone"}');
    });
    const answer = await sendOnce(agent, attempt('/x'));
    expect(answer.status).toBe(404);
    expect(answer.text).toBe('{"error":"gone"}');
  });

  it('gives up when the whole answer has not arrived in time, even while it trickles in', async () => {
    const { agent, attempt } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const drip = setInterval(() => res.write('.'), 10);
      res.on('close', () => clearInterval(drip));
    });
    const failure = await sendOnce(agent, attempt('/slow', { timeoutMs: 80 })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AttemptTimedOut);
    expect(failure).toMatchObject({ timeoutMs: 80 });
  });

  it("rejects with the signal's reason once it aborts, and never sends when it already had", async () => {
    let arrived = 0;
    const { agent, attempt } = await serve(() => {
      arrived += 1; // never answers
    });
    const controller = new AbortController();
    const pending = sendOnce(agent, attempt('/hang', { signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('run cancelled')), 30);
    await expect(pending).rejects.toThrow('run cancelled');

    await expect(sendOnce(agent, attempt('/never', { signal: controller.signal }))).rejects.toThrow(
      'run cancelled',
    );
    expect(arrived).toBe(1);
  });

  it("rejects with the dispatcher's error when the connection is cut", async () => {
    const { agent, attempt } = await serve((req) => req.socket.destroy());
    const failure = await sendOnce(agent, attempt('/cut')).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'UND_ERR_SOCKET' });
  });
});
