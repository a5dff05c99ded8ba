import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { EmailSchema, NewTenantSchema, TenantPatchSchema, type Tenant } from '@isync/core';
import { isHostAllowance } from '@isync/nodes';
import { auditTrail, changedFields, type AuditContext } from '../audit.js';
import { principal } from '../auth/middleware.js';
import { invitationToken, invitationUrl } from '../auth/invitations.js';
import { checkTenantAllowances } from '../connections/host-policy.js';
import type { ApiDependencies } from '../deps.js';
import { notFound } from '../http/errors.js';
import { assertLimitsCover, assertRoomForUser } from '../limits.js';
import { IdParam, json, jsonBody, PageQuery, pageOf, protect, withErrors } from '../http/route.js';
import type { Router } from '../http/router.js';
import { TenantView, userView, UserView } from '../views.js';

const Usage = z.object({ integrations: z.number(), users: z.number(), recordsThisMonth: z.number() });
const TenantWithUsage = z.object({ tenant: TenantView, usage: Usage });
const Invitation = z.object({ user: UserView, inviteUrl: z.string() });
const InviteBody = z.object({ email: EmailSchema, name: z.string().min(1).max(200) });

const tags = ['Tenants'];

const HostAllowance = z
  .string()
  .trim()
  .toLowerCase()
  .refine(isHostAllowance, {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not a host name, an IP address or a CIDR range such as 10.20.0.0/16`,
  });
const ConnectionHosts = z.object({ hosts: z.array(HostAllowance).max(50) });

/** Has the scheduler re-read every active integration of a tenant (after it was suspended or resumed). */
export async function syncTenantSchedules(deps: ApiDependencies, tenantId: string): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await deps.store.integrations.list(
      tenantId,
      { status: 'active' },
      { limit: 100, ...(cursor && { cursor }) },
    );
    for (const integration of page.items) await deps.scheduler.sync(tenantId, integration.id);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export function tenantRoutes(app: Router, deps: ApiDependencies) {
  const { store } = deps;
  const audit = auditTrail(deps);
  const withUsage = async (tenant: Tenant) => ({
    tenant,
    usage: await store.tenants.usage(tenant.id, deps.clock()),
  });

  /** Invites a user of the tenant (their first tenant admin, here); refused past the tenant's user limit. */
  const invite = async (c: AuditContext, tenant: Tenant, body: z.infer<typeof InviteBody>) => {
    await assertRoomForUser(store, tenant, `invite ${body.email}`);
    const user = await store.users.create(tenant.id, { ...body, role: 'tenant-admin', status: 'invited' });
    await audit(c, {
      tenantId: tenant.id,
      action: 'user.invited',
      target: { type: 'user', id: user.id },
      summary: `Invited ${user.email} as tenant admin`,
      details: { email: user.email, role: user.role },
    });
    return { user: userView(user), inviteUrl: invitationUrl(await invitationToken(deps, user)) };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/tenants',
      tags,
      summary: 'Customer tenants with their limits and current usage',
      ...protect('tenants:manage'),
      request: { query: PageQuery },
      responses: withErrors({ 200: json(pageOf(TenantWithUsage), 'Tenants, newest first') }),
    }),
    async (c) => {
      const page = await store.tenants.list({ ...c.req.valid('query'), withTotal: true });
      return c.json({ ...page, items: await Promise.all(page.items.map(withUsage)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/tenants',
      tags,
      summary: 'Create a customer tenant, optionally inviting its first tenant admin',
      ...protect('tenants:manage'),
      request: jsonBody(NewTenantSchema.extend({ admin: InviteBody.optional() })),
      responses: withErrors({
        201: json(z.object({ tenant: TenantView, invitation: Invitation.nullable() }), 'Created'),
        409: json(z.object({ error: z.unknown() }), 'The slug is taken'),
      }),
    }),
    async (c) => {
      const { admin, ...input } = c.req.valid('json');
      const tenant = await store.tenants.create(input);
      await audit(c, {
        tenantId: tenant.id,
        action: 'tenant.created',
        target: { type: 'tenant', id: tenant.id },
        summary: `Created tenant "${tenant.name}" (${tenant.slug})`,
        details: { name: tenant.name, slug: tenant.slug, limits: tenant.limits },
      });
      return c.json({ tenant, invitation: admin ? await invite(c, tenant, admin) : null }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/tenants/{id}',
      tags,
      summary: 'A tenant with its usage',
      ...protect('tenants:manage'),
      request: { params: IdParam },
      responses: withErrors({ 200: json(TenantWithUsage, 'The tenant') }),
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const tenant = await store.tenants.get(id);
      if (!tenant) throw notFound('Tenant', id);
      return c.json(await withUsage(tenant), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/tenants/{id}',
      tags,
      summary: 'Rename, suspend or reactivate a tenant, or change its limits',
      ...protect('tenants:manage'),
      request: { params: IdParam, ...jsonBody(TenantPatchSchema) },
      responses: withErrors({ 200: json(TenantView, 'Updated') }),
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const patch = c.req.valid('json');
      const before = await store.tenants.get(id);
      if (!before) throw notFound('Tenant', id);
      await assertLimitsCover(store, before, patch);
      if (patch.limits?.allowedPrivateHosts)
        checkTenantAllowances(patch.limits.allowedPrivateHosts, deps.settings);
      const tenant = await store.tenants.update(id, patch);
      if (!tenant) throw notFound('Tenant', id);
      // Suspending stops the tenant's schedules (running runs stop at their next batch); resuming restores them.
      if (before.status !== tenant.status) await syncTenantSchedules(deps, tenant.id);
      await audit(c, {
        tenantId: tenant.id,
        action: 'tenant.updated',
        target: { type: 'tenant', id: tenant.id },
        summary: `Updated tenant "${tenant.name}": ${changedFields(patch).join(', ')}`,
        details: patch,
      });
      return c.json(tenant, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/tenants/{id}/invitations',
      tags,
      summary: "Invite a tenant's first (or another) tenant admin",
      ...protect('tenants:manage'),
      request: { params: IdParam, ...jsonBody(InviteBody) },
      responses: withErrors({ 201: json(Invitation, 'Invited: send them the link') }),
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const tenant = await store.tenants.get(id);
      if (!tenant) throw notFound('Tenant', id);
      return c.json(await invite(c, tenant, c.req.valid('json')), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/connection-hosts',
      tags,
      summary:
        "Private hosts the tenant's connections may reach where the platform refuses private addresses",
      ...protect('connections:read'),
      responses: withErrors({ 200: json(ConnectionHosts, 'The allowed hosts') }),
    }),
    async (c) => {
      const tenant = await store.tenants.get(principal(c).actingTenantId);
      return c.json({ hosts: tenant?.limits.allowedPrivateHosts ?? [] }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/connection-hosts',
      tags,
      summary: "Allow the tenant's connections to reach these private hosts (names, addresses, CIDR ranges)",
      ...protect('settings:manage'),
      request: jsonBody(ConnectionHosts),
      responses: withErrors({ 200: json(ConnectionHosts, 'Saved') }),
    }),
    async (c) => {
      const tenantId = principal(c).actingTenantId;
      const hosts = [...new Set(c.req.valid('json').hosts)];
      checkTenantAllowances(hosts, deps.settings);
      const tenant = await store.tenants.update(tenantId, { limits: { allowedPrivateHosts: hosts } });
      if (!tenant) throw notFound('Tenant', tenantId);
      await audit(c, {
        action: 'connection-hosts.updated',
        target: { type: 'tenant', id: tenantId },
        summary: `Set the private hosts connections may reach to ${hosts.length === 0 ? 'none' : hosts.join(', ')}`,
        details: { hosts },
      });
      return c.json({ hosts }, 200);
    },
  );
}
