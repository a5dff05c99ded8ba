import type { IntegrationId, Run, RunId, RunTrigger, TenantId } from '@isync/core';
import type { RunCancel } from '../engine/run.js';

/** What a run-now answers: the queued run, and the run it waits for. */
export interface RunNowAnswer {
  /** The queued run: the one just asked for, or the one already waiting (asking again piles nothing up). */
  run: Run;
  /** The integration's run going now, which the queued one follows; null when nothing is running. */
  queuedBehind: RunId | null;
  /** False when the answer is a run queued by an earlier ask. */
  created: boolean;
}

/** Where a running run's stop was sent. */
export type StopAnswer =
  /** To the executor running it: it ends at its next batch. */
  | 'stopping'
  /** No executor is running it (it was abandoned): the caller may finish it at once. */
  | 'abandoned';

/**
 * Keeps runs in step with integrations: one schedule per active integration, runs of one integration
 * never overlapping. Two implementations with the same semantics: in-process (embedded mode) and BullMQ
 * (queue mode).
 */
export interface Scheduler {
  /** Schedules every active integration of every tenant, and closes queued runs nothing will start. */
  start(): Promise<void>;
  /** Re-reads one integration and schedules, reschedules or unschedules it (after activate, pause, edit…). */
  sync(tenantId: TenantId, integrationId: IntegrationId): Promise<void>;
  /**
   * Asks for a run now: a queued run exists at once (its id is the answer's), and starts as soon as the
   * integration is not already running, as itself. Asking while one is queued answers that one.
   */
  runNow(
    tenantId: TenantId,
    integrationId: IntegrationId,
    trigger?: Exclude<RunTrigger, 'schedule'>,
  ): Promise<RunNowAnswer>;
  /** Tells the executor running `runId` to stop at its next batch; the run ends `canceled`. */
  stopRun(
    tenantId: TenantId,
    integrationId: IntegrationId,
    runId: RunId,
    cancel: RunCancel,
  ): Promise<StopAnswer>;
  /** When the integration's next scheduled run is due, if it has one. */
  nextRunAt(tenantId: TenantId, integrationId: IntegrationId): Promise<Date | null>;
  /** The next scheduled runs of a page of integrations, asked together; those without one are absent. */
  nextRunsAt(tenantId: TenantId, integrationIds: readonly IntegrationId[]): Promise<Map<IntegrationId, Date>>;
  /**
   * Stops scheduling, lets the runs in hand finish their page for a bounded time, then aborts them (their
   * requests in flight are abandoned and they end failed with what they did), and releases everything.
   * Never waits without a bound.
   */
  close(): Promise<void>;
}
