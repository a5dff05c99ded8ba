import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { IntegrationSchema, NewIntegrationSchema, RunSchema, TimestampSchema } from '@isync/core';
import { principal } from '../../auth/middleware.js';
import { IdParam, json, jsonBody, PageQuery, pageOf, protect, withErrors } from '../../http/route.js';
import type { Router } from '../../http/router.js';
import { assertRoomForIntegration } from '../../limits.js';
import { integrationView, IntegrationView } from '../../views.js';
import { FlowChangeView, Health, tags, type IntegrationService } from './service.js';

const IntegrationSummary = IntegrationView.extend({
  lastRun: RunSchema.omit({ nodeTraces: true }).nullable(),
  nextRunAt: TimestampSchema.nullable(),
  /** The draft against the live version, node by node (every node, as added, when never published). */
  draft: z.object({ differs: z.boolean(), changes: z.array(FlowChangeView) }),
  /** Other active integrations that read the same source scope and write the same destination table. */
  overlaps: z.array(z.object({ id: z.string(), title: z.string() })),
  health: Health,
});

/** The integrations list, a new draft, one integration, and its title, description and schedule. */
export function integrationCrudRoutes(app: Router, service: IntegrationService) {
  const { store, audit, audited, load, save, summary, pageContext, tenantOf } = service;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/integrations',
      tags,
      summary: 'Integrations with their last and next run',
      ...protect('integrations:read'),
      request: { query: PageQuery.extend({ status: IntegrationSchema.shape.status.optional() }) },
      responses: withErrors({ 200: json(pageOf(IntegrationSummary), 'Integrations, newest first') }),
    }),
    async (c) => {
      const { status, ...page } = c.req.valid('query');
      const tenantId = principal(c).actingTenantId;
      const found = await store.integrations.list(tenantId, status ? { status } : {}, {
        ...page,
        withTotal: true,
      });
      const context = await pageContext(tenantId, found.items);
      return c.json(
        {
          items: await Promise.all(found.items.map((integration) => summary(integration, context))),
          nextCursor: found.nextCursor,
          ...(found.total !== undefined && { total: found.total }),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/integrations',
      tags,
      summary: 'Wizard step 1: create a draft with a title and description',
      ...protect('integrations:edit'),
      request: jsonBody(NewIntegrationSchema.pick({ title: true, description: true })),
      responses: withErrors({
        201: json(IntegrationView, 'The draft'),
        409: json(z.object({ error: z.unknown() }), 'At maxIntegrations'),
      }),
    }),
    async (c) => {
      const who = principal(c);
      const tenant = await tenantOf(who.actingTenantId);
      await assertRoomForIntegration(store, tenant);
      const integration = await store.integrations.create(tenant.id, {
        ...c.req.valid('json'),
        createdBy: who.userId,
      });
      await audit(c, {
        action: 'integration.created',
        target: { type: 'integration', id: integration.id },
        summary: `Created integration "${integration.title}"`,
      });
      return c.json(integrationView(integration), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/integrations/{id}',
      tags,
      summary: 'An integration: its wizard steps, flow, schedule, last and next run',
      ...protect('integrations:read'),
      request: { params: IdParam },
      responses: withErrors({ 200: json(IntegrationSummary, 'The integration') }),
    }),
    async (c) => c.json(await summary(await load(principal(c).actingTenantId, c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/integrations/{id}',
      tags,
      summary: 'Wizard step 1 again: change the title or description',
      ...protect('integrations:edit'),
      request: {
        params: IdParam,
        ...jsonBody(NewIntegrationSchema.pick({ title: true, description: true }).partial()),
      },
      responses: withErrors({ 200: json(IntegrationView, 'Updated') }),
    }),
    async (c) => {
      const integration = await load(principal(c).actingTenantId, c.req.valid('param').id);
      const patch = c.req.valid('json');
      const updated = await save(integration, patch);
      await audited(c, updated, 'details', patch);
      return c.json(integrationView(updated), 200);
    },
  );
}
