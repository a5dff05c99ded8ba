import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { AuditActionSchema, AuditEntrySchema, TimestampSchema } from '@isync/core';
import { principal } from '../auth/middleware.js';
import type { ApiDependencies } from '../deps.js';
import { json, PageQuery, pageOf, protect, withErrors } from '../http/route.js';
import type { Router } from '../http/router.js';

export function auditRoutes(app: Router, { store }: ApiDependencies) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/audit',
      tags: ['Audit'],
      summary: "Who changed what in the tenant's configuration, newest first",
      ...protect('audit:read'),
      request: {
        query: PageQuery.extend({
          action: AuditActionSchema.optional(),
          actorId: z.string().max(64).optional(),
          targetId: z.string().max(64).optional(),
          from: TimestampSchema.optional(),
          to: TimestampSchema.optional(),
        }),
      },
      responses: withErrors({ 200: json(pageOf(AuditEntrySchema), 'Audit entries') }),
    }),
    async (c) => {
      const { limit, cursor, ...filter } = c.req.valid('query');
      return c.json(
        await store.audit.list(principal(c).actingTenantId, filter, {
          limit,
          withTotal: true,
          ...(cursor && { cursor }),
        }),
        200,
      );
    },
  );
}
