import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { FlowSchema, PlanSchema } from '@isync/core';
import { principal } from '../../auth/middleware.js';
import { IdParam, json, jsonBody, PageQuery, pageOf, protect, withErrors } from '../../http/route.js';
import type { Router } from '../../http/router.js';
import { integrationView, IntegrationView } from '../../views.js';
import { compileIntegration } from '../../wizard/compile.js';
import { nodeConfig } from '../../wizard/flow-builder.js';
import { Problem, tags, type IntegrationService } from './service.js';

const CompileAnswer = z.object({
  ok: z.boolean(),
  problems: z.array(Problem),
  plan: z.object({ hash: z.string(), stages: PlanSchema.shape.stages }).nullable(),
});

/** The flow document the canvas edits, its compile check and the plan versions. */
export function flowRoutes(app: Router, service: IntegrationService) {
  const { deps, store, audited, load, save, connectionOf } = service;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/integrations/{id}/flow',
      tags,
      summary: 'The flow document the canvas draws',
      ...protect('integrations:read'),
      request: { params: IdParam },
      responses: withErrors({ 200: json(FlowSchema, 'The flow') }),
    }),
    async (c) => c.json((await load(principal(c).actingTenantId, c.req.valid('param').id)).flow, 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/integrations/{id}/flow',
      tags,
      summary: 'Save the flow from the canvas (activate again to run the new version)',
      ...protect('integrations:edit'),
      request: { params: IdParam, ...jsonBody(FlowSchema) },
      responses: withErrors({ 200: json(IntegrationView, 'Saved') }),
    }),
    async (c) => {
      const integration = await load(principal(c).actingTenantId, c.req.valid('param').id);
      const flow = c.req.valid('json');
      const has = (type: string) => flow.nodes.some((n) => n.type === type);
      // A flow may only name this tenant's connections, like the wizard's source and destination steps.
      for (const type of ['source', 'destination']) {
        const named = nodeConfig(flow, type)?.connectionId;
        if (named !== undefined) await connectionOf(integration.tenantId, String(named));
      }
      const sourceConnectionId =
        (nodeConfig(flow, 'source')?.connectionId as string | undefined) ?? integration.sourceConnectionId;
      const destinationConnectionId =
        (nodeConfig(flow, 'destination')?.connectionId as string | undefined) ??
        integration.destinationConnectionId;
      const updated = await save(integration, {
        flow,
        sourceConnectionId,
        destinationConnectionId,
        wizard: {
          ...integration.wizard,
          source: integration.wizard.source || has('source'),
          destination: integration.wizard.destination || has('destination'),
          mappings: integration.wizard.mappings || has('field-map'),
        },
      });
      await audited(c, updated, 'flow saved', { nodes: flow.nodes.length });
      return c.json(integrationView(updated), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/integrations/{id}/compile',
      tags,
      summary: 'Check the flow without saving: every problem, pinned to its node',
      ...protect('integrations:read'),
      request: {
        params: IdParam,
        body: {
          content: { 'application/json': { schema: z.object({ flow: FlowSchema.optional() }) } },
          required: false,
        },
      },
      responses: withErrors({
        200: json(CompileAnswer, 'The problems, and the plan when there is no error'),
      }),
    }),
    async (c) => {
      const integration = await load(principal(c).actingTenantId, c.req.valid('param').id);
      const body = (await c.req.json().catch(() => ({}))) as { flow?: unknown };
      const flow = body.flow === undefined ? integration.flow : FlowSchema.parse(body.flow);
      const result = await compileIntegration(deps, integration, flow);
      return c.json({ ok: result.plan !== null, problems: result.problems, plan: result.plan }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/integrations/{id}/plans',
      tags,
      summary: 'The stored plan versions, newest first',
      ...protect('integrations:read'),
      request: { params: IdParam, query: PageQuery },
      responses: withErrors({ 200: json(pageOf(PlanSchema), 'Plan versions') }),
    }),
    async (c) => {
      const integration = await load(principal(c).actingTenantId, c.req.valid('param').id);
      return c.json(await store.plans.list(integration.tenantId, integration.id, c.req.valid('query')), 200);
    },
  );
}
