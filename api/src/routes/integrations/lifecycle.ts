import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AuditAction, Integration } from '@isync/core';
import { principal } from '../../auth/middleware.js';
import { ApiError } from '../../http/errors.js';
import { IdParam, json, protect, withErrors } from '../../http/route.js';
import type { Router } from '../../http/router.js';
import { assertRoomForIntegration } from '../../limits.js';
import { integrationView, IntegrationView } from '../../views.js';
import { Problem, tags, type IntegrationService } from './service.js';

/** Activate, pause, resume, run now, duplicate and archive. */
export function lifecycleRoutes(app: Router, service: IntegrationService) {
  const { store, scheduler, audit, load, save, tenantOf, activate } = service;
  const action = (
    path: string,
    summaryText: string,
    permission: 'integrations:operate' | 'integrations:edit',
    status: 200 | 202,
    audited: { action: AuditAction; verb: string },
    handler: (integration: Integration, userId: string | null) => Promise<Integration>,
  ) =>
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/integrations/{id}/${path}`,
        tags,
        summary: summaryText,
        ...protect(permission),
        request: { params: IdParam },
        responses: withErrors({
          [status]: json(IntegrationView, summaryText),
          422: json(
            z.object({
              error: z.object({
                code: z.string(),
                message: z.string(),
                details: z.object({ problems: z.array(Problem) }),
              }),
            }),
            'The flow has problems',
          ),
        } as const),
      }),
      async (c) => {
        const who = principal(c);
        const integration = await load(who.actingTenantId, c.req.valid('param').id);
        const result = await handler(integration, who.userId);
        await audit(c, {
          action: audited.action,
          target: { type: 'integration', id: result.id },
          summary: `${audited.verb} integration "${integration.title}"`,
          details: {
            ...(result.id !== integration.id && { copiedFrom: integration.id, title: result.title }),
            ...(result.planVersion !== integration.planVersion && { planVersion: result.planVersion }),
          },
        });
        return c.json(integrationView(result), status);
      },
    );

  action(
    'activate',
    'Compile, store the plan version and start the schedule',
    'integrations:operate',
    200,
    { action: 'integration.activated', verb: 'Activated' },
    (i, userId) => activate(i, userId),
  );
  action(
    'pause',
    'Stop the schedule (runs in hand finish)',
    'integrations:operate',
    200,
    { action: 'integration.paused', verb: 'Paused' },
    (i) => save(i, { status: 'paused' }),
  );
  action(
    'resume',
    'Start the schedule again with the active plan',
    'integrations:operate',
    200,
    { action: 'integration.resumed', verb: 'Resumed' },
    async (i) => {
      if (i.planVersion === null) throw new ApiError('not_activated', 'Activate the integration first.', 409);
      return save(i, { status: 'active' });
    },
  );
  action(
    'run',
    'Run now (the run starts as soon as no run of it is going)',
    'integrations:operate',
    202,
    { action: 'integration.run-requested', verb: 'Requested a run of' },
    async (i) => {
      if (i.planVersion === null)
        throw new ApiError('not_activated', 'Activate the integration before running it.', 409);
      await scheduler.runNow(i.tenantId, i.id, 'manual');
      return i;
    },
  );
  const duplicated = { action: 'integration.duplicated', verb: 'Duplicated' } as const;
  action(
    'duplicate',
    'Copy the integration as a new draft',
    'integrations:edit',
    200,
    duplicated,
    async (i, userId) => {
      const tenant = await tenantOf(i.tenantId);
      await assertRoomForIntegration(store, tenant);
      const copy = await store.integrations.create(i.tenantId, {
        title: `${i.title} (copy)`.slice(0, 200),
        description: i.description,
        createdBy: userId,
        templateId: i.templateId,
      });
      return (await store.integrations.update(i.tenantId, copy.id, {
        flow: i.flow,
        schedule: i.schedule,
        settings: i.settings,
        wizard: i.wizard,
        sourceConnectionId: i.sourceConnectionId,
        destinationConnectionId: i.destinationConnectionId,
      }))!;
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/integrations/{id}',
      tags,
      summary: 'Archive: stop it and keep its history',
      ...protect('integrations:edit'),
      request: { params: IdParam },
      responses: withErrors({ 200: json(IntegrationView, 'Archived') }),
    }),
    async (c) => {
      const integration = await load(principal(c).actingTenantId, c.req.valid('param').id);
      const archived = await save(integration, { status: 'archived' });
      await audit(c, {
        action: 'integration.archived',
        target: { type: 'integration', id: integration.id },
        summary: `Archived integration "${integration.title}"`,
      });
      return c.json(integrationView(archived), 200);
    },
  );
}
