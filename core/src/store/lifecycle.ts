import type { IntegrationId, RecordId, RunId, TenantId } from '../domain/common.js';
import type {
  PulledRecord,
  RecordEvent,
  RecordStatus,
  SyncRecord,
  UpsertPulledResult,
} from '../domain/record.js';
import { newId } from '../ids.js';
import type { PairState } from '../domain/two-way.js';
import type { FailedRecord, PairSave, PushedRecord, RunOutcomeCounts } from './port.js';

/*
 * The record lifecycle rules, written once and applied by every store adapter inside its own transaction.
 * Pure functions: given what the store holds and what was pulled, they say what to insert, what to change
 * and which events to write.
 */

/** The columns of a stored record that the lifecycle decisions depend on. */
export interface StoredRecordState {
  id: RecordId;
  sourceId: string;
  sourceHash: string;
  sourceStatus: string | null;
  destinationId: string | null;
  status: RecordStatus;
}

export interface ChangedRecord {
  id: RecordId;
  previousHash: string;
  sourceHash: string;
  sourceData: Record<string, unknown>;
  sourceStatus: string | null;
  status: RecordStatus;
}

export interface PulledPagePlan {
  inserts: SyncRecord[];
  changes: ChangedRecord[];
  events: RecordEvent[];
  result: UpsertPulledResult;
}

export interface LifecycleContext {
  tenantId: TenantId;
  integrationId: IntegrationId;
  runId: RunId | null;
  at: string;
}

/** A page may repeat a source id (e.g. an overlap window); the last occurrence is the freshest. */
export function dedupeBySourceId(page: PulledRecord[]): PulledRecord[] {
  const bySourceId = new Map<string, PulledRecord>();
  for (const record of page) bySourceId.set(record.sourceId, record);
  return [...bySourceId.values()];
}

export function planPulledPage(
  existing: ReadonlyMap<string, StoredRecordState>,
  page: PulledRecord[],
  context: LifecycleContext,
): PulledPagePlan {
  const plan: PulledPagePlan = {
    inserts: [],
    changes: [],
    events: [],
    result: { created: 0, changed: 0, unchanged: 0 },
  };
  for (const pulled of dedupeBySourceId(page)) {
    const stored = existing.get(pulled.sourceId);
    if (!stored) {
      const record = newSyncRecord(pulled, context);
      plan.inserts.push(record);
      plan.events.push(
        lifecycleEvent(context, record.id, null, 'initiated', { sourceStatus: pulled.sourceStatus }),
      );
      plan.result.created += 1;
      continue;
    }
    if (stored.sourceHash === pulled.sourceHash) {
      plan.result.unchanged += 1;
      continue;
    }
    // A record that never reached the destination must still be created, whatever changed.
    const status: RecordStatus = stored.destinationId === null ? 'initiated' : 'update-request';
    plan.changes.push({
      id: stored.id,
      previousHash: stored.sourceHash,
      sourceHash: pulled.sourceHash,
      sourceData: pulled.sourceData,
      sourceStatus: pulled.sourceStatus,
      status,
    });
    if (pulled.sourceStatus !== stored.sourceStatus) {
      plan.events.push(sourceStatusEvent(context, stored.id, stored.sourceStatus, pulled.sourceStatus));
    }
    plan.events.push(lifecycleEvent(context, stored.id, stored.status, status, {}));
    plan.result.changed += 1;
  }
  return plan;
}

function newSyncRecord(pulled: PulledRecord, context: LifecycleContext): SyncRecord {
  return {
    id: newId(),
    tenantId: context.tenantId,
    integrationId: context.integrationId,
    sourceId: pulled.sourceId,
    sourceHash: pulled.sourceHash,
    sourceData: pulled.sourceData,
    sourceStatus: pulled.sourceStatus,
    destinationId: null,
    destinationNumber: null,
    status: 'initiated',
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    pushIntentAt: null,
    lastRunId: context.runId,
    createdAt: context.at,
    updatedAt: context.at,
    pushedAt: null,
    pair: null,
  };
}

export function lifecycleEvent(
  context: LifecycleContext,
  recordId: RecordId,
  from: RecordStatus | null,
  to: RecordStatus,
  detail: Record<string, unknown>,
): RecordEvent {
  return {
    id: newId(),
    tenantId: context.tenantId,
    integrationId: context.integrationId,
    recordId,
    kind: 'lifecycle',
    at: context.at,
    from,
    to,
    runId: context.runId,
    detail,
  };
}

function sourceStatusEvent(
  context: LifecycleContext,
  recordId: RecordId,
  from: string | null,
  to: string | null,
): RecordEvent {
  return {
    id: newId(),
    tenantId: context.tenantId,
    integrationId: context.integrationId,
    recordId,
    kind: 'source-status',
    at: context.at,
    from,
    to: to ?? '',
    runId: context.runId,
    detail: {},
  };
}

