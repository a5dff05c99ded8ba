import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake API received. */
export interface Received {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
}

/**
 * A tiny HTTP API on 127.0.0.1 for the engine's tests: each request is answered by `handle`, and every
 * request is kept. For what no simulator speaks (a token endpoint on another host, header cursors).
 */
export async function fakeApi(handle: (request: Received, url: string) => Answer | Promise<Answer>) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: Received = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body,
      };
      received.push(request);
      void Promise.resolve(handle(request, base)).then((answer) => {
        res.writeHead(answer.status ?? 200, {
          ...(answer.json !== undefined && { 'content-type': 'application/json' }),
          ...answer.headers,
        });
        res.end(answer.json === undefined ? '' : JSON.stringify(answer.json));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
