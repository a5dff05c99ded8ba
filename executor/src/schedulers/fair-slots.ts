/*
 * Runs in flight share an executor's slots fairly. A free slot goes to the waiting run that is, in order:
 * incremental rather than bulk (a first sync of thousands of records waits behind minute runs, as Exalate
 * puts single updates before mass changes), of the tenant with the fewest runs going (one tenant's many
 * integrations cannot starve another tenant), and asked for first. Bulk runs never hold more than half the
 * slots, so incremental runs always find one soon.
 *
 * Written here rather than taken from a library: the order is iSync's own policy (tenants and bulk work),
 * which the general limiters (p-limit, p-queue's fixed priorities) cannot express.
 */

export interface SlotRequest {
  tenantId: string;
  /** A first sync or another large run: it waits behind incremental ones. */
  bulk: boolean;
}

interface Waiter extends SlotRequest {
  seq: number;
  grant: () => void;
}

export class FairSlots {
  private readonly byTenant = new Map<string, number>();
  private bulkInUse = 0;
  private inUse = 0;
  private seq = 0;
  private waiters: Waiter[] = [];
  readonly bulkCapacity: number;

  constructor(readonly capacity: number) {
    this.bulkCapacity = Math.max(1, Math.floor(capacity / 2));
  }

  /** Waits for a slot; answers its release (call it once, when the run ends). */
  acquire(request: SlotRequest): Promise<() => void> {
    return new Promise((resolve) => {
      this.waiters.push({
        ...request,
        seq: this.seq++,
        grant: () => resolve(this.releaseOf(request)),
      });
      this.pump();
    });
  }

  /** Lets every waiter through at once (shutdown: they see the scheduler closed and end). */
  drain(): void {
    for (const waiter of this.waiters.splice(0)) {
      this.take(waiter);
      waiter.grant();
    }
  }

  get running(): number {
    return this.inUse;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  private pump(): void {
    while (this.inUse < this.capacity) {
      const next = this.next();
      if (!next) return;
      this.waiters = this.waiters.filter((waiter) => waiter !== next);
      this.take(next);
      next.grant();
    }
  }

  private next(): Waiter | undefined {
    let best: Waiter | undefined;
    for (const waiter of this.waiters) {
      if (waiter.bulk && this.bulkInUse >= this.bulkCapacity) continue;
      if (!best || this.before(waiter, best)) best = waiter;
    }
    return best;
  }

  private before(a: Waiter, b: Waiter): boolean {
    if (a.bulk !== b.bulk) return !a.bulk;
    const going = (w: Waiter) => this.byTenant.get(w.tenantId) ?? 0;
    if (going(a) !== going(b)) return going(a) < going(b);
    return a.seq < b.seq;
  }

  private take({ tenantId, bulk }: SlotRequest): void {
    this.inUse += 1;
    if (bulk) this.bulkInUse += 1;
    this.byTenant.set(tenantId, (this.byTenant.get(tenantId) ?? 0) + 1);
  }

  private releaseOf({ tenantId, bulk }: SlotRequest): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inUse -= 1;
      if (bulk) this.bulkInUse -= 1;
      const left = (this.byTenant.get(tenantId) ?? 1) - 1;
      if (left === 0) this.byTenant.delete(tenantId);
      else this.byTenant.set(tenantId, left);
      this.pump();
    };
  }
}
