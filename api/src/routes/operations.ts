import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { ApiDependencies } from '../deps.js';
import { json } from '../http/route.js';
import type { Router } from '../http/router.js';

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

  const Readiness = z.object({ status: z.enum(['ready', 'unavailable']), store: z.boolean() });
  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      tags,
      summary: 'The store (and, in queue mode, Redis) can be reached',
      responses: { 200: json(Readiness, 'Ready'), 503: json(Readiness, 'Not ready') },
    }),
    async (c) => {
      const store = await deps.store.ping().catch(() => false);
      return store
        ? c.json({ status: 'ready' as const, store }, 200)
        : c.json({ status: 'unavailable' as const, store }, 503);
    },
  );
}
