import type { RunStatus } from './run.js';
import type { ExceptionKind } from './exception.js';

/** What happened to records, as counted on the day it happened (UTC). */
export const RECORD_OUTCOMES = [
  'initiated',
  'update-request',
  'created',
  'updated',
  'skipped',
  'failed',
] as const;
export type RecordOutcome = (typeof RECORD_OUTCOMES)[number];

/**
 * The run statuses insights count per day (queued runs have not run, skipped ticks never ran; canceled runs
 * count their records only).
 */
export type InsightsRunStatus = Exclude<RunStatus, 'queued' | 'canceled' | 'skipped'>;
export const INSIGHTS_RUN_STATUSES = [
  'running',
  'succeeded',
  'partial',
  'failed',
] as const satisfies readonly InsightsRunStatus[];

export interface Insights {
  /** One entry per day (`YYYY-MM-DD`, UTC) that has any activity, ascending. */
  recordsByDay: { day: string; outcomes: Record<RecordOutcome, number> }[];
  runsByDay: { day: string; statuses: Record<InsightsRunStatus, number> }[];
  topExceptionKinds: { kind: ExceptionKind; count: number }[];
  totals: { records: Record<RecordOutcome, number>; runs: number; averageRunMs: number | null };
}
