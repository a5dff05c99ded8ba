import type { Config, PruneResult, Store } from '@isync/core';

const DAY_MS = 86_400_000;

export interface PruneAllOptions {
  /** Rows of each kind deleted per statement / bulk operation. */
  batchSize?: number;
}

/** What one pass deleted across every tenant. */
export interface PruneAllResult extends PruneResult {
  tenants: number;
}

/**
 * Applies retention to every tenant: runs (with their node traces) and exception log entries older than
 * `retentionDays`, record events older than `eventRetentionDays` (each record's last event of each kind
 * stays). Deletes batch by batch, each batch its own short statement, until a tenant has nothing left to
 * prune. Insights rollups are never touched, so insights over a year stay. Meant to run once a day.
 */
export async function pruneAll(
  store: Store,
  config: Pick<Config, 'retentionDays' | 'eventRetentionDays'>,
  now: Date,
  { batchSize = 1_000 }: PruneAllOptions = {},
): Promise<PruneAllResult> {
  const options = {
    runsBefore: new Date(now.getTime() - config.retentionDays * DAY_MS),
    eventsBefore: new Date(now.getTime() - config.eventRetentionDays * DAY_MS),
    batchSize,
  };
  const total: PruneAllResult = { tenants: 0, runs: 0, exceptions: 0, recordEvents: 0 };
  let cursor: string | undefined;
  do {
    const page = await store.tenants.list({ limit: 100, ...(cursor !== undefined && { cursor }) });
    for (const tenant of page.items) {
      total.tenants += 1;
      for (;;) {
        const batch = await store.maintenance.prune(tenant.id, options);
        total.runs += batch.runs;
        total.exceptions += batch.exceptions;
        total.recordEvents += batch.recordEvents;
        if (batch.runs + batch.exceptions + batch.recordEvents === 0) break;
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return total;
}
