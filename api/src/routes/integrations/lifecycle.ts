import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { RunSchema, type AuditAction, type Author, type Integration } from '@isync/core';
import { principal } from '../../auth/middleware.js';
import { ApiError } from '../../http/errors.js';
import { ErrorSchema, IdParam, json, protect, withErrors } from '../../http/route.js';
import type { Router } from '../../http/router.js';
import { assertRoomForIntegration } from '../../limits.js';
import { integrationView, IntegrationView } from '../../views.js';
import { authorOf, Problem, tags, type IntegrationService } from './service.js';

/** What publishing and activating may be told. */
const ActionOptions = z.object({
  /** Run although another active integration syncs the same records (answered 409 `overlap` otherwise). */
  confirmOverlap: z.boolean().optional(),
});
type ActionOptions = z.infer<typeof ActionOptions>;

export const RunNowView = z.object({
  run: RunSchema.omit({ nodeTraces: true }),
  queuedBehind: z.string().nullable().describe('The run going now, which this one follows'),
  created: z.boolean().describe('False when an earlier ask had queued this run already'),
  message: z.string(),
});

function runNowMessage(created: boolean, queuedBehind: string | null): string {
  const when = queuedBehind
    ? 'It starts when the run going now ends.'
    : 'It starts as soon as an executor is free.';
  return created ? `Run queued. ${when}` : `A run was already queued and waits its turn. ${when}`;
}

/** Publish, activate, pause, resume, run now, duplicate and archive. */
export function lifecycleRoutes(app: Router, service: IntegrationService) {
  const { store, scheduler, audit, load, save, tenantOf, activate, versions } = service;
  const action = (
    path: string,
    summaryText: string,
    permission: 'integrations:operate' | 'integrations:edit',
    status: 200 | 202,
    audited: { action: AuditAction; verb: string },
    handler: (
      integration: Integration,
      author: Author | null,
      options: ActionOptions,
    ) => Promise<Integration>,
    notice?: (result: Integration, original: Integration) => string,
  ) =>
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/integrations/{id}/${path}`,
        tags,
        summary: summaryText,
        ...protect(permission),
        request: {
          params: IdParam,
          body: { content: { 'application/json': { schema: ActionOptions } }, required: false },
        },
        responses: withErrors({
          [status]: json(IntegrationView.extend({ notice: z.string().optional() }), summaryText),
          409: json(
            ErrorSchema,
            'Another active integration syncs the same records (`overlap`), or a conflict',
          ),
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
        const options = ActionOptions.parse(await c.req.json().catch(() => ({})));
        const result = await handler(integration, authorOf(who), options);
        await audit(c, {
          action: audited.action,
          target: { type: 'integration', id: result.id },
          summary: `${audited.verb} integration "${integration.title}"`,
          details: {
            ...(result.id !== integration.id && { copiedFrom: integration.id, title: result.title }),
            ...(result.planVersion !== integration.planVersion && { planVersion: result.planVersion }),
          },
        });
        return c.json(
          { ...integrationView(result), ...(notice && { notice: notice(result, integration) }) },
          status,
        );
      },
    );

  action(
    'publish',
    'Compile the draft and make it the live version (the next run uses it)',
    'integrations:edit',
    200,
    { action: 'integration.published', verb: 'Published' },
    (i, author, options) => versions.publish(i, author, options),
  );
  action(
    'activate',
    'Start the schedule on the live version (publishing the draft first when never published)',
    'integrations:operate',
    200,
    { action: 'integration.activated', verb: 'Activated' },
    (i, author, options) => activate(i, author, options),
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
    'Start the schedule again with the live version',
    'integrations:operate',
    200,
    { action: 'integration.resumed', verb: 'Resumed' },
    async (i, author, options) => {
      if (i.planVersion === null) throw new ApiError('not_activated', 'Activate the integration first.', 409);
      return activate(i, author, options);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/integrations/{id}/run',
      tags,
      summary: 'Run now: a queued run exists at once and starts when no run of the integration is going',
      ...protect('integrations:operate'),
      request: { params: IdParam },
      responses: withErrors({
        202: json(RunNowView, 'The queued run (Location: /api/runs/{id}), and the run it follows if any'),
        409: json(ErrorSchema, 'Never published (`not_activated`)'),
      }),
    }),
    async (c) => {
      const integration = await load(principal(c).actingTenantId, c.req.valid('param').id);
      if (integration.planVersion === null)
        throw new ApiError('not_activated', 'Activate the integration before running it.', 409);
      const { run, queuedBehind, created } = await scheduler.runNow(
        integration.tenantId,
        integration.id,
        'manual',
      );
      if (created)
        await audit(c, {
          action: 'integration.run-requested',
          target: { type: 'integration', id: integration.id },
          summary: `Requested a run of integration "${integration.title}"`,
          details: { runId: run.id },
        });
      const { nodeTraces: _traces, ...summary } = run;
      c.header('Location', `/api/runs/${run.id}`);
      return c.json(
        { run: summary, queuedBehind, created, message: runNowMessage(created, queuedBehind) },
        202,
      );
    },
  );
  const duplicated = { action: 'integration.duplicated', verb: 'Duplicated' } as const;
  action(
    'duplicate',
    'Copy the integration, paused and unpublished; the answer says what to change before activating it',
    'integrations:edit',
    200,
    duplicated,
    async (i, author) => {
      const tenant = await tenantOf(i.tenantId);
      await assertRoomForIntegration(store, tenant);
      const copy = await store.integrations.create(i.tenantId, {
        title: `${i.title} (copy)`.slice(0, 200),
        description: i.description,
        createdBy: author?.id ?? null,
        templateId: i.templateId,
      });
      return (await store.integrations.update(i.tenantId, copy.id, {
        status: 'paused',
        flow: i.flow,
        schedule: i.schedule,
        settings: i.settings,
        wizard: i.wizard,
        sourceConnectionId: i.sourceConnectionId,
        destinationConnectionId: i.destinationConnectionId,
      }))!;
    },
    (copy, original) =>
      `"${copy.title}" is paused and reads and writes what "${original.title}" does: running both would create every record twice. Before activating it, change its source project or destination table, or set "match existing records by" on its destination node to link the records that already exist.`,
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
