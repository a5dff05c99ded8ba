import type { MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import type { SimEnv } from '../control/sim-env.js';
import { parseBasic, parseBearer, readForm } from '../shared/form.js';
import type { TokenStore } from '../shared/tokens.js';
import { nowError } from './dialect.js';

export interface NuvoloUser {
  username: string;
  password: string;
  /** Reads only: writes answer 403 as an ACL would. */
  readOnly?: boolean;
}

export interface NuvoloAuth {
  users: NuvoloUser[];
  client: { clientId: string; clientSecret: string };
  tokens: TokenStore;
}

export type AuthedEnv = SimEnv & { Variables: { user: NuvoloUser } };

const notAuthenticated = (detail = 'Required to provide Auth information') =>
  nowError(401, 'User Not Authenticated', detail, { 'www-authenticate': 'BASIC realm="Service-now"' });

/** Basic credentials of a known user or a live bearer token from `/oauth_token.do`. */
export function requireUser({ users, tokens }: NuvoloAuth): MiddlewareHandler<AuthedEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const bearer = parseBearer(header);
    let user: NuvoloUser | undefined;
    if (bearer !== undefined) {
      const check = tokens.verify(bearer);
      if (!check.ok)
        return notAuthenticated(
          check.reason === 'expired' ? 'OAuth access token expired' : 'Invalid OAuth access token',
        );
      user = users.find((u) => u.username === check.subject);
    } else {
      const basic = parseBasic(header);
      if (!basic) return notAuthenticated();
      user = users.find((u) => u.username === basic.user && u.password === basic.password);
    }
    if (!user) return notAuthenticated();
    c.set('user', user);
    await next();
  };
}

/** `POST /oauth_token.do`: the password grant and refresh tokens, as ServiceNow's OAuth provider. */
export function oauthTokenRoute({ users, client, tokens }: NuvoloAuth): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  const denied = () =>
    Response.json({ error_description: 'access_denied', error: 'server_error' }, { status: 401 });
  app.post('/oauth_token.do', async (c) => {
    const form = await readForm(c);
    if (form.client_id !== client.clientId || form.client_secret !== client.clientSecret) return denied();
    let issued;
    if (form.grant_type === 'password') {
      const user = users.find((u) => u.username === form.username && u.password === form.password);
      if (!user) return denied();
      issued = tokens.issue(user.username);
    } else if (form.grant_type === 'refresh_token') {
      issued = tokens.refresh(form.refresh_token ?? '');
      if (!issued) return denied();
    } else {
      return Response.json(
        { error_description: 'unsupported grant_type', error: 'unsupported_grant_type' },
        { status: 400 },
      );
    }
    return c.json({
      access_token: issued.accessToken,
      refresh_token: issued.refreshToken,
      scope: 'useraccount',
      token_type: 'Bearer',
      expires_in: issued.expiresIn,
    });
  });
  return app;
}
