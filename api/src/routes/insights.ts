import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { TimestampSchema, ValidationError } from '@isync/core';
import { principal } from '../auth/middleware.js';
import type { ApiDependencies } from '../deps.js';
import { json, protect, withErrors } from '../http/route.js';
import type { Router } from '../http/router.js';
import { validTimezone } from './integrations/service.js';

const Counts = z.record(z.string(), z.number());
const InsightsAnswer = z.object({
  recordsByDay: z.array(z.object({ day: z.string(), outcomes: Counts })),
  runsByDay: z.array(z.object({ day: z.string(), statuses: Counts })),
  topExceptionKinds: z.array(z.object({ kind: z.string(), count: z.number() })),
  totals: z.object({ records: Counts, runs: z.number(), averageRunMs: z.number().nullable() }),
});

const MAX_RANGE_DAYS = 366;

export function insightRoutes(app: Router, deps: ApiDependencies) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/insights',
      tags: ['Insights'],
      summary: 'Records synced per day by outcome, runs per day by status, top exception kinds, totals',
      ...protect('insights:read'),
      request: {
        query: z.object({
          from: TimestampSchema,
          to: TimestampSchema,
          integrationId: z.string().max(64).optional(),
          zone: z
            .string()
            .max(64)
            .optional()
            .describe('The IANA time zone whose days the series count (default UTC), e.g. Europe/Paris'),
        }),
      },
      responses: withErrors({ 200: json(InsightsAnswer, 'Insights over [from, to), by day of the zone') }),
    }),
    async (c) => {
      const { from, to, integrationId, zone = 'UTC' } = c.req.valid('query');
      if (from >= to) throw new ValidationError('from: the range must start before it ends.');
      if (!validTimezone(zone))
        throw new ValidationError(`zone: "${zone}" is not a time zone such as Europe/Paris.`);
      if (Date.parse(to) - Date.parse(from) > MAX_RANGE_DAYS * 86_400_000) {
        throw new ValidationError(`The range may span at most ${MAX_RANGE_DAYS} days.`);
      }
      return c.json(
        await deps.store.insights.insights(principal(c).actingTenantId, { from, to }, integrationId, zone),
        200,
      );
    },
  );
}
