import type { PlanStage, SyncRecord } from '@isync/core';
import { afterFailure, failureOf, type TransformResult } from '@isync/nodes';
import type { PushRun } from './push.js';

/**
 * Stores what a transform stage did not let through: skipped records, and failures — a mapping that failed
 * fails the same way until the flow or the record changes; a lookup that met a busy or failing system is
 * tried again later, like a push. Each failure is an exception of the run.
 */
export async function settleTransform(
  run: PushRun,
  stage: PlanStage,
  result: TransformResult,
  records: ReadonlyMap<string, SyncRecord>,
): Promise<void> {
  for (const { item, reason } of result.skipped) {
    await run.store.records.markSkipped(run.tenantId, item.recordId, { runId: run.runId, reason });
    run.counts.skipped += 1;
  }
  const at = run.clock();
  // Failures of a run aborted meanwhile may be the abort's (a lookup cut short): those records wait as they were.
  const failed = run.signal.aborted ? [] : result.failed;
  const settled = failed.map(({ item, kind, message }) => {
    const record = records.get(item.recordId);
    const next = afterFailure(failureOf(kind, message), (record?.attempts ?? 0) + 1, {
      now: at,
      ...run.options,
    });
    return { item, kind, next };
  });
  await run.store.records.markFailedMany(
    run.tenantId,
    settled.map(({ item, next }) => ({
      recordId: item.recordId,
      runId: run.runId,
      error: next.message,
      nextAttemptAt: next.nextAttemptAt,
      at,
    })),
  );
  for (const { item, kind, next } of settled) {
    run.exception({
      phase: 'transform',
      kind,
      message: next.message,
      httpStatus: null,
      responseSnippet: null,
      nodeId: stage.nodeId,
      recordId: records.get(item.recordId)?.id ?? item.recordId,
    });
    run.counts.failed += 1;
  }
}
