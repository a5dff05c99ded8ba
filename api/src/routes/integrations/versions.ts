import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { AuthorSchema, diffFlows, PlanSchema, type Author, type Plan } from '@isync/core';
import { nodeCatalog } from '@isync/nodes';
import { principal } from '../../auth/middleware.js';
import { ApiError } from '../../http/errors.js';
import { ErrorSchema, IdParam, json, PageQuery, pageOf, protect, withErrors } from '../../http/route.js';
import type { Router } from '../../http/router.js';
import { integrationView, IntegrationView } from '../../views.js';
import { authorOf, FlowChangeView, tags, type IntegrationService } from './service.js';

const PlanVersionView = PlanSchema.omit({ createdBy: true, tenantId: true }).extend({
  createdBy: AuthorSchema.nullable(),
});

const VersionParam = IdParam.extend({ version: z.coerce.number().int().min(1).max(1_000_000) });

/** `draft` or a version number. */
const VersionRef = z.union([z.literal('draft'), z.coerce.number().int().min(1).max(1_000_000)]);

const DiffAnswer = z.object({
  from: VersionRef,
  to: VersionRef,
  changes: z.array(FlowChangeView),
});

/** The published versions: list, read, compare, roll back. */
export function versionRoutes(app: Router, service: IntegrationService) {
  const { store, audit, load, versions } = service;

  /** Plans name their author by id; the versions page shows names, read once per request. */
  const withAuthors = async (tenantId: string, plans: Plan[]) => {
    const ids = [...new Set(plans.map((p) => p.createdBy).filter((id): id is string => id !== null))];
    const users = await Promise.all(ids.map((id) => store.users.get(tenantId, id)));
    const names = new Map<string, Author>(
      users.filter((u) => u !== null).map((u) => [u.id, { id: u.id, name: u.name }]),
    );
    return plans.map(({ tenantId: _tenant, createdBy, ...plan }) => ({
      ...plan,
      createdBy: createdBy
        ? (names.get(createdBy) ?? { id: createdBy, name: 'a user of another tenant' })
        : null,
    }));
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/integrations/{id}/plans',
      tags,
      summary: 'The published versions, newest first, with who published each and when',
      ...protect('integrations:read'),
      request: { params: IdParam, query: PageQuery },
      responses: withErrors({ 200: json(pageOf(PlanVersionView), 'Plan versions') }),
    }),
    async (c) => {
      const integration = await load(principal(c).actingTenantId, c.req.valid('param').id);
      const page = await store.plans.list(integration.tenantId, integration.id, c.req.valid('query'));
      return c.json(
        { items: await withAuthors(integration.tenantId, page.items), nextCursor: page.nextCursor },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/integrations/{id}/plans/diff',
      tags,
      summary: 'What changed between two versions, or between a version and the draft, by node and field',
      ...protect('integrations:read'),
      request: { params: IdParam, query: z.object({ from: VersionRef, to: VersionRef.default('draft') }) },
      responses: withErrors({ 200: json(DiffAnswer, 'The changes from `from` to `to`') }),
    }),
    async (c) => {
      const integration = await load(principal(c).actingTenantId, c.req.valid('param').id);
      const { from, to } = c.req.valid('query');
      const flowOf = async (ref: number | 'draft') => {
        if (ref === 'draft') return integration.flow;
        const plan = await versions.versionFlow(integration, ref);
        if (!plan.flow) {
          throw new ApiError(
            'version_without_flow',
            `Version ${ref} was published before iSync kept the flow of each version; it cannot be compared.`,
            409,
            { version: ref },
          );
        }
        return plan.flow;
      };
      const [before, after] = await Promise.all([flowOf(from), flowOf(to)]);
      return c.json({ from, to, changes: diffFlows(before, after, nodeCatalog) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/integrations/{id}/plans/{version}',
      tags,
      summary: 'One published version: its flow, its compiled stages, who published it and when',
      ...protect('integrations:read'),
      request: { params: VersionParam },
      responses: withErrors({ 200: json(PlanVersionView, 'The version') }),
    }),
    async (c) => {
      const { id, version } = c.req.valid('param');
      const integration = await load(principal(c).actingTenantId, id);
      const plan = await versions.versionFlow(integration, version);
      return c.json((await withAuthors(integration.tenantId, [plan]))[0]!, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/integrations/{id}/plans/{version}/rollback',
      tags,
      summary:
        "Publish an older version's flow as a new version (compiled again, so it still fits the systems); the draft becomes that flow",
      ...protect('integrations:edit'),
      request: {
        params: VersionParam,
        body: {
          content: { 'application/json': { schema: z.object({ confirmOverlap: z.boolean().optional() }) } },
          required: false,
        },
      },
      responses: withErrors({
        200: json(IntegrationView, 'The integration, with the new live version'),
        409: json(ErrorSchema, 'Nothing to roll back to, or another integration syncs the same records'),
        422: json(ErrorSchema, 'The old version does not compile against the systems as they are now'),
      }),
    }),
    async (c) => {
      const who = principal(c);
      const { id, version } = c.req.valid('param');
      const integration = await load(who.actingTenantId, id);
      const body = z
        .object({ confirmOverlap: z.boolean().optional() })
        .parse(await c.req.json().catch(() => ({})));
      const result = await versions.rollback(integration, version, authorOf(who), body.confirmOverlap);
      await audit(c, {
        action: 'integration.rolled-back',
        target: { type: 'integration', id: integration.id },
        summary: `Rolled integration "${integration.title}" back to version ${version}, published as version ${result.planVersion}`,
        details: { from: integration.planVersion, to: result.planVersion, content: version },
      });
      return c.json(integrationView(result), 200);
    },
  );
}
