import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { purposeKey, type Session, type User } from '@isync/core';
import type { AppEnv } from '../context.js';
import type { ApiDependencies } from '../deps.js';
import { randomToken, sha256Hex } from './tokens.js';

export const SESSION_COOKIE = 'isync_session';

const cookieSecret = (deps: ApiDependencies) =>
  purposeKey(deps.keyring, 'session-cookie').toString('base64url');

/** Starts a session for a user who just proved who they are; the cookie carries a random token, signed. */
export async function startSession(c: Context<AppEnv>, deps: ApiDependencies, user: User): Promise<Session> {
  // A sign-in ends the session the browser brought (a planted one, or the user's previous one): a session id
  // known before sign-in is never a session after it.
  const previous = await getSignedCookie(c, cookieSecret(deps), SESSION_COOKIE);
  if (previous) await deps.store.sessions.delete(sha256Hex(previous));
  const token = randomToken('iss');
  const now = deps.clock();
  const session: Session = {
    id: sha256Hex(token),
    tenantId: user.tenantId,
    userId: user.id,
    actingTenantId: user.tenantId,
    csrfToken: randomToken('csrf'),
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.settings.sessionAbsoluteHours * 3_600_000).toISOString(),
  };
  await deps.store.sessions.create(session);
  await setSignedCookie(c, SESSION_COOKIE, token, cookieSecret(deps), {
    httpOnly: true,
    sameSite: 'Lax',
    secure: deps.settings.secureCookies,
    path: '/',
    maxAge: deps.settings.sessionAbsoluteHours * 3600,
  });
  return session;
}

/** The live session behind the request's cookie: expired ones (idle or absolute) are ended on sight. */
export async function currentSession(c: Context<AppEnv>, deps: ApiDependencies): Promise<Session | null> {
  const token = await getSignedCookie(c, cookieSecret(deps), SESSION_COOKIE);
  if (!token) return null;
  const tokenHash = sha256Hex(token);
  const session = await deps.store.sessions.findByTokenHash(tokenHash);
  if (!session) return null;
  const now = deps.clock().getTime();
  const idleUntil = Date.parse(session.lastSeenAt) + deps.settings.sessionIdleMinutes * 60_000;
  if (now >= Date.parse(session.expiresAt) || now >= idleUntil) {
    await deps.store.sessions.delete(tokenHash);
    return null;
  }
  // Activity is written at most once a minute per session.
  if (now - Date.parse(session.lastSeenAt) > 60_000)
    await deps.store.sessions.touch(tokenHash, new Date(now));
  return session;
}

export async function endSession(c: Context<AppEnv>, deps: ApiDependencies): Promise<void> {
  const token = await getSignedCookie(c, cookieSecret(deps), SESSION_COOKIE);
  if (token) await deps.store.sessions.delete(sha256Hex(token));
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}
