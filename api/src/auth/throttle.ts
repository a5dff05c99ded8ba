import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface ThrottleLimits {
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

/**
 * Failed sign-ins counted per account and per client address in a sliding window; past the limit, sign-in
 * is refused until the oldest failure that counts leaves the window.
 */
export interface LoginThrottle {
  /** Milliseconds until this account/address may try again, or 0. */
  retryAfterMs(account: string, address: string): Promise<number>;
  recordFailure(account: string, address: string): Promise<void>;
  recordSuccess(account: string): Promise<void>;
}

export const LOGIN_LIMITS: ThrottleLimits = { perAccount: 5, perAddress: 30, windowMs: 15 * 60_000 };

const accountKey = (account: string) => `account:${account.toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;

/** How long until the failures at `times` (ascending, all inside the window) drop below `limit`. */
function waitFor(times: readonly number[], limit: number, windowMs: number, now: number): number {
  return times.length >= limit ? Math.max(0, times[times.length - limit]! + windowMs - now) : 0;
}

/** One API process counting its own failures: embedded mode, where there is one process. */
export class MemoryLoginThrottle implements LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  /** Past this many keys, failures that left the window are swept, so guessing at many accounts cannot grow memory. */
  private sweepAt = 1024;

  constructor(
    private readonly limits: ThrottleLimits = LOGIN_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {}

  async retryAfterMs(account: string, address: string): Promise<number> {
    const now = this.clock();
    const { perAccount, perAddress, windowMs } = this.limits;
    return Math.max(
      waitFor(this.recent(accountKey(account), now), perAccount, windowMs, now),
      waitFor(this.recent(addressKey(address), now), perAddress, windowMs, now),
    );
  }

  async recordFailure(account: string, address: string): Promise<void> {
    const now = this.clock();
    for (const key of [accountKey(account), addressKey(address)])
      this.failures.set(key, [...this.recent(key, now), now]);
    if (this.failures.size > this.sweepAt) {
      for (const key of [...this.failures.keys()]) this.recent(key, now);
      this.sweepAt = Math.max(1024, this.failures.size * 2);
    }
  }

  async recordSuccess(account: string): Promise<void> {
    this.failures.delete(accountKey(account));
  }

  /** How many accounts and addresses have failures on record: what the sweep keeps bounded. */
  get tracked(): number {
    return this.failures.size;
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((at) => at > now - this.limits.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    return kept;
  }
}

/**
 * Queue mode: every API replica counts in one Redis, so the limits hold however many replicas answer
 * (counted per process, N replicas would allow N times the guesses). Each key is a sorted set of failure
 * times that expires with its window; accounts are stored hashed, not as e-mail addresses.
 */
export class RedisLoginThrottle implements LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: ThrottleLimits = LOGIN_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {}

  private key(plain: string): string {
    return `${this.prefix}:login-failures:${createHash('sha256').update(plain).digest('hex')}`;
  }

  async retryAfterMs(account: string, address: string): Promise<number> {
    const now = this.clock();
    const { perAccount, perAddress, windowMs } = this.limits;
    const keys = [this.key(accountKey(account)), this.key(addressKey(address))];
    const pipeline = this.redis.multi();
    for (const key of keys) {
      pipeline.zremrangebyscore(key, '-inf', now - windowMs);
      pipeline.zrange(key, '0', '-1', 'WITHSCORES');
    }
    const answers = (await pipeline.exec()) ?? [];
    const times = [1, 3].map((at) => {
      const [error, members] = answers[at] ?? [null, []];
      if (error) throw error;
      return (members as string[]).filter((_, i) => i % 2 === 1).map(Number);
    });
    return Math.max(
      waitFor(times[0]!, perAccount, windowMs, now),
      waitFor(times[1]!, perAddress, windowMs, now),
    );
  }

  async recordFailure(account: string, address: string): Promise<void> {
    const now = this.clock();
    const pipeline = this.redis.multi();
    for (const key of [this.key(accountKey(account)), this.key(addressKey(address))]) {
      pipeline.zadd(key, now, `${now}:${randomUUID()}`);
      pipeline.zremrangebyscore(key, '-inf', String(now - this.limits.windowMs));
      pipeline.pexpire(key, this.limits.windowMs);
    }
    await pipeline.exec();
  }

  async recordSuccess(account: string): Promise<void> {
    await this.redis.del(this.key(accountKey(account)));
  }
}
