import type { Config, Logger, PruneResult, Store } from '@isync/core';

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

export interface DailyPruneOptions extends PruneAllOptions {
  /** Wait before the first pass (default 1 minute: a process that restarts in a loop does not prune each time). */
  firstDelayMs?: number;
  /** Time between passes (default one day). */
  everyMs?: number;
  clock?: () => Date;
}

/**
 * Runs `pruneAll` once a day in an executor process. Passes never overlap; a failed pass is logged and the
 * next one tries again. Every executor replica may run it: pruning is idempotent, batch by batch. `close()`
 * cancels the next pass and waits for one in progress.
 */
export function scheduleDailyPrune(
  store: Store,
  config: Pick<Config, 'retentionDays' | 'eventRetentionDays'>,
  logger: Logger,
  { firstDelayMs = 60_000, everyMs = DAY_MS, clock = () => new Date(), ...options }: DailyPruneOptions = {},
): { close(): Promise<void> } {
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const pass = async () => {
    try {
      const pruned = await pruneAll(store, config, clock(), options);
      logger.info({ pruned }, 'retention applied');
    } catch (error) {
      logger.error({ err: error }, 'retention pass failed; the next one tries again');
    }
  };
  const plan = (delayMs: number) => {
    timer = setTimeout(() => {
      running = pass().finally(() => {
        running = undefined;
        if (!closed) plan(everyMs);
      });
    }, delayMs);
    timer.unref();
  };
  plan(firstDelayMs);
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await running;
    },
  };
}
