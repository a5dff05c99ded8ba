import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { ExceptionKindSchema, ExceptionLogSchema, TimestampSchema } from '@isync/core';
import { auditTrail } from '../audit.js';
import { principal } from '../auth/middleware.js';
import type { ApiDependencies } from '../deps.js';
import { notFound } from '../http/errors.js';
import { IdParam, json, PageQuery, pageOf, protect, withErrors } from '../http/route.js';
import type { Router } from '../http/router.js';

const tags = ['Exceptions'];

export function exceptionRoutes(app: Router, deps: ApiDependencies) {
  const { store } = deps;
  const audit = auditTrail(deps);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/exceptions',
      tags,
      summary: 'The exception log, newest first, filtered',
      ...protect('exceptions:read'),
      request: {
        query: PageQuery.extend({
          integrationId: z.string().max(64).optional(),
          nodeId: z.string().max(64).optional(),
          kind: ExceptionKindSchema.optional(),
          from: TimestampSchema.optional(),
          to: TimestampSchema.optional(),
          resolved: z
            .enum(['true', 'false'])
            .transform((value) => value === 'true')
            .optional(),
        }),
      },
      responses: withErrors({ 200: json(pageOf(ExceptionLogSchema), 'Exceptions') }),
    }),
    async (c) => {
      const { limit, cursor, ...filter } = c.req.valid('query');
      return c.json(
        await store.exceptions.list(principal(c).actingTenantId, filter, {
          limit,
          ...(cursor && { cursor }),
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/exceptions/{id}/resolve',
      tags,
      summary: 'Mark an exception as dealt with',
      ...protect('exceptions:resolve'),
      request: { params: IdParam },
      responses: withErrors({ 200: json(ExceptionLogSchema, 'Resolved') }),
    }),
    async (c) => {
      const who = principal(c);
      const { id } = c.req.valid('param');
      const resolved = await store.exceptions.resolve(who.actingTenantId, id, who.userId, deps.clock());
      if (!resolved) throw notFound('Exception', id);
      await audit(c, {
        action: 'exception.resolved',
        target: { type: 'exception', id },
        summary: `Resolved a ${resolved.kind} exception (${resolved.phase})`,
        details: { integrationId: resolved.integrationId, runId: resolved.runId },
      });
      return c.json(resolved, 200);
    },
  );
}
