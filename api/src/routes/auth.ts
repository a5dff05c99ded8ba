import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { timingSafeEqual } from 'node:crypto';
import {
  can,
  EmailSchema,
  PERMISSIONS,
  TenantSchema,
  TOKEN_SCOPES,
  TokenScopeSchema,
  type Logger,
  type User,
} from '@isync/core';
import { auditTrail } from '../audit.js';
import { clientAddress } from '../auth/client-address.js';
import { allowedTo, principal } from '../auth/middleware.js';
import { assertStrongPassword } from '../auth/password-strength.js';
import { decoyHash, hashPassword, verifyPassword } from '../auth/passwords.js';
import { platformTenant } from '../bootstrap.js';
import { endSession, startSession } from '../auth/sessions.js';
import { randomToken, sha256Hex } from '../auth/tokens.js';
import type { ApiDependencies } from '../deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { IdParam, json, jsonBody, protect, withErrors } from '../http/route.js';
import type { Router } from '../http/router.js';
import { apiTokenView, ApiTokenView, TenantView, userView, UserView } from '../views.js';

const Me = z.object({
  user: UserView,
  /** The tenant the user acts for. */
  tenant: TenantView,
  role: UserView.shape.role,
  /** Send in `X-CSRF-Token` with every write made with the session cookie. */
  csrfToken: z.string().nullable(),
  /** What the role may do, from the one RBAC matrix: the editor shows only the actions it allows. */
  permissions: z.array(z.enum(PERMISSIONS)),
});

const LoginBody = z.object({ email: EmailSchema, password: z.string().min(1).max(200) });

const tags = ['Auth'];

