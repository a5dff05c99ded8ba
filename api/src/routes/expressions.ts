import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { EXPRESSION_HELPERS, previewExpression } from '@isync/nodes';
import { principal } from '../auth/middleware.js';
import type { ApiDependencies } from '../deps.js';
import { notFound } from '../http/errors.js';
import { json, jsonBody, protect, withErrors } from '../http/route.js';
import type { Router } from '../http/router.js';

const tags = ['Expressions'];

const Helper = z.object({ name: z.string(), signature: z.string(), doc: z.string(), example: z.string() });

const PreviewBody = z
  .object({
    expression: z.string().max(4000),
    /** A sample record to evaluate on. */
    record: z.record(z.string(), z.unknown()).optional(),
    /** Or a synced record, by id: its source record is the sample. */
    recordId: z.string().max(64).optional(),
  })
  .refine((body) => !(body.record && body.recordId), {
    message: 'give a sample record or a recordId, not both',
    path: ['recordId'],
  });

const PreviewAnswer = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      kind: z.enum(['syntax', 'timeout', 'memory', 'error']),
      message: z.string(),
      line: z.number().int().optional(),
      column: z.number().int().optional(),
    }),
  }),
]);

/** The expression editor's helpers list and live preview, both from the sandbox that runs expressions. */
export function expressionRoutes(app: Router, deps: ApiDependencies) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/expressions/helpers',
      tags,
      summary: 'The helpers an expression can call, each with its signature, a one-line doc and an example',
      ...protect('integrations:read'),
      responses: withErrors({ 200: json(z.object({ items: z.array(Helper) }), 'The helpers') }),
    }),
    (c) => c.json({ items: [...EXPRESSION_HELPERS] }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/expressions/preview',
      tags,
      summary:
        "Evaluate an expression on a sample record in the server's sandbox, with its time and memory limits",
      ...protect('integrations:edit'),
      request: jsonBody(PreviewBody),
      responses: withErrors({
        200: json(PreviewAnswer, 'The value, or why there is none (a syntax error with its line and column)'),
      }),
    }),
    async (c) => {
      const { expression, record, recordId } = c.req.valid('json');
      let sample = record ?? {};
      if (recordId) {
        const stored = await deps.store.records.get(principal(c).actingTenantId, recordId);
        if (!stored) throw notFound('Record', recordId);
        sample = stored.sourceData;
      }
      return c.json(await previewExpression(expression, sample), 200);
    },
  );
}
