import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { ConflictSideSchema, RecordEventSchema, RecordStatusSchema, SyncRecordSchema } from '@isync/core';
import { decideConflict } from '@isync/executor';
import { auditTrail } from '../audit.js';
import { principal } from '../auth/middleware.js';
import type { ApiDependencies } from '../deps.js';
import { notFound } from '../http/errors.js';
import { IdParam, json, jsonBody, PageQuery, pageOf, protect, withErrors } from '../http/route.js';
import type { Router } from '../http/router.js';
import { auditedReplay, ReplayAnswer } from './runs.js';

const tags = ['Records'];

export function recordRoutes(app: Router, deps: ApiDependencies) {
  const { store } = deps;
  const replayed = auditedReplay(deps);
  const audit = auditTrail(deps);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/records',
      tags,
      summary: 'Search records by source id, destination number or text',
      ...protect('records:read'),
      request: {
        query: PageQuery.extend({
          integrationId: z.string().max(64).optional(),
          status: RecordStatusSchema.optional(),
          q: z.string().min(1).max(200).optional(),
        }),
      },
      responses: withErrors({ 200: json(pageOf(SyncRecordSchema), 'Records, newest first') }),
    }),
    async (c) => {
      const { limit, cursor, ...search } = c.req.valid('query');
      return c.json(
        await store.records.search(principal(c).actingTenantId, search, {
          limit,
          withTotal: true,
          ...(cursor && { cursor }),
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/records/{id}',
      tags,
      summary: 'A record: its source data, status and destination id',
      ...protect('records:read'),
      request: { params: IdParam },
      responses: withErrors({ 200: json(SyncRecordSchema, 'The record') }),
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const record = await store.records.get(principal(c).actingTenantId, id);
      if (!record) throw notFound('Record', id);
      return c.json(record, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/records/{id}/timeline',
      tags,
      summary: "The record's life: every status change and source status change, with timestamps and runs",
      ...protect('records:read'),
      request: { params: IdParam },
      responses: withErrors({
        200: json(
          z.object({ record: SyncRecordSchema, events: z.array(RecordEventSchema) }),
          'The timeline, oldest first',
        ),
      }),
    }),
    async (c) => {
      const tenantId = principal(c).actingTenantId;
      const { id } = c.req.valid('param');
      const record = await store.records.get(tenantId, id);
      if (!record) throw notFound('Record', id);
      return c.json({ record, events: await store.recordEvents.timeline(tenantId, id) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/records/{id}/conflicts/decide',
      tags,
      summary:
        'Decide a conflict held for review (two-way sync): keep the source’s or the destination’s value; the next run writes it to the other side',
      ...protect('records:replay'),
      request: {
        params: IdParam,
        ...jsonBody(z.object({ sourceField: z.string().min(1).max(100), keep: ConflictSideSchema }).strict()),
      },
      responses: withErrors({ 200: json(SyncRecordSchema, 'The record, back in line with the decision') }),
    }),
    async (c) => {
      const who = principal(c);
      const { id } = c.req.valid('param');
      const decision = c.req.valid('json');
      const record = await decideConflict(deps, deps.scheduler, who.actingTenantId, id, decision, who.userId);
      await audit(c, {
        action: 'records.conflict-decided',
        target: { type: 'record', id },
        summary: `Kept the ${decision.keep}'s ${decision.sourceField} of a record`,
        details: { ...decision },
      });
      return c.json(record, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/records/replay',
      tags,
      summary: 'Push chosen failed records again',
      ...protect('records:replay'),
      request: jsonBody(z.object({ recordIds: z.array(z.string().min(1).max(64)).min(1).max(1000) })),
      responses: withErrors({ 202: json(ReplayAnswer, 'Re-queued; replay runs follow') }),
    }),
    async (c) => c.json(await replayed(c, principal(c).actingTenantId, c.req.valid('json')), 202),
  );
}
