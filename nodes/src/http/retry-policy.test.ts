import { describe, expect, it } from 'vitest';
import { decideRetry, DEFAULT_RETRY, serverRequestedDelayMs } from './retry-policy.js';

const now = Date.UTC(2025, 0, 6, 9, 0, 0);

describe('what the server asked for', () => {
  it('reads Retry-After in seconds and as an HTTP date', () => {
    expect(serverRequestedDelayMs({ 'retry-after': '3' }, undefined, now)).toBe(3000);
    expect(
      serverRequestedDelayMs({ 'retry-after': new Date(now + 9000).toUTCString() }, undefined, now),
    ).toBe(9000);
  });

  it('reads X-RateLimit-Reset as UNIX seconds', () => {
    expect(serverRequestedDelayMs({ 'x-ratelimit-reset': String(now / 1000 + 42) }, undefined, now)).toBe(
      42_000,
    );
  });

  it("reads PlanGrid's rate_limit.reset from the body", () => {
    const body = { rate_limit: { limit: 1000, remaining: 0, reset: new Date(now + 5000).toISOString() } };
    expect(serverRequestedDelayMs({}, body, now)).toBe(5000);
  });

  it('takes the longest of several, and nothing when nothing was asked', () => {
    expect(
      serverRequestedDelayMs({ 'retry-after': '2', 'x-ratelimit-reset': String(now / 1000 + 4) }, {}, now),
    ).toBe(4000);
    expect(serverRequestedDelayMs({ 'retry-after': 'soon' }, { rate_limit: null }, now)).toBeUndefined();
  });

  it('treats a reset in the past as no wait', () => {
    expect(serverRequestedDelayMs({ 'x-ratelimit-reset': String(now / 1000 - 10) }, undefined, now)).toBe(0);
  });
});

describe('retry decision', () => {
  const failed = { attempt: 1, retryable: true, serverDelayMs: undefined, waitedMs: 0 };

  it('jitters the backoff between zero and the exponential ceiling', () => {
    expect(decideRetry({ ...failed, attempt: 3 }, DEFAULT_RETRY, () => 0.25)).toEqual({
      retry: true,
      delayMs: 500,
    });
    expect(decideRetry({ ...failed, attempt: 20 }, { ...DEFAULT_RETRY, maxRetries: 30 }, () => 1)).toEqual({
      retry: true,
      delayMs: DEFAULT_RETRY.maxDelayMs,
    });
  });

  it('never waits less than the server asked, even beyond the backoff ceiling', () => {
    expect(decideRetry({ ...failed, serverDelayMs: 45_000 }, DEFAULT_RETRY, () => 0)).toEqual({
      retry: true,
      delayMs: 45_000,
    });
  });

  it('stops when the error is not retryable or the retries are spent', () => {
    expect(decideRetry({ ...failed, retryable: false }, DEFAULT_RETRY, Math.random)).toEqual({
      retry: false,
    });
    expect(
      decideRetry({ ...failed, attempt: DEFAULT_RETRY.maxRetries + 1 }, DEFAULT_RETRY, Math.random),
    ).toEqual({ retry: false });
  });
});
