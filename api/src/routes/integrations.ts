import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  FlowSchema,
  IntegrationSchema,
  NewIntegrationSchema,
  PlanSchema,
  RunSchema,
  ScheduleSchema,
  StatusMappingSchema,
  TimestampSchema,
  ValidationError,
  type AuditAction,
  type Integration,
  type IntegrationPatch,
  type Schedule,
  type Tenant,
} from '@isync/core';
import { fieldMapNode } from '@isync/nodes';
import { auditTrail, type AuditContext } from '../audit.js';
import { principal } from '../auth/middleware.js';
import type { ApiDependencies } from '../deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { IdParam, json, jsonBody, PageQuery, pageOf, protect, withErrors } from '../http/route.js';
import type { Router } from '../http/router.js';
import { assertRoomForIntegration } from '../limits.js';
import { integrationView, IntegrationView } from '../views.js';
import { compileIntegration } from '../wizard/compile.js';
import { nodeConfig, withNodeConfig } from '../wizard/flow-builder.js';

const tags = ['Integrations'];

const Problem = z.object({
  nodeId: z.string().nullable(),
  field: z.string().nullable(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});
const CompileAnswer = z.object({
  ok: z.boolean(),
  problems: z.array(Problem),
  plan: z.object({ hash: z.string(), stages: PlanSchema.shape.stages }).nullable(),
});
const IntegrationSummary = IntegrationView.extend({
  lastRun: RunSchema.omit({ nodeTraces: true }).nullable(),
  nextRunAt: TimestampSchema.nullable(),
});

const SourceStep = z.object({
  connectionId: z.string().min(1),
  object: z.string().min(1).max(200),
  project: z.string().max(200).optional(),
});
const DestinationStep = z.object({
  connectionId: z.string().min(1),
  object: z.string().min(1).max(200),
  correlationField: z.string().min(1).max(100).nullable().optional(),
});
const MappingsStep = z.union([
  z.object({ create: fieldMapNode.config.shape.create, update: fieldMapNode.config.shape.update }),
  z.object({ flow: FlowSchema }),
]);
const SettingsStep = z.object({
  schedule: ScheduleSchema,
  dateRange: z.object({ from: TimestampSchema.nullable(), to: TimestampSchema.nullable() }),
  timezone: z.string().min(1).max(64),
  statusMappings: z.array(StatusMappingSchema).max(500),
  unmappedStatus: z.enum(['fail', 'skip', 'default']).optional(),
  defaultState: z.string().max(200).optional(),
});

const validTimezone = (timezone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
};

function checkSchedule(schedule: Schedule, tenant: Tenant): void {
  if (schedule.kind === 'interval' && schedule.everySeconds < tenant.limits.minScheduleSeconds) {
    throw new ApiError(
      'limit_exceeded',
      `Runs can be at most every ${tenant.limits.minScheduleSeconds} s for ${tenant.name} (minScheduleSeconds).`,
      403,
      { limit: 'minScheduleSeconds', max: tenant.limits.minScheduleSeconds },
    );
  }
}

export function integrationRoutes(app: Router, deps: ApiDependencies) {
  const { store, scheduler } = deps;
  const audit = auditTrail(deps);
  /** Records a saved wizard step or canvas save. */
  const audited = (
    c: AuditContext,
    saved: Integration,
    step: string,
    details: Record<string, unknown> = {},
  ) =>
    audit(c, {
      action: 'integration.updated',
      target: { type: 'integration', id: saved.id },
      summary: `Updated integration "${saved.title}": ${step}`,
      details: { step, ...details },
    });

  const load = async (tenantId: string, id: string): Promise<Integration> => {
    const integration = await store.integrations.get(tenantId, id);
    if (!integration || integration.status === 'archived') throw notFound('Integration', id);
    return integration;
  };
  const save = async (integration: Integration, patch: IntegrationPatch) => {
    const updated = await store.integrations.update(integration.tenantId, integration.id, patch);
    // Whatever changed (status, schedule, plan), the scheduler follows.
    if (patch.status !== undefined || patch.schedule !== undefined || patch.planVersion !== undefined) {
      await scheduler.sync(integration.tenantId, integration.id);
    }
    return updated!;
  };
  const summary = async (integration: Integration) => {
    const lastRun = await store.runs.latest(integration.tenantId, integration.id);
    const next = await scheduler.nextRunAt(integration.tenantId, integration.id);
    return {
      ...integrationView(integration),
      lastRun,
      nextRunAt: next?.toISOString() ?? null,
    };
  };
  const connectionOf = async (tenantId: string, id: string) => {
    const connection = await store.connections.get(tenantId, id);
    if (!connection)
      throw new ValidationError(`The connection ${id} does not exist in this tenant.`, { connectionId: id });
    return connection;
  };
  const tenantOf = async (tenantId: string) => (await store.tenants.get(tenantId))!;

  /** Compiles, and when there is no error stores the next plan version and runs it on schedule. */
  const activate = async (integration: Integration, createdBy: string | null) => {
    const tenant = await tenantOf(integration.tenantId);
    checkSchedule(integration.schedule, tenant);
    const result = await compileIntegration(deps, integration);
    if (!result.plan) {
      throw new ApiError('flow_invalid', 'The flow has problems; fix them and activate again.', 422, {
        problems: result.problems,
      });
    }
    const plan = await store.plans.save(integration.tenantId, integration.id, { ...result.plan, createdBy });
    return save(integration, { status: 'active', planVersion: plan.version });
  };

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
      const found = await store.integrations.list(
        principal(c).actingTenantId,
        status ? { status } : {},
        page,
      );
      return c.json(
        { items: await Promise.all(found.items.map(summary)), nextCursor: found.nextCursor },
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

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/integrations/{id}/source',
      tags,
      summary: 'Wizard step 2: the source connection and what to read',
      ...protect('integrations:edit'),
      request: { params: IdParam, ...jsonBody(SourceStep) },
      responses: withErrors({ 200: json(IntegrationView, 'Step done') }),
    }),
    async (c) => {
      const integration = await load(principal(c).actingTenantId, c.req.valid('param').id);
      const step = c.req.valid('json');
      await connectionOf(integration.tenantId, step.connectionId);
      const flow = withNodeConfig(integration.flow, 'source', step, 'Source');
      const updated = await save(integration, {
        flow,
        sourceConnectionId: step.connectionId,
        wizard: { ...integration.wizard, source: true },
      });
      await audited(c, updated, 'source', { connectionId: step.connectionId });
      return c.json(integrationView(updated), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/integrations/{id}/destination',
      tags,
      summary: 'Wizard step 3: the destination connection and table',
      ...protect('integrations:edit'),
      request: { params: IdParam, ...jsonBody(DestinationStep) },
      responses: withErrors({ 200: json(IntegrationView, 'Step done') }),
    }),
    async (c) => {
      const integration = await load(principal(c).actingTenantId, c.req.valid('param').id);
      const { correlationField, ...step } = c.req.valid('json');
      await connectionOf(integration.tenantId, step.connectionId);
      const flow = withNodeConfig(
        integration.flow,
        'destination',
        { ...step, ...(correlationField !== undefined && { correlationField }) },
        'Destination',
      );
      const updated = await save(integration, {
        flow,
        destinationConnectionId: step.connectionId,
        wizard: { ...integration.wizard, destination: true },
      });
      await audited(c, updated, 'destination', { connectionId: step.connectionId });
      return c.json(integrationView(updated), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/integrations/{id}/mappings',
      tags,
      summary:
        'Wizard step 4: field mappings for create (POST) and update (PATCH), or a whole flow from the canvas',
      ...protect('integrations:edit'),
      request: { params: IdParam, ...jsonBody(MappingsStep) },
      responses: withErrors({ 200: json(IntegrationView, 'Step done') }),
    }),
    async (c) => {
      const integration = await load(principal(c).actingTenantId, c.req.valid('param').id);
      const step = c.req.valid('json');
      const flow =
        'flow' in step ? step.flow : withNodeConfig(integration.flow, 'field-map', step, 'Field map');
      const updated = await save(integration, { flow, wizard: { ...integration.wizard, mappings: true } });
      await audited(c, updated, 'flow' in step ? 'mappings (whole flow)' : 'mappings');
      return c.json(integrationView(updated), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/integrations/{id}/settings',
      tags,
      summary: 'Wizard step 5: frequency, date range, timezone and status mappings',
      ...protect('integrations:edit'),
      request: { params: IdParam, ...jsonBody(SettingsStep) },
      responses: withErrors({ 200: json(IntegrationView, 'Step done') }),
    }),
    async (c) => {
      const integration = await load(principal(c).actingTenantId, c.req.valid('param').id);
      const step = c.req.valid('json');
      if (!validTimezone(step.timezone))
        throw new ValidationError(`timezone: "${step.timezone}" is not a time zone such as Europe/Paris.`);
      if (step.dateRange.from && step.dateRange.to && step.dateRange.from >= step.dateRange.to) {
        throw new ValidationError('dateRange: the range ends before it starts.');
      }
      checkSchedule(step.schedule, await tenantOf(integration.tenantId));
      let flow = withNodeConfig(integration.flow, 'source', { dateRange: step.dateRange }, 'Source');
      flow = withNodeConfig(
        flow,
        'status-map',
        {
          table: step.statusMappings,
          ...(step.unmappedStatus && { unmapped: step.unmappedStatus }),
          ...(step.defaultState !== undefined && { default: step.defaultState }),
        },
        'Status map',
      );
      const updated = await save(integration, {
        flow,
        schedule: step.schedule,
        settings: { dateRange: step.dateRange, timezone: step.timezone, statusMappings: step.statusMappings },
        wizard: { ...integration.wizard, settings: true },
      });
      await audited(c, updated, 'settings', { schedule: step.schedule, timezone: step.timezone });
      return c.json(integrationView(updated), 200);
    },
  );

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

  return { activate };
}
