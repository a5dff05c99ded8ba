import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.js';
import { PairStateSchema } from './two-way.js';

/** The lifecycle of a synced record (ARCHITECTURE.md, "The record lifecycle"). */
export const RecordStatusSchema = z.enum([
  'initiated',
  'update-request',
  'skipped',
  'pushed',
  /** Matched to a record that already existed in the destination ("match existing records by"), not created. */
  'linked',
  'updated',
  'failed',
]);
export type RecordStatus = z.infer<typeof RecordStatusSchema>;

/** Statuses whose record still has to be written to the destination. */
export const PENDING_PUSH_STATUSES: readonly RecordStatus[] = ['initiated', 'update-request'];

export const SyncRecordSchema = z.object({
  id: IdSchema,
  tenantId: IdSchema,
  integrationId: IdSchema,
  /** The record's id in the source system (PlanGrid `uid`). */
  sourceId: z.string().min(1).max(200),
  /** Stable hash of the canonical source record, volatile fields excluded. */
  sourceHash: z.string().min(1).max(128),
  sourceData: z.record(z.string(), z.unknown()),
  /** The source's own status value (e.g. PlanGrid `open`), tracked to record its changes as events. */
  sourceStatus: z.string().max(200).nullable(),
  destinationId: z.string().max(200).nullable(),
  /** The destination's human-facing number (e.g. Nuvolo `FWO0001042`), for search. */
  destinationNumber: z.string().max(200).nullable(),
  status: RecordStatusSchema,
  attempts: z.number().int().min(0),
  nextAttemptAt: TimestampSchema.nullable(),
  lastError: z.string().max(4000).nullable(),
  /** Set before a create is sent; a record with an intent and no destination id may exist remotely. */
  pushIntentAt: TimestampSchema.nullable(),
  lastRunId: IdSchema.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  pushedAt: TimestampSchema.nullable(),
  /** Two-way integrations: the linked pair's ledger (null for one-way records and before the first link). */
  pair: PairStateSchema.nullable(),
});
export type SyncRecord = z.infer<typeof SyncRecordSchema>;

/** One record as the source node hands it to the store. */
export const PulledRecordSchema = SyncRecordSchema.pick({
  sourceId: true,
  sourceHash: true,
  sourceData: true,
  sourceStatus: true,
});
export type PulledRecord = z.infer<typeof PulledRecordSchema>;

export interface UpsertPulledResult {
  created: number;
  changed: number;
  unchanged: number;
}

export const RecordEventKindSchema = z.enum(['lifecycle', 'source-status']);
export type RecordEventKind = z.infer<typeof RecordEventKindSchema>;

/**
 * A timestamped fact in a record's life: a lifecycle transition (`from` → `to` are record statuses, `from`
 * null when the record was first pulled) or a change of the source's own status (`from` → `to` are the
 * source's values).
 */
export const RecordEventSchema = z.object({
  id: IdSchema,
  tenantId: IdSchema,
  integrationId: IdSchema,
  recordId: IdSchema,
  kind: RecordEventKindSchema,
  at: TimestampSchema,
  from: z.string().nullable(),
  to: z.string(),
  runId: IdSchema.nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type RecordEvent = z.infer<typeof RecordEventSchema>;

export interface RecordSearch {
  integrationId?: string | undefined;
  status?: RecordStatus | undefined;
  /** Matches the source id, the destination number or id, or the record's text. */
  q?: string | undefined;
}
