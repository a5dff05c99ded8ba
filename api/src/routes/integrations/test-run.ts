import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { testRun } from '@isync/executor';
import { principal } from '../../auth/middleware.js';
import { connectorAddressing } from '../../connections/host-policy.js';
import { ApiError } from '../../http/errors.js';
import { ErrorSchema, IdParam, json, protect, withErrors } from '../../http/route.js';
import type { Router } from '../../http/router.js';
import { compileIntegration } from '../../wizard/compile.js';
import { Problem, tags, type IntegrationService } from './service.js';

const TestRunBody = z.object({
  /** The draft (default) or a published version. */
  version: z.union([z.literal('draft'), z.number().int().min(1)]).default('draft'),
  limit: z.number().int().min(1).max(50).default(20),
  /** Only these source records. */
  sourceIds: z.array(z.string().min(1).max(200)).min(1).max(50).optional(),
});

const Step = z.object({
  nodeId: z.string(),
  label: z.string(),
  outcome: z.enum(['passed', 'skipped', 'failed']),
  fields: z.record(z.string(), z.unknown()).optional(),
  reason: z.string().optional(),
});

const Outcome = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('create'), body: z.record(z.string(), z.unknown()) }),
  z.object({
    kind: z.literal('update'),
    destinationId: z.string(),
    body: z.record(z.string(), z.unknown()),
    diff: z.array(
      z.object({ field: z.string(), current: z.unknown(), next: z.unknown(), changed: z.boolean() }),
    ),
  }),
  z.object({
    kind: z.literal('link'),
    destinationId: z.string(),
    match: z.object({ field: z.string(), value: z.string() }),
  }),
  z.object({ kind: z.literal('skip'), nodeId: z.string(), reason: z.string() }),
  z.object({ kind: z.literal('fail'), nodeId: z.string(), message: z.string() }),
]);

const TestRunAnswer = z.object({
  version: z.union([z.literal('draft'), z.number().int()]),
  records: z.array(
    z.object({
      sourceId: z.string(),
      source: z.record(z.string(), z.unknown()),
      known: z.boolean(),
      steps: z.array(Step),
      outcome: Outcome,
    }),
  ),
  nodes: z.array(
    z.object({
      nodeId: z.string(),
      in: z.number(),
      out: z.number(),
      skipped: z.number(),
      failed: z.number(),
    }),
  ),
  notFound: z.array(z.string()),
});

/** "Test with live data": the draft (or a version) over a few live records, writing nothing anywhere. */
export function testRunRoutes(app: Router, service: IntegrationService) {
  const { deps, audit, load, versions } = service;
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/integrations/{id}/test-run',
      tags,
      summary:
        'Run the draft or a version over up to 50 live source records and answer what each would become in the destination (create body, update diff, link, skip or fail); nothing is written anywhere',
      ...protect('integrations:edit'),
      request: {
        params: IdParam,
        body: { content: { 'application/json': { schema: TestRunBody } }, required: false },
      },
      responses: withErrors({
        200: json(TestRunAnswer, 'Per record: each node’s output and the outcome in the destination'),
        422: json(
          z.object({
            error: z.object({
              code: z.string(),
              message: z.string(),
              details: z.object({ problems: z.array(Problem) }),
            }),
          }),
          'The draft has problems to fix before it can run',
        ),
        502: json(ErrorSchema, 'The source or the destination could not be read'),
      }),
    }),
    async (c) => {
      const integration = await load(principal(c).actingTenantId, c.req.valid('param').id);
      const body = TestRunBody.parse(await c.req.json().catch(() => ({})));
      let stages;
      if (body.version === 'draft') {
        const compiled = await compileIntegration(deps, integration);
        if (!compiled.plan)
          throw new ApiError('flow_invalid', 'The draft has problems; fix them to test it.', 422, {
            problems: compiled.problems,
          });
        stages = compiled.plan.stages;
      } else {
        stages = (await versions.versionFlow(integration, body.version)).stages;
      }
      let result;
      try {
        result = await testRun(
          {
            store: deps.store,
            keyring: deps.keyring,
            logger: c.var.logger,
            connectorHttp: connectorAddressing(deps),
          },
          {
            tenantId: integration.tenantId,
            integrationId: integration.id,
            stages,
            limit: body.limit,
            sourceIds: body.sourceIds,
            signal: c.req.raw.signal,
          },
        );
      } catch (error) {
        throw new ApiError(
          'test_run_failed',
          `The test run could not read its records: ${(error as Error).message}`,
          502,
        );
      }
      await audit(c, {
        action: 'integration.test-run',
        target: { type: 'integration', id: integration.id },
        summary: `Tested integration "${integration.title}" (${body.version === 'draft' ? 'draft' : `version ${body.version}`}) on ${result.records.length} live records`,
        details: { version: body.version, records: result.records.length },
      });
      return c.json({ version: body.version, ...result }, 200);
    },
  );
}
