import {
  IsyncError,
  NotFoundError,
  type ConflictSide,
  type RecordId,
  type Store,
  type SyncRecord,
  type TenantId,
  type UserId,
} from '@isync/core';
import { conflictMessage } from './engine/two-way/pairs.js';
import { RunRefused } from './schedulers/run-now.js';
import type { Scheduler } from './schedulers/scheduler.js';

/** A person's choice for a held two-way conflict: which side's value to keep. */
export interface ConflictDecision {
  /** The held conflict, by its field on the source side (e.g. PlanGrid `status`). */
  sourceField: string;
  keep: ConflictSide;
}

export class ConflictDecisionRefused extends IsyncError {}

/**
 * Records a person's decision on a held conflict: the record goes back in line, the conflict's exception is
 * resolved by them, and a run is asked for, which writes the kept value to the other side. Refused when the
 * record is not the tenant's (404), holds no undecided conflict on that field, or changed while the decision
 * was made (409).
 */
export async function decideConflict(
  deps: { store: Store },
  scheduler: Pick<Scheduler, 'runNow'>,
  tenantId: TenantId,
  recordId: RecordId,
  decision: ConflictDecision,
  decidedBy: UserId | null,
  at: Date = new Date(),
): Promise<SyncRecord> {
  const { store } = deps;
  const record = await store.records.get(tenantId, recordId);
  if (!record) throw new NotFoundError('Record', recordId);
  const pair = record.pair;
  const conflict = pair?.held.find((c) => c.sourceField === decision.sourceField && c.decision === null);
  if (!pair || !conflict) {
    throw new ConflictDecisionRefused(
      'nothing_to_decide',
      `Record ${recordId} holds no conflict on ${decision.sourceField} to decide (it was decided already, or both sides agree).`,
      409,
      { recordId, sourceField: decision.sourceField },
    );
  }
  const decided = { ...conflict, decision: decision.keep, decidedBy, decidedAt: at.toISOString() };
  const kept = decision.keep === 'source' ? conflict.sourceValue : conflict.destinationValue;
  const saved = await store.records.savePairs(tenantId, [
    {
      recordId,
      expectedRevision: pair.revision,
      pair: { ...pair, held: pair.held.map((c) => (c === conflict ? decided : c)) },
      status: 'update-request',
      detail: {
        decided: {
          sourceField: conflict.sourceField,
          destinationField: conflict.destinationField,
          keep: decision.keep,
          value: kept,
          by: decidedBy,
        },
      },
      runId: null,
      at,
    },
  ]);
  if (saved.length === 0) {
    throw new ConflictDecisionRefused(
      'conflict',
      'The record changed while you decided (a run is syncing it); reload it and decide again.',
      409,
      { recordId },
    );
  }
  const open = await store.exceptions.list(
    tenantId,
    { integrationId: record.integrationId, kind: 'conflict', resolved: false },
    { limit: 500 },
  );
  const message = conflictMessage(conflict);
  for (const exception of open.items.filter((e) => e.recordId === recordId && e.message === message))
    await store.exceptions.resolve(tenantId, exception.id, decidedBy, at);
  try {
    await scheduler.runNow(tenantId, record.integrationId, 'manual');
  } catch (error) {
    // A paused or never-published integration writes the decision at its next run.
    if (!(error instanceof RunRefused)) throw error;
  }
  return (await store.records.get(tenantId, recordId))!;
}
