import type { MiddlewareHandler } from 'hono';
import { can, type Permission, type User } from '@isync/core';
import type { AppEnv, Principal } from '../context.js';
import type { ApiDependencies } from '../deps.js';
import { ApiError, forbidden, unauthorized } from '../http/errors.js';
import { checkEmbedAccess } from './embed-guard.js';
import { verifyEmbedToken } from './embed-tokens.js';
import { currentSession } from './sessions.js';
import { scopesPermit } from './token-scopes.js';
import { sameSecret, sha256Hex } from './tokens.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Routes that sign someone in. A session cookie the browser brings is no principal there: a planted one
 * made the sign-in fail its CSRF check, so the planted session was never ended; the sign-in ends it instead.
 */
const SIGN_IN_PATHS = new Set(['/api/auth/login', '/api/auth/setup', '/api/auth/accept-invite']);

async function activeUser(deps: ApiDependencies, tenantId: string, userId: string): Promise<User | null> {
  const [user, tenant] = await Promise.all([
    deps.store.users.get(tenantId, userId),
    deps.store.tenants.get(tenantId),
  ]);
  if (!user || user.status !== 'active' || !tenant) return null;
  if (tenant.status === 'suspended' && user.role !== 'platform-admin') {
    throw new ApiError(
      'tenant_suspended',
      `The tenant ${tenant.name} is suspended; ask your iSync administrator.`,
      403,
    );
  }
  return user;
}

const principalOf = (user: User, via: Principal['via'], actingTenantId: string): Principal => ({
  via,
  userId: user.id,
  tenantId: user.tenantId,
  actingTenantId,
  role: user.role,
  email: user.email,
  name: user.name,
});

/** The credentials of a `Bearer` Authorization header (the scheme is case-insensitive, RFC 9110), or null. */
export function bearerCredentials(authorization: string | undefined): string | null {
  const match = /^bearer(?:[ \t]+(.*))?$/i.exec(authorization?.trim() ?? '');
  return match ? (match[1] ?? '').trim() : null;
}

/**
 * Establishes who is calling: an API token (`Authorization: Bearer isk_…`) or the session cookie. Sets
 * `principal` (null when anonymous); routes then ask `requirePermission`.
 */
export function authenticate(deps: ApiDependencies): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('principal', null);
    const bearer = bearerCredentials(c.req.header('authorization'));
    if (bearer?.startsWith('isk_')) {
      const tokenHash = sha256Hex(bearer);
      const token = await deps.store.apiTokens.findByHash(tokenHash);
      const now = deps.clock();
      if (!token || token.revokedAt || (token.expiresAt && Date.parse(token.expiresAt) <= now.getTime())) {
        throw new ApiError('unauthorized', 'The API token is unknown, revoked or expired.', 401);
      }
      const user = await activeUser(deps, token.tenantId, token.userId);
      if (!user)
        throw new ApiError('unauthorized', 'The API token belongs to a user who can no longer sign in.', 401);
      await deps.store.apiTokens.touch(tokenHash, now);
      c.set('principal', { ...principalOf(user, 'token', user.tenantId), scopes: token.scopes });
      return next();
    }
    if (bearer !== null) {
      const claims = await verifyEmbedToken(deps, bearer);
      const tenant = await deps.store.tenants.get(claims.tenantId);
      if (!tenant || tenant.status !== 'active')
        throw new ApiError('tenant_suspended', 'This tenant is not active.', 403);
      const embedded: Principal = {
        via: 'embed',
        userId: null,
        tenantId: claims.tenantId,
        actingTenantId: claims.tenantId,
        role: claims.mode === 'operate' ? 'editor' : 'viewer',
        email: null,
        name: null,
        embed: { integrationIds: claims.integrationIds, views: claims.views, mode: claims.mode },
      };
      c.set('principal', embedded);
      await checkEmbedAccess(c, deps, embedded);
      return next();
    }
    if (SIGN_IN_PATHS.has(c.req.path)) return next();
    const session = await currentSession(c, deps);
    if (session) {
      const user = await activeUser(deps, session.tenantId, session.userId);
      if (user) {
        c.set('principal', {
          ...principalOf(user, 'session', session.actingTenantId),
          csrfToken: session.csrfToken,
          sessionTokenHash: session.id,
        });
        // A cookie-authenticated write must prove it comes from our own pages.
        if (!SAFE_METHODS.has(c.req.method) && !sameSecret(c.req.header('x-csrf-token'), session.csrfToken)) {
          throw new ApiError(
            'csrf_failed',
            'Missing or wrong X-CSRF-Token header for a signed-in write.',
            403,
          );
        }
      }
    }
    return next();
  };
}

/** Whether the caller may: its role (the matrix in core/rbac.ts), and an API token's scopes within it. */
export function allowedTo(c: { get(key: 'principal'): Principal | null }, permission: Permission): boolean {
  const who = c.get('principal');
  if (!who || !can(who.role, permission)) return false;
  return who.scopes === undefined || scopesPermit(who.scopes, permission);
}

/** The one permission check every route goes through. */
export function requirePermission(permission: Permission | null): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (!principal) throw unauthorized();
    if (permission && !allowedTo(c, permission)) {
      if (principal.scopes && can(principal.role, permission))
        throw new ApiError(
          'forbidden',
          `This API token's scopes (${principal.scopes.join(', ')}) do not allow this (${permission}).`,
          403,
          {
            permission,
            scopes: principal.scopes,
          },
        );
      throw forbidden(permission);
    }
    return next();
  };
}

/** The signed-in principal (routes run after requirePermission). */
export function principal(c: { get(key: 'principal'): Principal | null }): Principal {
  const found = c.get('principal');
  if (!found) throw unauthorized();
  return found;
}
