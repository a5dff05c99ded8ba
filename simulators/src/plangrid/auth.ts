import type { MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import type { SimEnv } from '../control/sim-env.js';
import type { SimClock } from '../shared/clock.js';
import { parseBasic, parseBearer, readForm } from '../shared/form.js';
import type { TokenStore } from '../shared/tokens.js';
import { plangridError } from './dialect.js';

export const PLANGRID_MEDIA_TYPE = 'application/vnd.plangrid+json';

/** Every API request must ask for `application/vnd.plangrid+json; version=1`. */
export function requireVersionedAccept(): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const accept = c.req.header('accept') ?? '';
    const wanted = accept.split(',').some((range) => {
      const [type, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
      return type === PLANGRID_MEDIA_TYPE && params.some((param) => param.replace(/\s/g, '') === 'version=1');
    });
    if (!wanted) {
      return plangridError(
        406,
        `Not Acceptable: send the header "Accept: ${PLANGRID_MEDIA_TYPE}; version=1" (got "${accept || 'nothing'}")`,
      );
    }
    await next();
  };
}

/** HTTP Basic with the API key as user name and an empty password, or an OAuth bearer token. */
export function requireCredentials(apiKey: string, tokens: TokenStore): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const bearer = parseBearer(header);
    if (bearer !== undefined) {
      const check = tokens.verify(bearer);
      if (!check.ok) {
        return plangridError(
          401,
          check.reason === 'expired' ? 'Access token expired' : 'Invalid access token',
          {
            'www-authenticate': 'Bearer error="invalid_token"',
          },
        );
      }
      return next();
    }
    const basic = parseBasic(header);
    if (!basic) {
      return plangridError(401, 'Authentication required: use your API key as the Basic user name', {
        'www-authenticate': 'Basic realm="PlanGrid API"',
      });
    }
    if (basic.user !== apiKey) return plangridError(403, 'Invalid API key');
    await next();
  };
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

const oauthError = (status: number, error: string, description: string) =>
  Response.json({ error, error_description: description }, { status });

/**
 * The OAuth2 authorization-code flow: `/oauth/authorize` approves at once (there is no one to ask)
 * and redirects with a code; `/oauth/token` trades codes and refresh tokens for bearer tokens.
 */
export function oauthRoutes(client: OAuthClient, tokens: TokenStore, clock: SimClock, subject: () => string) {
  const app = new Hono<SimEnv>();
  const codes = new Map<string, { redirectUri: string; expiresAt: number }>();
  let nextCode = 1;

  app.get('/authorize', (c) => {
    const { client_id: clientId, redirect_uri: redirectUri, state } = c.req.query();
    if (clientId !== client.clientId) return oauthError(400, 'invalid_client', 'Unknown client_id');
    if (!redirectUri) return oauthError(400, 'invalid_request', 'redirect_uri is required');
    const code = `code-${nextCode++}-${Math.floor(clock.now() / 1000)}`;
    codes.set(code, { redirectUri, expiresAt: clock.now() + 600_000 });
    const location = new URL(redirectUri);
    location.searchParams.set('code', code);
    if (state) location.searchParams.set('state', state);
    return c.redirect(location.toString(), 302);
  });

  app.post('/token', async (c) => {
    const form = await readForm(c);
    const basic = parseBasic(c.req.header('authorization'));
    const clientId = form.client_id ?? basic?.user;
    const clientSecret = form.client_secret ?? basic?.password;
    if (clientId !== client.clientId || clientSecret !== client.clientSecret) {
      return oauthError(401, 'invalid_client', 'Client authentication failed');
    }
    let issued;
    if (form.grant_type === 'authorization_code') {
      const code = codes.get(form.code ?? '');
      codes.delete(form.code ?? '');
      if (!code || code.expiresAt <= clock.now())
        return oauthError(400, 'invalid_grant', 'Unknown or expired code');
      if (form.redirect_uri && form.redirect_uri !== code.redirectUri) {
        return oauthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
      }
      issued = tokens.issue(subject());
    } else if (form.grant_type === 'refresh_token') {
      issued = tokens.refresh(form.refresh_token ?? '');
      if (!issued) return oauthError(400, 'invalid_grant', 'Unknown or expired refresh token');
    } else {
      return oauthError(400, 'unsupported_grant_type', 'Use authorization_code or refresh_token');
    }
    return c.json({
      access_token: issued.accessToken,
      token_type: 'bearer',
      expires_in: issued.expiresIn,
      refresh_token: issued.refreshToken,
    });
  });

  return { app, clearCodes: () => codes.clear() };
}
