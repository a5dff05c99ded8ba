import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { RunSchema, RunStatusSchema, TimestampSchema } from '@isync/core';
import { cancelRun, replay, type ReplaySelection } from '@isync/executor';
import { auditTrail, type AuditContext } from '../audit.js';
import { principal } from '../auth/middleware.js';
import type { ApiDependencies } from '../deps.js';
import { notFound } from '../http/errors.js';
import { ErrorSchema, IdParam, json, PageQuery, pageOf, protect, withErrors } from '../http/route.js';
import type { Router } from '../http/router.js';

const tags = ['Runs'];
export const ReplayAnswer = z.object({
  requeued: z.number(),
  integrations: z.array(z.object({ integrationId: z.string(), requeued: z.number() })),
});

/** Puts failed records back in line for replay runs, and records who asked in the audit log. */
export function auditedReplay(deps: ApiDependencies) {
  const audit = auditTrail(deps);
  return async (c: AuditContext, tenantId: string, selection: ReplaySelection) => {
    const answer = await replay(deps, deps.scheduler, tenantId, selection);
    const ofRun = 'runId' in selection;
    await audit(c, {
      action: 'records.replayed',
      target: ofRun ? { type: 'run', id: selection.runId } : { type: 'record', id: selection.recordIds[0]! },
      summary: `Replayed ${answer.requeued} failed record${answer.requeued === 1 ? '' : 's'}${ofRun ? ' of a run' : ''}`,
      details: { ...answer, ...(!ofRun && { recordIds: selection.recordIds.slice(0, 100) }) },
    });
    return answer;
  };
}

export const CancelAnswer = z.object({
  run: RunSchema.omit({ nodeTraces: true }),
  outcome: z
    .enum(['canceled', 'stopping'])
    .describe('`canceled`: it ended now; `stopping`: it ends canceled after the batch in hand'),
});

export function runRoutes(app: Router, deps: ApiDependencies) {
  const { store } = deps;
  const replayed = auditedReplay(deps);
  const audit = auditTrail(deps);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/runs',
      tags,
      summary: 'Runs, newest first, by integration, status and start time',
      ...protect('runs:read'),
      request: {
        query: PageQuery.extend({
          integrationId: z.string().max(64).optional(),
          status: RunStatusSchema.optional(),
          from: TimestampSchema.optional(),
          to: TimestampSchema.optional(),
        }),
      },
      responses: withErrors({ 200: json(pageOf(RunSchema.omit({ nodeTraces: true })), 'Runs') }),
    }),
    async (c) => {
      const { limit, cursor, ...filter } = c.req.valid('query');
      const page = await store.runs.list(principal(c).actingTenantId, filter, {
        limit,
        withTotal: true,
        ...(cursor && { cursor }),
      });
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/runs/{id}',
      tags,
      summary: 'A run with its per-node traces (counts, timing, sample items)',
      ...protect('runs:read'),
      request: { params: IdParam },
      responses: withErrors({ 200: json(RunSchema, 'The run') }),
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const run = await store.runs.get(principal(c).actingTenantId, id);
      if (!run) throw notFound('Run', id);
      return c.json(run, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/runs/{id}/replay',
      tags,
      summary: 'Push again the records that failed in this run',
      ...protect('records:replay'),
      request: { params: IdParam },
      responses: withErrors({ 202: json(ReplayAnswer, 'Re-queued; a replay run follows') }),
    }),
    async (c) => {
      const tenantId = principal(c).actingTenantId;
      const { id } = c.req.valid('param');
      if (!(await store.runs.get(tenantId, id))) throw notFound('Run', id);
      return c.json(await replayed(c, tenantId, { runId: id }), 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/runs/{id}/cancel',
      tags,
      summary: 'Cancel a queued run, or stop a running one at its next batch (it keeps what it did)',
      ...protect('integrations:operate'),
      request: { params: IdParam },
      responses: withErrors({
        200: json(CancelAnswer, 'Canceled, or stopping at the next batch'),
        409: json(ErrorSchema, 'The run already ended (`run_finished`)'),
      }),
    }),
    async (c) => {
      const who = principal(c);
      const { id } = c.req.valid('param');
      const by = who.name ?? who.email ?? 'an API token';
      const answer = await cancelRun(deps, who.actingTenantId, id, by);
      if (!answer) throw notFound('Run', id);
      await audit(c, {
        action: 'run.canceled',
        target: { type: 'run', id },
        summary: `Canceled a ${answer.run.trigger} run`,
        details: { integrationId: answer.run.integrationId, outcome: answer.outcome },
      });
      const { nodeTraces: _traces, ...run } = answer.run;
      return c.json({ run, outcome: answer.outcome }, 200);
    },
  );
}
