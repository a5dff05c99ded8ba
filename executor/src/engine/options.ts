import type { IntegrationId, Keyring, Logger, Run, RunId, RunTrigger, Store, TenantId } from '@isync/core';
import type { ConnectorFactory, ConnectorInput, LookupCache, SandboxPool } from '@isync/nodes';
import type { ConnectorCache } from '../connector-cache.js';

/* What running an integration takes: its options, its dependencies, and what asks for a run. */

export interface EngineOptions {
  /** Records claimed and transformed together. */
  batchSize: number;
  /**
   * Pulled records stored together, with the cursor of the last page among them: source pages are small
   * (PlanGrid's are 50 records) and each store transaction costs a commit.
   */
  storeBatchSize: number;
  /** Pushes in flight at once per run. */
  pushConcurrency: number;
  /** A record that failed this many times waits for a replay. */
  maxAttempts: number;
  retryBaseMs: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  batchSize: 200,
  storeBatchSize: 500,
  pushConcurrency: 8,
  maxAttempts: 5,
  retryBaseMs: 30_000,
};

export interface EngineDependencies {
  store: Store;
  keyring: Keyring;
  logger: Logger;
  /** Names this process in runs (queue mode has several). */
  executorId?: string;
  options?: Partial<EngineOptions>;
  connectorFactory?: ConnectorFactory;
  connectorHttp?: ConnectorInput['http'];
  clock?: () => Date;
  /** Told about finished runs and every push (metrics). */
  observer?: RunObserver;
  /**
   * Keeps each plan version's expression isolate across runs (a process serving many runs has one); without
   * it, each run starts a sandbox process of its own.
   */
  sandboxes?: SandboxPool;
  /** Keeps lookup answers across the runs of each plan version (a process serving many runs has one). */
  lookups?: LookupCache;
  /** Keeps each connection's connector (HTTP pool, rate limiter, token) across runs. */
  connectorCache?: ConnectorCache;
}

export interface RunObserver {
  runFinished(run: Run): void;
  /** One destination write: its outcome and how long it took. */
  pushed(outcome: 'created' | 'recovered' | 'updated' | 'linked' | 'failed', seconds: number): void;
}

export interface RunRequest {
  tenantId: TenantId;
  integrationId: IntegrationId;
  trigger: RunTrigger;
  /**
   * The queued run this request starts (run now, replay: the API answered its id); without one a new run
   * starts (a scheduled tick). A queued run canceled meanwhile is not started.
   */
  runId?: RunId;
  /** Cancels at once: requests in flight are abandoned (records in hand fail and retry later). */
  signal?: AbortSignal;
  /**
   * Stops gracefully (a shutdown, a suspended tenant, a cancel): the page or batch in hand is finished and
   * stored, the cursor and counts are saved, and the run ends failed with the reason (a string reason is
   * told as it is) — or `canceled` when the reason is a `RunCancel`; the next run carries on from there.
   */
  stop?: AbortSignal;
  /** Told the run's id once it is stored as running, before any work (a queue job keeps it). */
  onStart?: (run: Run) => Promise<void> | void;
}
