import type { Clock } from './clock.js';
import type { TokenBucket } from './token-bucket.js';

/**
 * When a connection may send its next request: not while a pause the server asked for (429, Retry-After)
 * runs, and only with a token of its bucket taken after the last pause began. A pause drains the bucket, so
 * the requests held back go out at the rate once it ends, not as a burst into the server's next window.
 */
export class Pacer {
  private pausedUntil = 0;
  /** Counts pauses: a token taken across one is void (the bucket was drained under it). */
  private pauses = 0;

  constructor(
    private readonly clock: Clock,
    private readonly bucket: TokenBucket | undefined,
  ) {}

  /** Resolves when a request may be sent; call it right before sending. */
  async ready(signal?: AbortSignal): Promise<void> {
    for (;;) {
      for (let now = this.clock.now(); now < this.pausedUntil; now = this.clock.now())
        await this.clock.sleep(this.pausedUntil - now, signal);
      const pauses = this.pauses;
      await this.bucket?.take(signal);
      if (this.pauses === pauses) return;
    }
  }

  /**
   * The server refused a request for its rate (429) or asked to wait `delayMs`: every request of the
   * connection holds back until then, and the bucket refills from then on.
   */
  pause(delayMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + delayMs);
    this.pauses += 1;
    this.bucket?.drain(this.pausedUntil);
  }
}
