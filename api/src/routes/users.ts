import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { ConflictError, EmailSchema } from '@isync/core';
import { auditTrail, changedFields } from '../audit.js';
import { invitationToken, invitationUrl, readInvitation } from '../auth/invitations.js';
import { principal } from '../auth/middleware.js';
import { assertStrongPassword, MIN_PASSWORD_LENGTH } from '../auth/password-strength.js';
import { hashPassword } from '../auth/passwords.js';
import type { ApiDependencies } from '../deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { assertRoomForUser, assertWithinUsers } from '../limits.js';
import { IdParam, json, jsonBody, PageQuery, pageOf, protect, withErrors } from '../http/route.js';
import type { Router } from '../http/router.js';
import { apiTokenView, ApiTokenView, userView, UserView } from '../views.js';

const TenantRole = z.enum(['tenant-admin', 'editor', 'viewer']);
const Password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `use at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200);

const tags = ['Users'];

export function userRoutes(app: Router, deps: ApiDependencies) {
  const { store } = deps;
  const audit = auditTrail(deps);
  /**
   * Emails are unique across iSync (they sign in without naming a tenant). A taken one is refused with the
   * same words wherever the account is, naming no tenant: another tenant's users are not disclosed.
   */
  const assertEmailFree = async (email: string) => {
    if (await store.users.findByEmailForLogin(email)) {
      throw new ConflictError(
        'This email address cannot be used for a new user; ask the person for another address, or find them in the list of users.',
        { field: 'email' },
      );
    }
  };

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
      const page = await store.users.list(principal(c).actingTenantId, {
        ...c.req.valid('query'),
        withTotal: true,
      });
      return c.json({ ...page, items: page.items.map(userView) }, 200);
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
      if (password) assertStrongPassword(password, [input.email, input.name, tenant.name]);
      await assertEmailFree(input.email);
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
      if (patch.status === 'disabled') {
        // A disabled user's sessions end and their API tokens are revoked: enabling them again revives neither.
        await store.sessions.deleteForUser(who.actingTenantId, id);
        for (const token of await store.apiTokens.list(who.actingTenantId, id))
          if (!token.revokedAt) await store.apiTokens.revoke(who.actingTenantId, token.id, deps.clock());
      }
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
      method: 'get',
      path: '/api/users/{id}/tokens',
      tags,
      summary: "A user's API tokens, for a tenant admin to review and revoke (DELETE /api/auth/tokens/{id})",
      ...protect('users:manage'),
      request: { params: IdParam },
      responses: withErrors({
        200: json(z.object({ items: z.array(ApiTokenView) }), 'Tokens, newest first'),
      }),
    }),
    async (c) => {
      const who = principal(c);
      const { id } = c.req.valid('param');
      if (!(await store.users.get(who.actingTenantId, id))) throw notFound('User', id);
      const tokens = await store.apiTokens.list(who.actingTenantId, id);
      return c.json({ items: tokens.map(apiTokenView) }, 200);
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
      assertStrongPassword(password, [user.email, user.name, tenant.name]);
      const active = await store.users.update(tenantId, userId, {
        status: 'active',
        passwordHash: await hashPassword(password),
      });
      return c.json(userView(active!), 200);
    },
  );
}
