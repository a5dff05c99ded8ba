import type { Connector } from '@isync/nodes';

/*
 * Connectors kept across runs: each connection's HTTP client (its keep-alive pool, its rate limiter, its
 * OAuth token) lives on between the runs that use it, instead of being built and torn down by every run.
 * A connector is kept under its connection and a fingerprint of what it was built from (the connection as
 * saved — its secret, base URL, options — and the tenant's outbound address rule): when either changes, the
 * next run builds a new one and the old one is closed once no run uses it. Idle connectors are closed.
 * Sharing also makes a connection's rate limit hold across its integrations' runs going at once.
 */

interface Entry {
  fingerprint: string;
  connector: Promise<Connector>;
  users: number;
  idleSince: number;
  retired: boolean;
}

export interface ConnectorCacheOptions {
  /** How long an unused connector is kept. Default 10 minutes. */
  idleMs?: number;
  now?: () => number;
}

export class ConnectorCache {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly idleMs: number;
  private readonly now: () => number;
  private closed = false;

  constructor({ idleMs = 10 * 60_000, now = Date.now }: ConnectorCacheOptions = {}) {
    this.idleMs = idleMs;
    this.now = now;
    this.sweeper = setInterval(() => void this.sweep(), Math.min(60_000, idleMs));
    this.sweeper.unref();
  }

  /**
   * The connector of `slot` (tenant and connection) built from `fingerprint`, built by `build` when there is
   * none for it yet. Call `release` once, when the run ends.
   */
  async acquire(
    slot: string,
    fingerprint: string,
    build: () => Promise<Connector>,
  ): Promise<{ connector: Connector; release: () => void }> {
    if (this.closed) throw new Error('The connector cache is closed.');
    let entry = this.entries.get(slot);
    if (!entry || entry.fingerprint !== fingerprint) {
      if (entry) this.retire(slot, entry);
      entry = { fingerprint, connector: build(), users: 0, idleSince: this.now(), retired: false };
      this.entries.set(slot, entry);
      // A connector that failed to build is not kept: the next run tries again.
      entry.connector.catch(() => {
        if (this.entries.get(slot) === entry) this.entries.delete(slot);
      });
    }
    const held = entry;
    held.users += 1;
    try {
      const connector = await held.connector;
      let released = false;
      return {
        connector,
        release: () => {
          if (released) return;
          released = true;
          this.leave(slot, held);
        },
      };
    } catch (error) {
      this.leave(slot, held);
      throw error;
    }
  }

  /** Closes idle connectors (also on a timer). */
  async sweep(): Promise<void> {
    const now = this.now();
    for (const [slot, entry] of this.entries)
      if (entry.users === 0 && now - entry.idleSince >= this.idleMs) this.retire(slot, entry);
  }

  get size(): number {
    return this.entries.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.allSettled(all.map((entry) => closeOf(entry)));
  }

  private leave(_slot: string, entry: Entry): void {
    entry.users -= 1;
    entry.idleSince = this.now();
    if (entry.retired && entry.users === 0) void closeOf(entry);
  }

  /** Out of the cache; closed now, or when its last run releases it. */
  private retire(slot: string, entry: Entry): void {
    if (this.entries.get(slot) === entry) this.entries.delete(slot);
    entry.retired = true;
    if (entry.users === 0) void closeOf(entry);
  }
}

async function closeOf(entry: Entry): Promise<void> {
  const connector = await entry.connector.catch(() => null);
  await connector?.close().catch(() => undefined);
}