export function authRoutes(app: Router, deps: ApiDependencies) {
  const { store } = deps;
  const audit = auditTrail(deps);

  /**
   * Sign-ins and failed sign-ins of a known account go to its tenant's audit log, with the address they
   * came from (an unknown email has no tenant to tell; the throttle still counts it).
   */
  const signInAudit = async (
    c: { var: { logger: Logger } },
    user: User,
    action: 'user.signed-in' | 'user.sign-in-failed',
    address: string,
    reason?: string,
  ) => {
    try {
      await store.audit.record(user.tenantId, {
        actor: { kind: 'user', userId: user.id, email: user.email },
        action,
        target: { type: 'user', id: user.id },
        summary:
          action === 'user.signed-in'
            ? `${user.email} signed in`
            : `Failed sign-in as ${user.email}: ${reason}`,
        details: { address, ...(reason && { reason }) },
      });
    } catch (error) {
      c.var.logger.error({ err: error, action, userId: user.id }, 'audit entry not recorded');
    }
  };

  const me = async (
    userTenantId: string,
    userId: string,
    actingTenantId: string,
    csrfToken: string | null,
  ) => {
    const [user, tenant] = await Promise.all([
      store.users.get(userTenantId, userId),
      store.tenants.get(actingTenantId),
    ]);
    if (!user || !tenant) throw new ApiError('unauthorized', 'The session no longer has a user.', 401);
    const permissions = PERMISSIONS.filter((permission) => can(user.role, permission));
    return { user: userView(user), tenant, role: user.role, csrfToken, permissions };
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/login',
      tags,
      summary: 'Sign in with email and password; sets the session cookie',
      request: jsonBody(LoginBody),
      responses: withErrors({
        200: json(Me, 'Signed in'),
        429: json(z.object({ error: z.unknown() }), 'Too many failed attempts; see Retry-After'),
      }),
    }),
    async (c) => {
      const { email, password } = c.req.valid('json');
      const address = clientAddress(c, deps.settings.trustedProxies);
      const waitMs = await deps.throttle.retryAfterMs(email, address);
      if (waitMs > 0) {
        c.header('Retry-After', String(Math.ceil(waitMs / 1000)));
        throw new ApiError(
          'too_many_attempts',
          'Too many failed sign-ins; wait a few minutes and try again.',
          429,
          {
            retryAfterSeconds: Math.ceil(waitMs / 1000),
          },
        );
      }
      const user = await store.users.findByEmailForLogin(email);
      const valid = user
        ? await verifyPassword(user.passwordHash, password)
        : (await verifyPassword(await decoyHash(), password), false);
      if (!user || !valid || user.status !== 'active') {
        await deps.throttle.recordFailure(email, address);
        if (user)
          await signInAudit(
            c,
            user,
            'user.sign-in-failed',
            address,
            !valid ? 'wrong password' : `the account is ${user.status}`,
          );
        throw new ApiError('invalid_credentials', 'The email or password is not right.', 401);
      }
      const tenant = await store.tenants.get(user.tenantId);
      if (tenant?.status === 'suspended' && user.role !== 'platform-admin') {
        throw new ApiError(
          'tenant_suspended',
          `The tenant ${tenant.name} is suspended; ask your iSync administrator.`,
          403,
        );
      }
      await deps.throttle.recordSuccess(email);
      const session = await startSession(c, deps, user);
      await signInAudit(c, user, 'user.signed-in', address);
      await store.users.update(user.tenantId, user.id, { lastLoginAt: deps.clock().toISOString() });
      return c.json(await me(user.tenantId, user.id, session.actingTenantId, session.csrfToken), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/logout',
      tags,
      summary: 'Sign out: ends the session',
      ...protect(null),
      responses: withErrors({ 204: { description: 'Signed out' } }),
    }),
    async (c) => {
      await endSession(c, deps);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/auth/me',
      tags,
      summary: 'Who is signed in, for which tenant, with which role',
      ...protect(null),
      responses: withErrors({ 200: json(Me, 'The signed-in user') }),
    }),
    async (c) => {
      const who = principal(c);
      return c.json(await me(who.tenantId, who.userId!, who.actingTenantId, who.csrfToken ?? null), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/switch-tenant',
      tags,
      summary: 'A platform admin acts for another tenant',
      ...protect('tenants:manage'),
      request: jsonBody(z.object({ tenantId: TenantSchema.shape.id })),
      responses: withErrors({ 200: json(Me, 'Now acting for the tenant') }),
    }),
    async (c) => {
      const who = principal(c);
      const { tenantId } = c.req.valid('json');
      if (!(await store.tenants.get(tenantId))) throw notFound('Tenant', tenantId);
      if (!who.sessionTokenHash)
        throw new ApiError('session_required', 'Switching tenant needs a signed-in session.', 400);
      await store.sessions.switchTenant(who.sessionTokenHash, tenantId);
      return c.json(await me(who.tenantId, who.userId!, tenantId, who.csrfToken ?? null), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/setup',
      tags,
      summary: 'Create the first platform admin with the one-time setup token printed at first start',
      request: jsonBody(
        z.object({
          token: z.string().min(10).max(200),
          email: EmailSchema,
          name: z.string().min(1).max(200),
          password: z.string().min(12, 'use at least 12 characters').max(200),
        }),
      ),
      responses: withErrors({ 201: json(UserView, 'The first platform admin; sign in') }),
    }),
    async (c) => {
      const { token, email, name, password } = c.req.valid('json');
      assertStrongPassword(password, [email, name]);
      const expected = deps.setup.token;
      const matches =
        expected !== null &&
        token.length === expected.length &&
        timingSafeEqual(Buffer.from(token), Buffer.from(expected));
      if (!matches)
        throw new ApiError(
          'setup_closed',
          'Setup is done, or this setup link is not the one printed at start.',
          403,
        );
      deps.setup.token = null;
      const platform = await platformTenant(store);
      const admin = await store.users.create(platform.id, {
        email,
        name,
        role: 'platform-admin',
        passwordHash: await hashPassword(password),
      });
      return c.json(userView(admin), 201);
    },
  );

  const CreatedToken = z.object({
    /** Shown once: store it now, iSync keeps only its hash. */
    token: z.string(),
    apiToken: ApiTokenView,
  });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/tokens',
      tags,
      summary: 'Create a personal API token for automation',
      ...protect(null),
      request: jsonBody(
        z.object({
          name: z.string().min(1).max(100),
          /** What the token may do within your role; read only unless asked. */
          scopes: z.array(TokenScopeSchema).min(1).max(TOKEN_SCOPES.length).default(['read']),
          /** Every token expires: 90 days unless asked, a year at most. */
          expiresInDays: z.number().int().min(1).max(365).default(90),
        }),
      ),
      responses: withErrors({ 201: json(CreatedToken, 'The token, shown once') }),
    }),
    async (c) => {
      const who = principal(c);
      if (who.via !== 'session')
        throw new ApiError(
          'session_required',
          'API tokens are created by a signed-in user, not with another API token.',
          403,
        );
      const { name, scopes, expiresInDays } = c.req.valid('json');
      const token = randomToken('isk');
      const expiresAt = new Date(deps.clock().getTime() + expiresInDays * 86_400_000).toISOString();
      const apiToken = await store.apiTokens.create(who.tenantId, {
        userId: who.userId!,
        name,
        tokenHash: sha256Hex(token),
        prefix: token.slice(0, 8),
        scopes: [...new Set(scopes)],
        expiresAt,
      });
      // In the user's own tenant, like the token; the entry never holds the token or its hash.
      await audit(c, {
        tenantId: who.tenantId,
        action: 'api-token.created',
        target: { type: 'api-token', id: apiToken.id },
        summary: `Created API token "${name}"`,
        details: { name, scopes, expiresAt },
      });
      return c.json({ token, apiToken: apiTokenView(apiToken) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/auth/tokens',
      tags,
      summary: "The signed-in user's API tokens",
      ...protect(null),
      responses: withErrors({ 200: json(z.object({ items: z.array(ApiTokenView) }), 'Tokens') }),
    }),
    async (c) => {
      const who = principal(c);
      const tokens = await store.apiTokens.list(who.tenantId, who.userId!);
      return c.json({ items: tokens.map(apiTokenView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/auth/tokens/{id}',
      tags,
      summary: "Revoke an API token: one's own, or as a tenant admin any of the tenant's",
      ...protect(null),
      request: { params: IdParam },
      responses: withErrors({ 200: json(ApiTokenView, 'Revoked') }),
    }),
    async (c) => {
      const who = principal(c);
      const { id } = c.req.valid('param');
      const owned = (await store.apiTokens.list(who.tenantId, who.userId!)).some((token) => token.id === id);
      // A tenant admin revokes any token of the tenant acted for (a member's token, a departed user's).
      const tenantId = owned ? who.tenantId : who.actingTenantId;
      const revoked =
        owned || allowedTo(c, 'users:manage')
          ? await store.apiTokens.revoke(tenantId, id, deps.clock())
          : null;
      if (!revoked) throw notFound('API token', id);
      await audit(c, {
        tenantId,
        action: 'api-token.revoked',
        target: { type: 'api-token', id },
        summary: `Revoked API token "${revoked.name}"`,
      });
      return c.json(apiTokenView(revoked), 200);
    },
  );
}
