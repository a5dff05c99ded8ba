/**
 * Failed sign-ins counted per account and per client address in a sliding window; past the limit, sign-in
 * is refused until the oldest failure leaves the window. In memory: each API replica counts its own.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  /** Past this many keys, failures that left the window are swept, so guessing at many accounts cannot grow memory. */
  private sweepAt = 1024;

  constructor(
    private readonly limits: { perAccount: number; perAddress: number; windowMs: number },
    private readonly clock: () => number = Date.now,
  ) {}

  /** Milliseconds until this account/address may try again, or 0. */
  retryAfterMs(account: string, address: string): number {
    const now = this.clock();
    const wait = (key: string, limit: number) => {
      const recent = this.recent(key, now);
      return recent.length >= limit ? recent[recent.length - limit]! + this.limits.windowMs - now : 0;
    };
    return Math.max(
      wait(`account:${account}`, this.limits.perAccount),
      wait(`address:${address}`, this.limits.perAddress),
    );
  }

  recordFailure(account: string, address: string): void {
    const now = this.clock();
    for (const key of [`account:${account}`, `address:${address}`])
      this.failures.set(key, [...this.recent(key, now), now]);
    if (this.failures.size > this.sweepAt) {
      for (const key of [...this.failures.keys()]) this.recent(key, now);
      this.sweepAt = Math.max(1024, this.failures.size * 2);
    }
  }

  /** How many accounts and addresses have failures on record: what the sweep keeps bounded. */
  get tracked(): number {
    return this.failures.size;
  }

  recordSuccess(account: string): void {
    this.failures.delete(`account:${account}`);
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((at) => at > now - this.limits.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    return kept;
  }
}