/** The status a failed record goes back to when it is replayed. */
export const requeuedStatus = (record: Pick<SyncRecord, 'destinationId'>): RecordStatus =>
  record.destinationId === null ? 'initiated' : 'update-request';

/** The status a successful push leaves a record in. */
export const pushedStatus = (operation: PushedRecord['operation']): RecordStatus =>
  operation === 'created' || operation === 'recovered' ? 'pushed' : operation;

/** The lifecycle statuses a push outcome ends in, counted by `outcomesOfRun`. */
export const OUTCOME_STATUSES = ['pushed', 'updated', 'linked', 'failed', 'skipped'] as const;

/**
 * A run's outcome counts from its lifecycle events grouped by status (a `pushed` event of a recovered create
 * says so in its detail, see `pushedEvent`).
 */
export function outcomeCounts(
  groups: readonly { status: string; recovered: boolean; count: number }[],
): RunOutcomeCounts {
  const counts: RunOutcomeCounts = { created: 0, recovered: 0, updated: 0, linked: 0, failed: 0, skipped: 0 };
  for (const { status, recovered, count } of groups) {
    if (status === 'pushed') counts[recovered ? 'recovered' : 'created'] += count;
    else if (status === 'updated' || status === 'linked' || status === 'failed' || status === 'skipped')
      counts[status] += count;
  }
  return counts;
}

/** The columns of a stored record that a push outcome's event depends on. */
export interface OutcomeState {
  id: RecordId;
  integrationId: IntegrationId;
  status: RecordStatus;
  attempts: number;
}

interface BatchEntry {
  recordId: RecordId;
  runId: RunId | null;
  at?: Date;
}

/**
 * A batch of push outcomes, ready to apply: each record once (its last entry), only the tenant's records
 * (those in `states`), each with its timestamp (`now` when the entry has none).
 */
export function settledEntries<T extends BatchEntry>(
  entries: readonly T[],
  states: ReadonlyMap<RecordId, OutcomeState>,
  now: Date,
): Settled<T>[] {
  const byRecord = new Map<RecordId, T>();
  for (const entry of entries) byRecord.set(entry.recordId, entry);
  return [...byRecord.values()].flatMap((entry) => {
    const state = states.get(entry.recordId);
    return state ? [{ ...entry, at: entry.at ?? now, state }] : [];
  });
}

export type Settled<T extends BatchEntry> = T & { at: Date; state: OutcomeState };

const outcomeEvent = (
  tenantId: TenantId,
  entry: Settled<BatchEntry>,
  to: RecordStatus,
  detail: Record<string, unknown>,
): RecordEvent =>
  lifecycleEvent(
    { tenantId, integrationId: entry.state.integrationId, runId: entry.runId, at: entry.at.toISOString() },
    entry.recordId,
    entry.state.status,
    to,
    detail,
  );

/**
 * The lifecycle event of a push that succeeded: from the stored status to pushed, updated or linked (a link
 * names the key the destination record was found by).
 */
export const pushedEvent = (tenantId: TenantId, entry: Settled<PushedRecord>): RecordEvent =>
  outcomeEvent(tenantId, entry, pushedStatus(entry.operation), {
    destinationId: entry.destinationId,
    destinationNumber: entry.destinationNumber ?? null,
    ...(entry.operation === 'linked' && entry.match && { matchedBy: entry.match }),
    ...(entry.operation === 'recovered' && { recovered: true }),
  });

/** The lifecycle event of a push that failed, numbering the attempt it was. */
export const failedEvent = (tenantId: TenantId, entry: Settled<FailedRecord>): RecordEvent =>
  outcomeEvent(tenantId, entry, 'failed', { error: entry.error, attempt: entry.state.attempts + 1 });

/** What a stored record's pair save depends on. */
export interface StoredPairState {
  integrationId: IntegrationId;
  status: RecordStatus;
  /** The stored pair's revision; null when the record has no pair. */
  revision: number | null;
}

/**
 * A two-way pair save as a store applies it, or null when it is stale (the stored pair moved on since the
 * caller read it): the pair with its next revision, and the lifecycle event of a status change.
 */
export function appliedPairSave(
  tenantId: TenantId,
  save: PairSave,
  stored: StoredPairState,
): { pair: PairState; event: RecordEvent | null } | null {
  if (stored.revision !== save.expectedRevision) return null;
  const pair = { ...save.pair, revision: (save.expectedRevision ?? -1) + 1 };
  const changes = save.status !== undefined && save.status !== stored.status;
  const context = {
    tenantId,
    integrationId: stored.integrationId,
    runId: save.runId,
    at: save.at.toISOString(),
  };
  const event = changes
    ? lifecycleEvent(context, save.recordId, stored.status, save.status!, save.detail ?? {})
    : null;
  return { pair, event };
}
