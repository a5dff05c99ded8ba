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

/** The record an exception is about, as the inbox names it. */
const ExceptionRecord = z.object({ id: z.string(), sourceId: z.string(), title: z.string().nullable() });
const ExceptionRow = ExceptionLogSchema.extend({ record: ExceptionRecord.nullable() });

/** A source record's title in words: the field systems usually keep it in. */
function titleOf(source: Record<string, unknown>): string | null {
  for (const field of ['title', 'name', 'short_description', 'subject', 'description']) {
    const value = source[field];
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 200);
  }
  return null;
}

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
      responses: withErrors({
        200: json(pageOf(ExceptionRow), 'Exceptions, each naming its record (source id and title)'),
      }),
    }),
    async (c) => {
      const { limit, cursor, ...filter } = c.req.valid('query');
      const tenantId = principal(c).actingTenantId;
      const page = await store.exceptions.list(tenantId, filter, {
        limit,
        withTotal: true,
        ...(cursor && { cursor }),
      });
      const ids = [...new Set(page.items.map((e) => e.recordId).filter((id): id is string => id !== null))];
      const records = new Map(
        (await Promise.all(ids.map((id) => store.records.get(tenantId, id))))
          .filter((record) => record !== null)
          .map((record) => [
            record.id,
            { id: record.id, sourceId: record.sourceId, title: titleOf(record.sourceData) },
          ]),
      );
      return c.json(
        {
          items: page.items.map((e) => ({ ...e, record: (e.recordId && records.get(e.recordId)) || null })),
          nextCursor: page.nextCursor,
          ...(page.total !== undefined && { total: page.total }),
        },
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
