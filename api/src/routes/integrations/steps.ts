import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  FlowSchema,
  ScheduleSchema,
  StatusMappingSchema,
  TimestampSchema,
  ValidationError,
} from '@isync/core';
import { fieldMapNode } from '@isync/nodes';
import { principal } from '../../auth/middleware.js';
import { IdParam, json, jsonBody, protect, withErrors } from '../../http/route.js';
import type { Router } from '../../http/router.js';
import { integrationView, IntegrationView } from '../../views.js';
import { withNodeConfig } from '../../wizard/flow-builder.js';
import { checkSchedule, previewSchedule, SchedulePreview, SchedulePreviewRequest } from './schedule.js';
import { authorOf, tags, validTimezone, type IntegrationService } from './service.js';

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
/*
 * Each body form says only what it changes: a list or a field it does not mention keeps its stored value.
 * The forms are strict, so a body is one form or a 400, never a form that happens to match by ignoring
 * (and defaulting) what it does not know — the whole-flow body once matched the field-map form and
 * emptied both lists.
 */
const FieldMapList = fieldMapNode.config.shape.create.unwrap();
const WholeFlowForm = z.strictObject({ flow: FlowSchema });
const FieldMapsForm = z
  .strictObject({ create: FieldMapList.optional(), update: FieldMapList.optional() })
  .refine((step) => step.create !== undefined || step.update !== undefined, {
    error: 'send create, update or both (a list a body does not mention keeps its mappings), or a whole flow',
  });
const MappingsStep = z.union([WholeFlowForm, FieldMapsForm]);
const SettingsStep = z.object({
  schedule: ScheduleSchema,
  dateRange: z.object({ from: TimestampSchema.nullable(), to: TimestampSchema.nullable() }),
  timezone: z.string().min(1).max(64),
  statusMappings: z.array(StatusMappingSchema).max(500),
  unmappedStatus: z.enum(['fail', 'skip', 'default']).optional(),
  defaultState: z.string().max(200).optional(),
});

/** The lists a field-map body names, and only those: the others keep their stored mappings. */
const definedLists = (step: z.infer<typeof FieldMapsForm>) => ({
  ...(step.create !== undefined && { create: step.create }),
  ...(step.update !== undefined && { update: step.update }),
});

/** The wizard's steps 2–5: source, destination, field mappings, schedule and settings. */
export function wizardStepRoutes(app: Router, service: IntegrationService) {
  const { audited, load, save, connectionOf, tenantOf } = service;
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/schedules/preview',
      tags,
      summary:
        "The next runs of a schedule in a time zone, worked out by the scheduler's cron library, and whether the tenant's minimum allows it",
      ...protect('integrations:read'),
      request: jsonBody(SchedulePreviewRequest),
      responses: withErrors({ 200: json(SchedulePreview, 'The next runs') }),
    }),
    async (c) => {
      const tenant = await tenantOf(principal(c).actingTenantId);
      return c.json(previewSchedule(c.req.valid('json'), tenant), 200);
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
      const updated = await save(
        integration,
        {
          flow,
          sourceConnectionId: step.connectionId,
          wizard: { ...integration.wizard, source: true },
        },
        authorOf(principal(c)),
      );
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
      const updated = await save(
        integration,
        {
          flow,
          destinationConnectionId: step.connectionId,
          wizard: { ...integration.wizard, destination: true },
        },
        authorOf(principal(c)),
      );
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
      const lists = 'flow' in step ? {} : definedLists(step);
      const flow =
        'flow' in step ? step.flow : withNodeConfig(integration.flow, 'field-map', lists, 'Field map');
      const updated = await save(
        integration,
        { flow, wizard: { ...integration.wizard, mappings: true } },
        authorOf(principal(c)),
      );
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
      checkSchedule(step.schedule, await tenantOf(integration.tenantId), step.timezone);
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
      const updated = await save(
        integration,
        {
          flow,
          schedule: step.schedule,
          settings: {
            dateRange: step.dateRange,
            timezone: step.timezone,
            statusMappings: step.statusMappings,
          },
          wizard: { ...integration.wizard, settings: true },
        },
        authorOf(principal(c)),
      );
      await audited(c, updated, 'settings', { schedule: step.schedule, timezone: step.timezone });
      return c.json(integrationView(updated), 200);
    },
  );
}
