import type { Clock } from './clock.js';

/**
 * Requests per second for one connection: `capacity` requests may go at once, then one per
 * 1/rate s. Tokens may go negative: each caller reserves its slot and sleeps until it comes, so
 * waiters are served in arrival order without polling. `drain` empties it until a given time (a pause the
 * server asked for), so the pause is followed by the rate, not by a burst.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    private readonly clock: Clock,
  ) {
    if (!(ratePerSecond > 0))
      throw new RangeError(`requests per second must be positive, got ${ratePerSecond}`);
    this.tokens = capacity;
    this.updatedAt = clock.now();
  }

  /**
   * Empties the bucket; it starts refilling at `until`. Slots already reserved are forgotten: their
   * holders must take again (the pacer makes them).
   */
  drain(until: number): void {
    this.tokens = 0;
    this.updatedAt = Math.max(this.updatedAt, until);
  }

  async take(signal?: AbortSignal): Promise<void> {
    const now = this.clock.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond);
    this.updatedAt = now;
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    try {
      await this.clock.sleep((-this.tokens / this.ratePerSecond) * 1000, signal);
    } catch (error) {
      this.tokens += 1;
      throw error;
    }
  }
}
