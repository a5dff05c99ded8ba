import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { App } from '../app.js';

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

/** Serves the app over HTTP on 127.0.0.1 on a free port, as `main.ts` does on its configured one. */
export async function serveOnLoopback(app: App): Promise<LoopbackServer> {
  let server!: Server;
  const address = await new Promise<AddressInfo>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, resolve) as Server;
  });
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections of a load generator would hold close() open.
        server.closeAllConnections();
      }),
  };
}
