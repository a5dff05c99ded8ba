import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { forwardNodes, TimestampSchema, ValidationError, type Integration, type Schedule } from '@isync/core';
import { nodeCatalog } from '@isync/nodes';
import {
  findTemplate,
  instantiate,
  listTemplates,
  outline,
  TemplateInfoSchema,
  type Template,
  type TemplateSettings,
} from '@isync/templates';
import { auditTrail } from '../audit.js';
import { principal } from '../auth/middleware.js';
import type { ApiDependencies } from '../deps.js';
import { notFound } from '../http/errors.js';
import { json, jsonBody, protect, withErrors } from '../http/route.js';
import type { Router } from '../http/router.js';
import { assertRoomForIntegration } from '../limits.js';
import { integrationView, IntegrationView } from '../views.js';

const tags = ['Templates'];

const TemplateCard = TemplateInfoSchema.extend({
  /** The flow's nodes from the source to the destination, for the gallery's picture. */
  nodes: z.array(z.object({ id: z.string(), type: z.string(), label: z.string() })),
  readme: z.string(),
});

const FromTemplate = z.object({
  templateId: z.string().min(1).max(100),
  title: z.string().min(1).max(200).optional(),
  sourceConnectionId: z.string().min(1).max(64),
  destinationConnectionId: z.string().min(1).max(64),
  project: z.string().min(1).max(200),
  dateRange: z
    .object({ from: TimestampSchema.nullable(), to: TimestampSchema.nullable() })
    .default({ from: null, to: null }),
  timezone: z.string().min(1).max(64).default('UTC'),
});
export type FromTemplateInput = z.input<typeof FromTemplate> & { schedule?: Schedule };

const card = (template: Template): z.infer<typeof TemplateCard> => ({
  id: template.id,
  title: template.title,
  description: template.description,
  systems: template.systems,
  settings: template.settings,
  schedule: template.schedule,
  nodes: outline(template.flow),
  readme: template.readme,
});

/**
 * Makes an integration from a template in one go: the flow with the user's connections, project and date
 * range filled in, all five wizard steps done, so it lands in the review step. Activation stays a
 * separate call (the demo makes it at once).
 */
export async function createFromTemplate(
  deps: Pick<ApiDependencies, 'store'>,
  tenantId: string,
  userId: string | null,
  input: FromTemplateInput,
): Promise<Integration> {
  const { store } = deps;
  const { schedule, ...rest } = input;
  const request = FromTemplate.parse(rest);
  const template = findTemplate(request.templateId);
  if (!template) throw notFound('Template', request.templateId);
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: request.timezone });
  } catch {
    throw new ValidationError(`timezone: "${request.timezone}" is not a time zone such as Europe/Paris.`);
  }
  const { from, to } = request.dateRange;
  if (from && to && from >= to) throw new ValidationError('dateRange: the range ends before it starts.');
  for (const [field, system] of [
    ['sourceConnectionId', template.systems.source],
    ['destinationConnectionId', template.systems.destination],
  ] as const) {
    const connection = await store.connections.get(tenantId, request[field]);
    if (!connection) {
      throw new ValidationError(`${field}: the connection ${request[field]} does not exist in this tenant.`, {
        [field]: request[field],
      });
    }
    if (connection.system !== system) {
      throw new ValidationError(
        `${field}: "${connection.name}" is a ${connection.system} connection; this template needs ${system}.`,
        { [field]: request[field] },
      );
    }
  }
  const tenant = (await store.tenants.get(tenantId))!;
  await assertRoomForIntegration(store, tenant);
  const settings: TemplateSettings = {
    sourceConnectionId: request.sourceConnectionId,
    destinationConnectionId: request.destinationConnectionId,
    project: request.project,
    dateRange: request.dateRange,
  };
  const flow = instantiate(template, settings);
  const statusMap = forwardNodes(flow, nodeCatalog).find((node) => node.type === 'status-map')?.data.config
    .table;
  const draft = await store.integrations.create(tenant.id, {
    title: request.title ?? template.title,
    description: template.description,
    createdBy: userId,
    templateId: template.id,
  });
  return (await store.integrations.update(tenant.id, draft.id, {
    flow,
    schedule: schedule ?? template.schedule,
    settings: {
      dateRange: request.dateRange,
      timezone: request.timezone,
      statusMappings: Array.isArray(statusMap) ? (statusMap as { from: string; to: string }[]) : [],
    },
    sourceConnectionId: request.sourceConnectionId,
    destinationConnectionId: request.destinationConnectionId,
    wizard: { details: true, source: true, destination: true, mappings: true, settings: true },
  }))!;
}

export function templateRoutes(app: Router, deps: ApiDependencies) {
  const audit = auditTrail(deps);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/templates',
      tags,
      summary: 'The template gallery: prebuilt flows with the settings each asks for',
      ...protect('integrations:read'),
      responses: withErrors({ 200: json(z.object({ items: z.array(TemplateCard) }), 'The templates') }),
    }),
    (c) => c.json({ items: listTemplates().map(card) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/integrations/from-template',
      tags,
      summary:
        'Create an integration from a template: give the two connections, the project and the settings; it lands in the review step',
      ...protect('integrations:edit'),
      request: jsonBody(FromTemplate),
      responses: withErrors({
        201: json(IntegrationView, 'The integration, every wizard step done, ready to review and activate'),
        409: json(z.object({ error: z.unknown() }), 'At maxIntegrations'),
      }),
    }),
    async (c) => {
      const who = principal(c);
      const body = c.req.valid('json');
      const integration = await createFromTemplate(deps, who.actingTenantId, who.userId, body);
      await audit(c, {
        action: 'integration.created',
        target: { type: 'integration', id: integration.id },
        summary: `Created integration "${integration.title}" from template ${integration.templateId}`,
        details: { templateId: integration.templateId },
      });
      return c.json(integrationView(integration), 201);
    },
  );
}
