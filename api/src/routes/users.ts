import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { ConflictError, EmailSchema } from '@isync/core';
import { auditTrail, changedFields } from '../audit.js';
import { invitationToken, invitationUrl, readInvitation } from '../auth/invitations.js';
import { principal } from '../auth/middleware.js';
import { hashPassword } from '../auth/passwords.js';
import type { ApiDependencies } from '../deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { assertRoomForUser, assertWithinUsers } from '../limits.js';
import { IdParam, json, jsonBody, PageQuery, pageOf, protect, withErrors } from '../http/route.js';
import type { Router } from '../http/router.js';
import { userView, UserView } from '../views.js';

const TenantRole = z.enum(['tenant-admin', 'editor', 'viewer']);
const Password = z.string().min(12, 'use at least 12 characters').max(200);

const tags = ['Users'];

export function userRoutes(app: Router, deps: ApiDependencies) {
  const { store } = deps;
  const audit = auditTrail(deps);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/users',
      tags,
      summary: "The tenant's users",
      ...protect('users:read'),
      request: { query: PageQuery },
      responses: withErrors({ 200: json(pageOf(UserView), 'Users, newest first') }),
    }),
    async (c) => {
      const page = await store.users.list(principal(c).actingTenantId, c.req.valid('query'));
      return c.json({ items: page.items.map(userView), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/users',
      tags,
      summary: 'Add a user: with a password, or invited by link',
      ...protect('users:manage'),
      request: jsonBody(
        z.object({
          email: EmailSchema,
          name: z.string().min(1).max(200),
          role: TenantRole,
          password: Password.optional(),
        }),
      ),
      responses: withErrors({
        201: json(z.object({ user: UserView, inviteUrl: z.string().nullable() }), 'Added'),
        409: json(z.object({ error: z.unknown() }), 'Email taken, or the tenant is at maxUsers'),
      }),
    }),
    async (c) => {
      const tenantId = principal(c).actingTenantId;
      const tenant = await store.tenants.get(tenantId);
      if (!tenant) throw notFound('Tenant', tenantId);
      await assertRoomForUser(store, tenant);
      const { password, ...input } = c.req.valid('json');
      const user = await store.users.create(tenantId, {
        ...input,
        status: password ? 'active' : 'invited',
        passwordHash: password ? await hashPassword(password) : null,
      });
      const inviteUrl = password ? null : invitationUrl(await invitationToken(deps, user));
      await audit(c, {
        action: password ? 'user.created' : 'user.invited',
        target: { type: 'user', id: user.id },
        summary: `${password ? 'Added' : 'Invited'} ${user.email} as ${user.role}`,
        details: { email: user.email, role: user.role },
      });
      return c.json({ user: userView(user), inviteUrl }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/users/{id}',
      tags,
      summary: "Change a user's name, role or status",
      ...protect('users:manage'),
      request: {
        params: IdParam,
        ...jsonBody(
          z.object({
            name: z.string().min(1).max(200).optional(),
            role: TenantRole.optional(),
            status: z.enum(['active', 'disabled']).optional(),
          }),
        ),
      },
      responses: withErrors({ 200: json(UserView, 'Updated') }),
    }),
    async (c) => {
      const who = principal(c);
      const { id } = c.req.valid('param');
      const patch = c.req.valid('json');
      if (id === who.userId && (patch.role !== undefined || patch.status === 'disabled')) {
        throw new ConflictError('You cannot change your own role or disable yourself; ask another admin.');
      }
      const current = await store.users.get(who.actingTenantId, id);
      if (!current) throw notFound('User', id);
      if (current.role === 'platform-admin')
        throw new ApiError('forbidden', 'Platform admins are managed by the platform.', 403);
      if (current.status === 'disabled' && patch.status === 'active') {
        const tenant = await store.tenants.get(who.actingTenantId);
        if (!tenant) throw notFound('Tenant', who.actingTenantId);
        await assertRoomForUser(store, tenant, `enable ${current.email} again`);
      }
      const updated = await store.users.update(who.actingTenantId, id, patch);
      if (patch.status === 'disabled') await store.sessions.deleteForUser(who.actingTenantId, id);
      await audit(c, {
        action: 'user.updated',
        target: { type: 'user', id },
        summary: `Updated ${current.email}: ${changedFields(patch).join(', ')}`,
        details: { ...patch, ...(patch.role !== undefined && { previousRole: current.role }) },
      });
      return c.json(userView(updated!), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/accept-invite',
      tags: ['Auth'],
      summary: 'Accept an invitation: set a password and become an active user',
      request: jsonBody(z.object({ token: z.string().min(10).max(2000), password: Password })),
      responses: withErrors({ 200: json(UserView, 'The account is active; sign in') }),
    }),
    async (c) => {
      const { token, password } = c.req.valid('json');
      const { tenantId, userId } = await readInvitation(deps, token);
      const user = await store.users.get(tenantId, userId);
      if (!user || user.status !== 'invited') {
        throw new ApiError('invitation_invalid', 'This invitation was already used; sign in instead.', 400);
      }
      const tenant = await store.tenants.get(tenantId);
      if (!tenant || tenant.status !== 'active')
        throw new ApiError(
          'tenant_suspended',
          'This organisation is suspended; invitations cannot be accepted.',
          403,
        );
      await assertWithinUsers(store, tenant);
      const active = await store.users.update(tenantId, userId, {
        status: 'active',
        passwordHash: await hashPassword(password),
      });
      return c.json(userView(active!), 200);
    },
  );
}
