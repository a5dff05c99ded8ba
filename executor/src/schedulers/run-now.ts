import {
  IsyncError,
  type IntegrationId,
  type Run,
  type RunId,
  type RunTrigger,
  type Store,
  type TenantId,
} from '@isync/core';
import { RunCancel } from '../engine/run.js';
import type { RunNowAnswer, Scheduler } from './scheduler.js';

/** Raised when a run cannot be asked for or canceled (a 409 conflict with the integration's or run's state). */
export class RunRefused extends IsyncError {
  declare readonly code: 'not_activated' | 'run_finished';
  constructor(code: 'not_activated' | 'run_finished', message: string) {
    super(code, message, 409);
  }
}

/**
 * Queues a run of the integration (or answers the one already queued), with the run it will follow. The
 * queued run carries the live version as it is now; it takes the live version of the moment it starts.
 */
export async function queueRun(
  store: Store,
  tenantId: TenantId,
  integrationId: IntegrationId,
  trigger: Exclude<RunTrigger, 'schedule'>,
): Promise<RunNowAnswer> {
  const integration = await store.integrations.get(tenantId, integrationId);
  if (!integration || integration.planVersion === null)
    throw new RunRefused('not_activated', 'Activate the integration before running it.');
  const { run, created } = await store.runs.queue(tenantId, {
    integrationId,
    planVersion: integration.planVersion,
    trigger,
  });
  const running = await store.runs.running(tenantId, integrationId);
  return { run, created, queuedBehind: running?.id ?? null };
}

/** What a cancel did: a queued run is canceled at once; a running one stops at its next batch. */
export interface CancelAnswer {
  run: Run;
  outcome: 'canceled' | 'stopping';
}

/**
 * Cancels a run on behalf of `by` (a person's name). A queued run ends `canceled` now; a running run is
 * told to stop at its next batch and ends `canceled` with its counts; a running run no executor holds any
 * more (its process died) is finished `canceled` at once, with the counts it had stored.
 */
export async function cancelRun(
  { store, scheduler }: { store: Store; scheduler: Scheduler },
  tenantId: TenantId,
  runId: RunId,
  by: string,
): Promise<CancelAnswer | null> {
  const run = await store.runs.get(tenantId, runId);
  if (!run) return null;
  if (run.status === 'queued') {
    const canceled = await store.runs.closeQueued(tenantId, runId, {
      status: 'canceled',
      error: `Canceled by ${by} before it started.`,
    });
    if (canceled) return { run: canceled, outcome: 'canceled' };
    // It started meanwhile: stop it like a running run.
    return cancelRun({ store, scheduler }, tenantId, runId, by);
  }
  if (run.status !== 'running')
    throw new RunRefused(
      'run_finished',
      `This run already ended (${run.status}); there is nothing to cancel.`,
    );
  const message = `Canceled by ${by}: the run stopped after its last stored batch, keeping what it did; the next run carries on from there.`;
  const sent = await scheduler.stopRun(tenantId, run.integrationId, runId, new RunCancel(message));
  if (sent === 'abandoned') {
    const finished = await store.runs.finish(tenantId, runId, {
      status: 'canceled',
      counts: run.counts,
      cursorAfter: run.cursorBefore,
      nodeTraces: run.nodeTraces,
      error: `Canceled by ${by}: no executor was running it any more (it had stopped); it keeps the counts it had stored.`,
    });
    if (finished) return { run: finished, outcome: 'canceled' };
  }
  return { run: (await store.runs.get(tenantId, runId)) ?? run, outcome: 'stopping' };
}

/** Waits for `work` at most `ms`; answers whether it settled in time (it goes on regardless). */
export async function settledWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
