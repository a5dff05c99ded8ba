import type { ConnectorInput } from '@isync/nodes';

/** Short timeouts and backoffs, so fault tests finish fast; server waits (Retry-After) still apply. */
export const FAST_HTTP: NonNullable<ConnectorInput['http']> = {
  timeoutMs: 2_000,
  retry: { maxRetries: 8, baseDelayMs: 5, maxDelayMs: 50, maxTotalWaitMs: 30_000 },
};
