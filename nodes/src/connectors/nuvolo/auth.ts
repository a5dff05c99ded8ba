import type { HttpClient } from '../../http/index.js';
import type { ConnectorInput } from '../connector.js';
import type { Authenticator } from '../shared/auth.js';
import { oauthBearer, requestTokens, staticAuth } from '../shared/auth.js';
import { basicAuthorization, requiredCredential } from '../shared/http.js';

const TOKEN_PATH = '/oauth_token.do';

/** Basic, or ServiceNow's OAuth password grant with refresh tokens (falling back to the password grant). */
export function nuvoloAuth(input: ConnectorInput, http: HttpClient): Authenticator {
  const { authKind } = input.connection;
  const username = requiredCredential(input, 'username');
  const password = requiredCredential(input, 'password');
  if (authKind === 'basic') return staticAuth({ authorization: basicAuthorization(username, password) });
  if (authKind !== 'oauth2-password') {
    throw new Error(
      `Nuvolo connections use Basic or OAuth (password grant); "${authKind}" is not one of them.`,
    );
  }
  const client = {
    client_id: requiredCredential(input, 'clientId'),
    client_secret: requiredCredential(input, 'clientSecret'),
  };
  return oauthBearer(http, {
    obtain: (signal) =>
      requestTokens(http, TOKEN_PATH, { grant_type: 'password', ...client, username, password }, signal),
    refresh: (refreshToken, signal) =>
      requestTokens(
        http,
        TOKEN_PATH,
        { grant_type: 'refresh_token', ...client, refresh_token: refreshToken },
        signal,
      ),
  });
}
