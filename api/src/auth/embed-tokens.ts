import { jwtVerify, SignJWT } from 'jose';
import { purposeKey } from '@isync/core';
import type { EmbedScope } from '../context.js';
import type { ApiDependencies } from '../deps.js';
import { ApiError } from '../http/errors.js';

export const EMBED_VIEWS = ['dashboard', 'runs', 'timeline', 'exceptions'] as const;
export const MAX_EMBED_MINUTES = 15;

export interface EmbedClaims extends EmbedScope {
  tenantId: string;
  expiresAt: Date;
}

/** A short-lived token a partner portal puts in an iframe URL: one tenant, some integrations, some views. */
export async function signEmbedToken(
  deps: ApiDependencies,
  claims: Omit<EmbedClaims, 'expiresAt'>,
  minutes: number,
): Promise<{ token: string; expiresAt: Date }> {
  const now = Math.floor(deps.clock().getTime() / 1000);
  const expiresAt = new Date((now + minutes * 60) * 1000);
  const token = await new SignJWT({
    tid: claims.tenantId,
    iids: claims.integrationIds,
    views: claims.views,
    mode: claims.mode,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(now)
    .setExpirationTime(now + minutes * 60)
    .setAudience('isync:embed')
    .sign(purposeKey(deps.keyring, 'embed'));
  return { token, expiresAt };
}

export async function verifyEmbedToken(deps: ApiDependencies, token: string): Promise<EmbedClaims> {
  try {
    const { payload } = await jwtVerify(token, purposeKey(deps.keyring, 'embed'), {
      audience: 'isync:embed',
      currentDate: deps.clock(),
      algorithms: ['HS256'],
    });
    const { tid, iids, views, mode, exp } = payload as Record<string, unknown>;
    if (
      typeof tid !== 'string' ||
      !Array.isArray(iids) ||
      !Array.isArray(views) ||
      (mode !== 'read-only' && mode !== 'operate') ||
      typeof exp !== 'number'
    ) {
      throw new Error('incomplete');
    }
    return {
      tenantId: tid,
      integrationIds: iids.map(String),
      views: views.filter((v): v is EmbedScope['views'][number] =>
        (EMBED_VIEWS as readonly string[]).includes(String(v)),
      ),
      mode,
      expiresAt: new Date(exp * 1000),
    };
  } catch {
    throw new ApiError(
      'embed_token_invalid',
      'The embed token is not valid or has expired; the portal must ask for a new one.',
      401,
    );
  }
}
