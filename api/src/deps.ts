import type { Keyring, Logger, Store } from '@isync/core';
import type { Scheduler } from '@isync/executor';
import type { LoginThrottle } from './auth/throttle.js';
import type { HostResolver } from './connections/host-policy.js';
import type { Metrics } from './metrics.js';

export interface ApiSettings {
  /** Cookies get `Secure` (iSync behind TLS). */
  secureCookies: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Whether connections may point at loopback and private addresses (embedded demo and tests). */
  allowPrivateConnectionHosts: boolean;
  /** Embedded demo mode: connections may reach loopback (its simulators) even where private hosts are refused. */
  demoLoopbackConnectionHosts?: boolean;
  /** The operator's exceptions to the outbound floor (`ISYNC_ALLOWED_HOSTS`): loopback, link-local… hosts or ranges. */
  operatorAllowedHosts?: readonly string[];
  /** Peers whose X-Forwarded-For names the client (`ISYNC_TRUSTED_PROXIES`); none by default. */
  trustedProxies?: readonly string[];
}

export const DEFAULT_API_SETTINGS: ApiSettings = {
  secureCookies: false,
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 12,
  allowPrivateConnectionHosts: true,
};

/** Everything the API's routes use; nothing else is reached from a route. */
export interface ApiDependencies {
  store: Store;
  logger: Logger;
  keyring: Keyring;
  scheduler: Scheduler;
  settings: ApiSettings;
  throttle: LoginThrottle;
  clock: () => Date;
  /** While no platform admin exists: the token of the one-time setup link (see bootstrap.ts). */
  setup: { token: string | null };
  metrics: Metrics;
  /** Queue mode: the run queue's Redis, which `/readyz` checks beside the store. */
  queue?: { ping(): Promise<boolean> };
  /** How connection hosts are resolved for the private-address check (tests pass their own). */
  resolveHost?: HostResolver;
}
