import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './throttle.js';

const WINDOW_MS = 15 * 60_000;

describe('login throttle', () => {
  it('locks an account after its limit until the oldest failure leaves the window', () => {
    let now = 0;
    const throttle = new LoginThrottle({ perAccount: 3, perAddress: 100, windowMs: WINDOW_MS }, () => now);
    for (let i = 0; i < 3; i++) {
      throttle.recordFailure('a@x.test', '198.51.100.1');
      now += 1000;
    }
    expect(throttle.retryAfterMs('a@x.test', '198.51.100.2')).toBe(WINDOW_MS - 3000);
    expect(throttle.retryAfterMs('b@x.test', '198.51.100.1')).toBe(0);
    now = WINDOW_MS;
    expect(throttle.retryAfterMs('a@x.test', '198.51.100.1')).toBe(0);
  });

  it('forgets failures that left the window, however many accounts were guessed at', () => {
    let now = 0;
    const throttle = new LoginThrottle(
      { perAccount: 5, perAddress: 1_000_000, windowMs: WINDOW_MS },
      () => now,
    );
    for (let i = 0; i < 5000; i++) throttle.recordFailure(`guess-${i}@x.test`, '198.51.100.1');
    expect(throttle.tracked).toBe(5001);
    now = WINDOW_MS + 1;
    for (let i = 0; i < 5000; i++) throttle.recordFailure(`later-${i}@x.test`, '198.51.100.2');
    expect(throttle.tracked).toBeLessThanOrEqual(5001 + 2048);
  });
});
