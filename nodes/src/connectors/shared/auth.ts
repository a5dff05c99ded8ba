import type { HttpClient, HttpRequest, HttpResponse } from '../../http/index.js';
import { HttpError } from '../../http/index.js';

/** How a connection proves who it is: headers for each request, and a way to renew them after a 401. */
export interface Authenticator {
  headers(signal?: AbortSignal): Promise<Record<string, string>>;
  /** After a 401 to `rejected`: true when newer credentials are ready and the request is worth repeating. */
  renew(rejected: Record<string, string>, signal?: AbortSignal): Promise<boolean>;
}

export function staticAuth(headers: Record<string, string>): Authenticator {
  return { headers: () => Promise.resolve(headers), renew: () => Promise.resolve(false) };
}

export interface TokenSet {
  accessToken: string;
  refreshToken?: string | undefined;
  /** The access token's lifetime as the token endpoint told it (`expires_in`), when it did. */
  expiresInSeconds?: number | undefined;
}

export interface TokenGrant {
  /** Fresh tokens without a refresh token (password or client-credentials grant); absent when tokens come with the connection. */
  obtain?: (signal?: AbortSignal) => Promise<TokenSet>;
  refresh?: (refreshToken: string, signal?: AbortSignal) => Promise<TokenSet>;
  /** Told of every new token set, so that rotated refresh tokens can be stored. */
  onTokens?: (tokens: TokenSet) => void | Promise<void>;
}

/**
 * Renews a token this long before it expires: a tenth of its lifetime, at most a minute. A request then
 * never waits for a 401 to learn that its token ran out.
 */
export const renewalLeadMs = (lifetimeMs: number) => Math.min(60_000, lifetimeMs / 10);

/**
 * OAuth bearer tokens: fetched on first use, renewed shortly before they expire (when the token endpoint
 * tells their lifetime) and once per 401. Concurrent requests that need a renewal share one.
 */
export function oauthBearer(
  http: HttpClient,
  grant: TokenGrant,
  initial?: TokenSet,
  now: () => number = Date.now,
): Authenticator {
  let tokens = initial;
  let pending: Promise<TokenSet> | undefined;
  /** When to renew ahead of expiry; undefined when the lifetime is unknown or renewing ahead failed. */
  let renewAt: number | undefined;
  if (initial) learn(initial);

  function learn(set: TokenSet) {
    http.addSecret(set.accessToken);
    if (set.refreshToken) http.addSecret(set.refreshToken);
    const lifetimeMs = (set.expiresInSeconds ?? 0) * 1000;
    renewAt = lifetimeMs > 0 ? now() + lifetimeMs - renewalLeadMs(lifetimeMs) : undefined;
  }

  async function renewTokens(signal?: AbortSignal): Promise<TokenSet> {
    const refreshToken = tokens?.refreshToken;
    let next: TokenSet | undefined;
    if (refreshToken && grant.refresh) {
      try {
        next = await grant.refresh(refreshToken, signal);
      } catch (error) {
        if (!grant.obtain) throw error;
      }
    }
    next ??= await obtainOrFail(signal);
    next = { ...next, refreshToken: next.refreshToken ?? refreshToken };
    learn(next);
    tokens = next;
    await grant.onTokens?.({ accessToken: next.accessToken, refreshToken: next.refreshToken });
    return next;
  }

  function obtainOrFail(signal?: AbortSignal): Promise<TokenSet> {
    if (!grant.obtain)
      throw new Error(
        'The access token was rejected and there is no refresh token to renew it; reconnect the account.',
      );
    return grant.obtain(signal);
  }

  function shared(signal?: AbortSignal): Promise<TokenSet> {
    pending ??= renewTokens(signal).finally(() => {
      pending = undefined;
    });
    return pending;
  }

  const bearer = (set: TokenSet) => ({ authorization: `Bearer ${set.accessToken}` });
  /** Renews a token about to expire; should that fail, the token still works until a 401 says otherwise. */
  async function renewAhead(current: TokenSet, signal?: AbortSignal): Promise<TokenSet> {
    try {
      return await shared(signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      renewAt = undefined;
      return current;
    }
  }

  return {
    async headers(signal) {
      if (!tokens) return bearer(await shared(signal));
      if (renewAt !== undefined && now() >= renewAt) return bearer(await renewAhead(tokens, signal));
      return bearer(tokens);
    },
    async renew(rejected, signal) {
      if (tokens && rejected.authorization !== bearer(tokens).authorization) return true;
      await shared(signal);
      return true;
    },
  };
}

/** POSTs an OAuth token request as a form and reads the standard answer. */
export async function requestTokens(
  http: HttpClient,
  path: string,
  form: Record<string, string>,
  signal?: AbortSignal,
  headers: Readonly<Record<string, string>> = {},
): Promise<TokenSet> {
  const response = await http.request<{
    access_token?: unknown;
    refresh_token?: unknown;
    expires_in?: unknown;
  }>({
    method: 'POST',
    path,
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
    ...(signal ? { signal } : {}),
  });
  const { access_token: accessToken, refresh_token: refreshToken, expires_in: expiresIn } = response.body;
  if (typeof accessToken !== 'string') {
    throw new Error(`The token endpoint ${response.url} answered without an access_token.`);
  }
  // RFC 6749 says a number; some servers send it as a string.
  const lifetime = Number(expiresIn);
  return {
    accessToken,
    refreshToken: typeof refreshToken === 'string' ? refreshToken : undefined,
    expiresInSeconds: Number.isFinite(lifetime) && lifetime > 0 ? lifetime : undefined,
  };
}

/** Requests with the connection's credentials, repeating a request once after renewing them on a 401. */
export interface AuthedApi {
  readonly http: HttpClient;
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
}

export function authedApi(http: HttpClient, auth: Authenticator): AuthedApi {
  return {
    http,
    async request<T>(request: HttpRequest) {
      const headers = await auth.headers(request.signal);
      try {
        return await http.request<T>({ ...request, headers: { ...request.headers, ...headers } });
      } catch (error) {
        if (!(error instanceof HttpError && error.status === 401)) throw error;
        if (!(await auth.renew(headers, request.signal))) throw error;
        const renewed = await auth.headers(request.signal);
        return http.request<T>({ ...request, headers: { ...request.headers, ...renewed } });
      }
    },
  };
}
