import type { HttpClient } from '../../http/index.js';
import type { Authenticator } from '../shared/auth.js';
import { oauthBearer, requestTokens, staticAuth } from '../shared/auth.js';
import { basicAuthorization } from '../shared/http.js';
import type { RestDefinition } from './definition.js';
import type { TemplateValues } from './template.js';
import { render } from './template.js';

export interface RestAuth {
  authenticator: Authenticator;
  /** Query parameters every request carries (an API key sent in the query). */
  query: Record<string, string>;
}

/**
 * The definition's authenticator. An OAuth2 token URL on another host than the base URL is reached through
 * `tokenClient`, built by the caller with the same outbound address policy as the connection's own client.
 */
export function restAuth(
  auth: RestDefinition['auth'],
  values: TemplateValues,
  tokenClient: (url: string) => HttpClient,
): RestAuth {
  const field = (template: string, name: string) => render(template, values, 'auth', `auth.${name}`);
  switch (auth.kind) {
    case 'none':
      return { authenticator: staticAuth({}), query: {} };
    case 'basic':
      return {
        authenticator: staticAuth({
          authorization: basicAuthorization(
            field(auth.username, 'username'),
            field(auth.password, 'password'),
          ),
        }),
        query: {},
      };
    case 'bearer':
      return {
        authenticator: staticAuth({ authorization: `Bearer ${field(auth.token, 'token')}` }),
        query: {},
      };
    case 'api-key': {
      const value = field(auth.value, 'value');
      return auth.in === 'query'
        ? { authenticator: staticAuth({}), query: { [auth.name]: value } }
        : { authenticator: staticAuth({ [auth.name.toLowerCase()]: value }), query: {} };
    }
    case 'oauth2-client-credentials': {
      const url = field(auth.tokenUrl, 'tokenUrl');
      const http = tokenClient(url);
      const clientId = field(auth.clientId, 'clientId');
      const clientSecret = field(auth.clientSecret, 'clientSecret');
      http.addSecret(clientSecret);
      const form: Record<string, string> = { grant_type: 'client_credentials' };
      if (auth.scope !== undefined) form.scope = field(auth.scope, 'scope');
      if (auth.audience !== undefined) form.audience = field(auth.audience, 'audience');
      for (const [name, template] of Object.entries(auth.params))
        form[name] = field(template, `params.${name}`);
      const headers: Record<string, string> = {};
      if (auth.clientAuth === 'client_secret_basic') {
        // RFC 6749 §2.3.1: each part form-encoded before Basic encoding.
        headers.authorization = basicAuthorization(formEncoded(clientId), formEncoded(clientSecret));
      } else {
        form.client_id = clientId;
        form.client_secret = clientSecret;
      }
      const authenticator = oauthBearer(http, {
        obtain: async (signal) => {
          const tokens = await requestTokens(http, url, form, signal, headers);
          return { ...tokens, expiresInSeconds: tokens.expiresInSeconds ?? auth.expiresInSeconds };
        },
      });
      return { authenticator, query: {} };
    }
  }
}

const formEncoded = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
