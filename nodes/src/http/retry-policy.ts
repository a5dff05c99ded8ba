export interface RetryOptions {
  /** Retries after the first attempt; default 5. */
  maxRetries: number;
  /** Backoff before retry n is uniformly random in [0, min(maxDelayMs, baseDelayMs · 2^n)]. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** The most one request may spend waiting between attempts; a server asking for more ends it. */
  maxTotalWaitMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxRetries: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxTotalWaitMs: 120_000,
};

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Answers that prove the server did not act on the request (rate-limited, or unavailable before handling
 * it): the only ones worth repeating for a request that must not take effect twice, such as a create. A
 * 502, a 504, a timeout or a reset may come after the server acted.
 */
export const UNPROCESSED_STATUSES: readonly number[] = [429, 503];

/** Connection failures that happen before a request is sent: repeating it cannot make a second effect. */
export const UNSENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Connection failures worth another try: the server may simply be restarting or overloaded. */
export const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; note?: string };

export interface FailedAttempt {
  /** 1 for the first attempt. */
  attempt: number;
  retryable: boolean;
  /** What the server asked for (Retry-After and the like), if anything. */
  serverDelayMs: number | undefined;
  /** Time already spent waiting between earlier attempts. */
  waitedMs: number;
}

/** Full-jitter exponential backoff, never shorter than what the server asked for. */
export function decideRetry(
  failed: FailedAttempt,
  options: RetryOptions,
  random: () => number,
): RetryDecision {
  if (!failed.retryable || failed.attempt > options.maxRetries) return { retry: false };
  const backoff = random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (failed.attempt - 1));
  const delayMs = Math.max(failed.serverDelayMs ?? 0, backoff);
  if (failed.waitedMs + delayMs > options.maxTotalWaitMs) {
    const asked =
      failed.serverDelayMs === undefined ? '' : `the server asked to wait ${seconds(failed.serverDelayMs)}, `;
    return {
      retry: false,
      note: `${asked}beyond the ${seconds(options.maxTotalWaitMs)} a request may spend waiting`,
    };
  }
  return { retry: true, delayMs };
}

const seconds = (ms: number) => `${Math.ceil(ms / 1000)} s`;

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/**
 * The wait the server asked for, in ms from `now`: the longest of `Retry-After` (seconds or an
 * HTTP date), `X-RateLimit-Reset` (UNIX seconds) and PlanGrid's body `rate_limit.reset` (ISO-8601).
 */
export function serverRequestedDelayMs(headers: Headers, body: unknown, now: number): number | undefined {
  const delays = [
    retryAfterMs(header(headers, 'retry-after'), now),
    rateLimitResetMs(header(headers, 'x-ratelimit-reset'), now),
    bodyResetMs(body, now),
  ].filter((delay): delay is number => delay !== undefined);
  return delays.length === 0 ? undefined : Math.max(...delays);
}

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
  return untilMs(Date.parse(value), now);
}

function rateLimitResetMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return untilMs(Number(value) * 1000, now);
}

function bodyResetMs(body: unknown, now: number): number | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const rateLimit = (body as { rate_limit?: unknown }).rate_limit;
  if (typeof rateLimit !== 'object' || rateLimit === null) return undefined;
  const reset = (rateLimit as { reset?: unknown }).reset;
  return typeof reset === 'string' ? untilMs(Date.parse(reset), now) : undefined;
}

function untilMs(epochMs: number, now: number): number | undefined {
  return Number.isFinite(epochMs) ? Math.max(0, epochMs - now) : undefined;
}
