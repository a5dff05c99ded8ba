import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { Logger, Store } from '@isync/core';
import { notFound, onError } from './errors.js';

export interface AppDependencies {
  store: Store;
  logger: Logger;
}

export type AppEnv = { Variables: { logger: Logger; requestId: string } };

export function createApp({ store, logger }: AppDependencies) {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    c.set('logger', logger.child({ requestId: c.var.requestId }));
    await next();
    c.var.logger.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });

  app.get('/healthz', (c) => c.json({ status: 'ok', store: store.kind }));
  app.get('/readyz', async (c) => {
    const storeReady = await store.ping().catch(() => false);
    return c.json(
      { status: storeReady ? 'ready' : 'unavailable', store: storeReady },
      storeReady ? 200 : 503,
    );
  });

  app.notFound(notFound);
  app.onError(onError);
  return app;
}
