import type { HttpClient } from '../../http/index.js';
import type { ConnectorInput } from '../connector.js';
import type { Authenticator } from '../shared/auth.js';
import { oauthBearer, requestTokens, staticAuth } from '../shared/auth.js';
import { basicAuthorization, requiredCredential } from '../shared/http.js';

/** The API key as Basic user name with an empty password, or OAuth tokens renewed at `/oauth/token`. */
export function planGridAuth(input: ConnectorInput, http: HttpClient): Authenticator {
  const { authKind } = input.connection;
  if (authKind === 'api-key') {
    return staticAuth({ authorization: basicAuthorization(requiredCredential(input, 'apiKey'), '') });
  }
  if (authKind !== 'oauth2-authorization-code') {
    throw new Error(
      `PlanGrid connections use an API key or OAuth (authorization code); "${authKind}" is not one of them.`,
    );
  }
  const clientId = requiredCredential(input, 'clientId');
  const clientSecret = requiredCredential(input, 'clientSecret');
  const refreshToken = input.credentials.refreshToken;
  return oauthBearer(
    http,
    {
      refresh: (token, signal) =>
        requestTokens(
          http,
          '/oauth/token',
          {
            grant_type: 'refresh_token',
            refresh_token: token,
            client_id: clientId,
            client_secret: clientSecret,
          },
          signal,
        ),
      onTokens: (tokens) => input.onCredentialsRefreshed?.({ ...input.credentials, ...tokens }),
    },
    {
      accessToken: requiredCredential(input, 'accessToken'),
      refreshToken: typeof refreshToken === 'string' ? refreshToken : undefined,
    },
  );
}
