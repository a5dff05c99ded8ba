import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';

export interface Listening {
  url: string;
  close(): Promise<void>;
}

export interface ListenOptions {
  port?: number | undefined;
  host?: string | undefined;
}

/** Serves a fetch handler on host:port (port 0 picks a free one) and resolves once it listens. */
export async function listen(
  fetch: (request: Request, env: never) => Response | Promise<Response>,
  { port = 0, host = '127.0.0.1' }: ListenOptions,
): Promise<Listening> {
  const server = createAdaptorServer({ fetch: fetch as never }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
