import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisAvailable, testPrefix } from '@isync/executor/testing';
import {
  MemoryLoginThrottle,
  RedisLoginThrottle,
  type LoginThrottle,
  type ThrottleLimits,
} from './throttle.js';

const WINDOW_MS = 15 * 60_000;
const redis = await redisAvailable();

/** A throttle on a clock the test moves; `replica` is a second API process sharing its counts, where it can. */
type Make = (
  limits: ThrottleLimits,
  clock: () => number,
) => { throttle: LoginThrottle; replica?: LoginThrottle };

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function throttleContract(name: string, make: Make, shared: boolean) {
  describe(`login throttle (${name})`, () => {
    it('locks an account after its limit until the oldest failure leaves the window', async () => {
      let now = 1_000_000;
      const { throttle } = make({ perAccount: 3, perAddress: 100, windowMs: WINDOW_MS }, () => now);
      for (let i = 0; i < 3; i++) {
        await throttle.recordFailure('a@x.test', '198.51.100.1');
        now += 1000;
      }
      expect(await throttle.retryAfterMs('a@x.test', '198.51.100.2')).toBe(WINDOW_MS - 3000);
      expect(await throttle.retryAfterMs('A@X.test', '198.51.100.2')).toBe(WINDOW_MS - 3000);
      expect(await throttle.retryAfterMs('b@x.test', '198.51.100.1')).toBe(0);
      now = 1_000_000 + WINDOW_MS;
      expect(await throttle.retryAfterMs('a@x.test', '198.51.100.1')).toBe(0);
    });

    it('locks an address guessing at many accounts, and a success clears only its account', async () => {
      let now = 1_000_000;
      const { throttle } = make({ perAccount: 3, perAddress: 4, windowMs: WINDOW_MS }, () => now);
      for (let i = 0; i < 4; i++) {
        await throttle.recordFailure(`guess-${i}@x.test`, '198.51.100.9');
        now += 10;
      }
      expect(await throttle.retryAfterMs('new@x.test', '198.51.100.9')).toBeGreaterThan(0);
      expect(await throttle.retryAfterMs('new@x.test', '198.51.100.10')).toBe(0);

      await throttle.recordFailure('c@x.test', '198.51.100.20');
      await throttle.recordFailure('c@x.test', '198.51.100.20');
      await throttle.recordSuccess('c@x.test');
      await throttle.recordFailure('c@x.test', '198.51.100.20');
      expect(await throttle.retryAfterMs('c@x.test', '198.51.100.21')).toBe(0);
    });

    // Embedded mode is one process; its throttle counts only its own.
    if (shared)
      it('counts the failures every API replica saw', async () => {
        let now = 1_000_000;
        const { throttle, replica } = make(
          { perAccount: 4, perAddress: 100, windowMs: WINDOW_MS },
          () => now,
        );
        if (!replica) throw new Error('a shared throttle needs a replica');
        await throttle.recordFailure('d@x.test', '198.51.100.1');
        await replica.recordFailure('d@x.test', '198.51.100.2');
        await throttle.recordFailure('d@x.test', '198.51.100.3');
        now += 1;
        await replica.recordFailure('d@x.test', '198.51.100.4');
        expect(await throttle.retryAfterMs('d@x.test', '198.51.100.5')).toBe(WINDOW_MS - 1);
        expect(await replica.retryAfterMs('d@x.test', '198.51.100.5')).toBe(WINDOW_MS - 1);
      });
  });
}

throttleContract(
  'in memory',
  (limits, clock) => ({ throttle: new MemoryLoginThrottle(limits, clock) }),
  false,
);

describe.runIf(redis)('on Redis', () => {
  throttleContract(
    'Redis',
    (limits, clock) => {
      const { prefix, clean } = testPrefix();
      const connections = [new Redis(REDIS_URL), new Redis(REDIS_URL)];
      cleanups.push(clean, ...connections.map((connection) => () => connection.quit()));
      const [one, two] = connections.map(
        (connection) => new RedisLoginThrottle(connection, prefix, limits, clock),
      );
      return { throttle: one!, replica: two! };
    },
    true,
  );

  it('keeps no e-mail address in Redis, and lets its keys expire with the window', async () => {
    const { prefix, clean } = testPrefix();
    const connection = new Redis(REDIS_URL);
    cleanups.push(clean, () => connection.quit());
    const throttle = new RedisLoginThrottle(connection, prefix, {
      perAccount: 5,
      perAddress: 5,
      windowMs: 60_000,
    });
    await throttle.recordFailure('someone@acme.test', '198.51.100.1');
    const keys = await connection.keys(`${prefix}:*`);
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).not.toContain('acme');
      expect(await connection.pttl(key)).toBeGreaterThan(50_000);
    }
  });
});

describe('login throttle in memory', () => {
  it('forgets failures that left the window, however many accounts were guessed at', async () => {
    let now = 0;
    const throttle = new MemoryLoginThrottle(
      { perAccount: 5, perAddress: 1_000_000, windowMs: WINDOW_MS },
      () => now,
    );
    for (let i = 0; i < 5000; i++) await throttle.recordFailure(`guess-${i}@x.test`, '198.51.100.1');
    expect(throttle.tracked).toBe(5001);
    now = WINDOW_MS + 1;
    for (let i = 0; i < 5000; i++) await throttle.recordFailure(`later-${i}@x.test`, '198.51.100.2');
    expect(throttle.tracked).toBeLessThanOrEqual(5001 + 2048);
  });
});
