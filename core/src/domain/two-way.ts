import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.js';

/*
 * Two-way sync (ARCHITECTURE.md, "The record lifecycle"): one integration, two directions over one ledger.
 * The forward direction (source → destination) creates and updates; the reverse direction (destination →
 * source) writes back to records the forward direction linked. "Source" and "destination" always name the
 * integration's sides, whichever direction is running.
 */

/** Who wins when both sides changed a field written both ways since the last sync. */
export const ConflictPolicySchema = z.enum(['source-wins', 'destination-wins', 'latest-change-wins', 'hold']);
export type ConflictPolicy = z.infer<typeof ConflictPolicySchema>;

export const CONFLICT_POLICY_LABELS: Record<ConflictPolicy, string> = {
  'source-wins': 'source wins',
  'destination-wins': 'destination wins',
  'latest-change-wins': 'latest change wins',
  hold: 'hold for review',
};

export const ConflictSideSchema = z.enum(['source', 'destination']);
export type ConflictSide = z.infer<typeof ConflictSideSchema>;

type Fields = Record<string, unknown>;
const FieldsSchema = z.record(z.string(), z.unknown());

/**
 * A conflict held for a person: both sides changed a two-way field since the last sync. Nothing is written
 * for it until someone decides; the decided value is written at the next run.
 */
export const HeldConflictSchema = z.object({
  /** The field on each side, e.g. PlanGrid `status` and Nuvolo `state`. */
  sourceField: z.string(),
  destinationField: z.string(),
  /** Each side's own value when the conflict was found. */
  sourceValue: z.unknown(),
  destinationValue: z.unknown(),
  /** What the destination gets if the source wins, and what the source gets if the destination wins. */
  toDestination: z.unknown(),
  toSource: z.unknown(),
  at: TimestampSchema,
  decision: ConflictSideSchema.nullable(),
  decidedBy: IdSchema.nullable(),
  decidedAt: TimestampSchema.nullable(),
});
export type HeldConflict = z.infer<typeof HeldConflictSchema>;

/**
 * What the ledger knows of a linked pair beyond the one-way record (whose `sourceData` is the source side).
 * `baseline` is each side as of the last sync with iSync's own writes applied: a pulled side equal to it
 * changed nothing a user did. `intent` holds the writes about to be sent, so that after a crash a write that
 * landed is recognised as iSync's own and one that did not is sent again.
 */
export const PairStateSchema = z.object({
  /** Grows with every save; a save from a stale read changes nothing (a person's decision is never lost). */
  revision: z.number().int().min(0),
  /** The destination record as the reverse direction last pulled it. */
  counterpart: z.object({ hash: z.string(), data: FieldsSchema }).nullable(),
  baseline: z.object({ source: FieldsSchema.nullable(), destination: FieldsSchema.nullable() }),
  intent: z.object({ source: FieldsSchema, destination: FieldsSchema, at: TimestampSchema }).nullable(),
  held: z.array(HeldConflictSchema).max(200),
  /** The status the record returns to when a change turns out to need no write (pushed, linked or updated). */
  settledStatus: z.enum(['pushed', 'linked', 'updated']),
});
export type PairState = z.infer<typeof PairStateSchema>;

export const emptyPairState = (settledStatus: PairState['settledStatus']): PairState => ({
  revision: 0,
  counterpart: null,
  baseline: { source: null, destination: null },
  intent: null,
  held: [],
  settledStatus,
});

/** Fields written both ways: the source field and the destination field of one two-way pair. */
export interface TwoWayField {
  sourceField: string;
  destinationField: string;
  policy: ConflictPolicy;
}

export type { Fields as PairFields };
