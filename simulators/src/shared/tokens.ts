import { randomBytes } from 'node:crypto';
import type { SimClock } from './clock.js';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export type TokenCheck = { ok: true; subject: string } | { ok: false; reason: 'unknown' | 'expired' };

/** Bearer access tokens and refresh tokens for one server, expiring on the simulator clock. */
export interface TokenStore {
  issue(subject: string): IssuedTokens;
  verify(accessToken: string): TokenCheck;
  /** Trades a refresh token for new tokens; the old refresh token stops working. */
  refresh(refreshToken: string): IssuedTokens | undefined;
  clear(): void;
}

export interface TokenStoreOptions {
  clock: SimClock;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
}

export function createTokenStore({
  clock,
  accessTtlSeconds,
  refreshTtlSeconds,
}: TokenStoreOptions): TokenStore {
  const access = new Map<string, { subject: string; expiresAt: number }>();
  const refresh = new Map<string, { subject: string; expiresAt: number }>();
  const newToken = (): string => randomBytes(24).toString('base64url');

  const issue = (subject: string): IssuedTokens => {
    const accessToken = newToken();
    const refreshToken = newToken();
    access.set(accessToken, { subject, expiresAt: clock.now() + accessTtlSeconds * 1000 });
    refresh.set(refreshToken, { subject, expiresAt: clock.now() + refreshTtlSeconds * 1000 });
    return { accessToken, refreshToken, expiresIn: accessTtlSeconds };
  };

  return {
    issue,
    verify: (accessToken) => {
      const entry = access.get(accessToken);
      if (!entry) return { ok: false, reason: 'unknown' };
      if (entry.expiresAt <= clock.now()) return { ok: false, reason: 'expired' };
      return { ok: true, subject: entry.subject };
    },
    refresh: (refreshToken) => {
      const entry = refresh.get(refreshToken);
      if (!entry || entry.expiresAt <= clock.now()) return undefined;
      refresh.delete(refreshToken);
      return issue(entry.subject);
    },
    clear: () => {
      access.clear();
      refresh.clear();
    },
  };
}
