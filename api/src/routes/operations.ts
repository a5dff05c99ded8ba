import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { ApiDependencies } from '../deps.js';
import { notFoundRoute, onError } from '../http/errors.js';
import { json } from '../http/route.js';
import { createRouter, type Router } from '../http/router.js';

const tags = ['Operations'];

export function operationRoutes(app: Router, deps: ApiDependencies) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      tags,
      summary: 'The process is alive',
      responses: {
        200: json(z.object({ status: z.literal('ok'), store: z.enum(['sqlite', 'mongodb']) }), 'Alive'),
      },
    }),
    (c) => c.json({ status: 'ok' as const, store: deps.store.kind }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/metrics',
      tags,
      summary:
        'Prometheus metrics: HTTP requests, runs by status, records by outcome, push latency, queue depth',
      responses: {
        200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } },
      },
    }),
    async (c) => {
      return c.text(await deps.metrics.registry.metrics(), 200, {
        'Content-Type': deps.metrics.registry.contentType,
      });
    },
  );

  const Readiness = z.object({
    status: z.enum(['ready', 'unavailable']),
    store: z.boolean(),
    redis: z.boolean().optional().describe('Queue mode only'),
  });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      tags,
      summary: 'The store (and, in queue mode, Redis) can be reached',
      responses: { 200: json(Readiness, 'Ready'), 503: json(Readiness, 'Not ready') },
    }),
    async (c) => {
      const [store, redis] = await Promise.all([
        deps.store.ping().catch(() => false),
        deps.queue?.ping().catch(() => false),
      ]);
      const checks = { store, ...(redis !== undefined && { redis }) };
      return store && redis !== false
        ? c.json({ status: 'ready' as const, ...checks }, 200)
        : c.json({ status: 'unavailable' as const, ...checks }, 503);
    },
  );
}

/** What an executor process serves: `/healthz`, `/readyz` and `/metrics`, for probes and Prometheus. */
export function operationsApp(deps: ApiDependencies) {
  const app = createRouter();
  operationRoutes(app, deps);
  app.notFound(notFoundRoute);
  app.onError(onError);
  return app;
}
