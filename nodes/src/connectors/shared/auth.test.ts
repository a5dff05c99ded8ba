import { startNuvolo } from '@isync/simulators';
import { describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient } from '../../http/index.js';
import { oauthBearer, renewalLeadMs, requestTokens, type TokenGrant, type TokenSet } from './auth.js';

/** Only what the authenticator uses of a client: it learns the secrets to redact. */
const client = () => ({ addSecret: () => undefined }) as unknown as HttpClient;

/** A token endpoint that numbers its tokens, each valid `lifetimeSeconds`, and a clock the test moves. */
function tokenServer(lifetimeSeconds: number | undefined) {
  let issued = 0;
  let clock = 0;
  const calls: string[] = [];
  const issue = (): TokenSet => ({
    accessToken: `access-${++issued}`,
    refreshToken: `refresh-${issued}`,
    expiresInSeconds: lifetimeSeconds,
  });
  const grant: TokenGrant = {
    obtain: () => {
      calls.push('obtain');
      return Promise.resolve(issue());
    },
    refresh: (token) => {
      calls.push(`refresh ${token}`);
      return Promise.resolve(issue());
    },
  };
  return { grant, calls, now: () => clock, advance: (ms: number) => (clock += ms) };
}

describe('OAuth bearer tokens', () => {
  it('renews a token shortly before it expires, not after a 401', async () => {
    const server = tokenServer(1800);
    const auth = oauthBearer(client(), server.grant, undefined, server.now);
    expect(await auth.headers()).toEqual({ authorization: 'Bearer access-1' });
    server.advance(1800_000 - renewalLeadMs(1800_000) - 1);
    expect(await auth.headers()).toEqual({ authorization: 'Bearer access-1' });
    server.advance(2);
    expect(await auth.headers()).toEqual({ authorization: 'Bearer access-2' });
    expect(server.calls).toEqual(['obtain', 'refresh refresh-1']);
  });

  it('shares one renewal among the requests that find the token about to expire', async () => {
    const server = tokenServer(600);
    const auth = oauthBearer(client(), server.grant, undefined, server.now);
    await auth.headers();
    server.advance(600_000);
    const all = await Promise.all([auth.headers(), auth.headers(), auth.headers()]);
    expect(new Set(all.map((h) => h.authorization))).toEqual(new Set(['Bearer access-2']));
    expect(server.calls).toEqual(['obtain', 'refresh refresh-1']);
  });

  it('keeps using a token whose early renewal failed, and leaves the renewal to a 401', async () => {
    const server = tokenServer(600);
    let refusals = 0;
    const grant: TokenGrant = {
      refresh: () => {
        refusals += 1;
        return Promise.reject(new Error('token endpoint down'));
      },
    };
    const auth = oauthBearer(
      client(),
      grant,
      { accessToken: 'given', refreshToken: 'r', expiresInSeconds: 600 },
      server.now,
    );
    server.advance(599_000);
    expect(await auth.headers()).toEqual({ authorization: 'Bearer given' });
    expect(await auth.headers()).toEqual({ authorization: 'Bearer given' });
    expect(refusals).toBe(1);
    await expect(auth.renew({ authorization: 'Bearer given' })).rejects.toThrow('token endpoint down');
  });

  it('renews only after a 401 when the token endpoint tells no lifetime', async () => {
    const server = tokenServer(undefined);
    const auth = oauthBearer(client(), server.grant, undefined, server.now);
    await auth.headers();
    server.advance(365 * 86_400_000);
    expect(await auth.headers()).toEqual({ authorization: 'Bearer access-1' });
    expect(await auth.renew({ authorization: 'Bearer access-1' })).toBe(true);
    expect(await auth.headers()).toEqual({ authorization: 'Bearer access-2' });
  });
});

describe('the token request', () => {
  it("reads the access token's lifetime from a ServiceNow token endpoint", async () => {
    const nuvolo = await startNuvolo({ records: 0, tokenTtlSeconds: 900 });
    const http = createHttpClient({ baseUrl: nuvolo.url });
    try {
      const tokens = await requestTokens(http, '/oauth_token.do', {
        grant_type: 'password',
        client_id: 'isync',
        client_secret: 'isync-secret',
        username: 'admin',
        password: 'nuvolo-demo',
      });
      expect(tokens).toMatchObject({ accessToken: expect.any(String), expiresInSeconds: 900 });
    } finally {
      await http.close();
      await nuvolo.close();
    }
  });
});
