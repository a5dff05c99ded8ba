import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { FlowSchema, PlanSchema } from '@isync/core';
import { allowedTo, principal } from '../../auth/middleware.js';
import { ErrorSchema, IdParam, json, jsonBody, protect, withErrors } from '../../http/route.js';
import type { Router } from '../../http/router.js';
import { integrationView, IntegrationView } from '../../views.js';
import { compileIntegration } from '../../wizard/compile.js';
import { nodeConfig } from '../../wizard/flow-builder.js';
import { authorOf, Problem, tags, type IntegrationService } from './service.js';

/** `If-Match` carries the draft revision the client loaded: `7` or, as an entity tag, `"7"`. */
const DraftRevisionHeader = z
  .string()
  .regex(/^(W\/)?"?\d{1,9}"?$/, 'If-Match takes the draft revision the client loaded, e.g. "7"')
  .transform((value) => Number(value.replace(/\D/g, '')));

const CompileAnswer = z.object({
  ok: z.boolean(),
  problems: z.array(Problem),
  plan: z.object({ hash: z.string(), stages: PlanSchema.shape.stages }).nullable(),
});

/** The draft flow document the canvas edits, and its compile check. */
export function flowRoutes(app: Router, service: IntegrationService) {
  const { deps, audited, load, save, connectionOf } = service;
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
      summary:
        'Save the draft flow from the canvas (publish to make it live). With `If-Match: <draftRevision>`, a draft someone saved since is not overwritten (409 draft_conflict).',
      ...protect('integrations:edit'),
      request: {
        params: IdParam,
        headers: z.object({ 'if-match': DraftRevisionHeader.optional() }),
        ...jsonBody(FlowSchema),
      },
      responses: withErrors({
        200: json(IntegrationView, 'Saved as the draft'),
        409: json(ErrorSchema, 'Someone saved a newer draft (draft_conflict), named in the answer'),
      }),
    }),
    async (c) => {
      const who = principal(c);
      const integration = await load(who.actingTenantId, c.req.valid('param').id);
      const expectedRevision = c.req.valid('header')['if-match'];
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
      const updated = await save(
        integration,
        {
          flow,
          sourceConnectionId,
          destinationConnectionId,
          wizard: {
            ...integration.wizard,
            source: integration.wizard.source || has('source'),
            destination: integration.wizard.destination || has('destination'),
            mappings: integration.wizard.mappings || has('field-map'),
          },
        },
        authorOf(who),
        expectedRevision,
      );
      await audited(c, updated, 'draft flow saved', {
        nodes: flow.nodes.length,
        draftRevision: updated.draftRevision,
      });
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
      // Describing calls the connected systems: only a role that may operate or edit does (not viewers).
      const result = await compileIntegration(deps, integration, flow, {
        describe: allowedTo(c, 'integrations:operate') || allowedTo(c, 'integrations:edit'),
      });
      return c.json({ ok: result.plan !== null, problems: result.problems, plan: result.plan }, 200);
    },
  );
}
