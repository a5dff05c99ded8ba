import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.js';

export const RunTriggerSchema = z.enum(['schedule', 'manual', 'replay']);
export type RunTrigger = z.infer<typeof RunTriggerSchema>;

/**
 * `queued`: asked for (run now, replay) and waiting for its turn — for the run in hand to end, or for an
 * executor; it has no counts yet and its `startedAt` is when it was asked for until it starts.
 * `canceled`: stopped by a person (before it started, or at the batch in hand), keeping what it had done.
 * `skipped`: a scheduled tick that could not start (its integration's run was still going); its error says
 * why. It did nothing: the run going picks up what changed.
 */
export const RunStatusSchema = z.enum([
  'queued',
  'running',
  'succeeded',
  'partial',
  'failed',
  'canceled',
  'skipped',
]);
export type RunStatus = z.infer<typeof RunStatusSchema>;
export const FINISHED_RUN_STATUSES = ['succeeded', 'partial', 'failed', 'canceled', 'skipped'] as const;
export type FinishedRunStatus = (typeof FINISHED_RUN_STATUSES)[number];
/** A run that has not ended yet: waiting for its turn, or going. */
export const isUnfinishedRun = (status: RunStatus): status is 'queued' | 'running' =>
  status === 'queued' || status === 'running';

export const RunCountsSchema = z.object({
  pulled: z.number().int().min(0),
  new: z.number().int().min(0),
  changed: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  skipped: z.number().int().min(0),
  created: z.number().int().min(0),
  /** Records matched to an existing destination record instead of created; runs stored before it count 0. */
  linked: z.number().int().min(0).default(0),
  updated: z.number().int().min(0),
  failed: z.number().int().min(0),
  /** Created by a run that was killed before it heard back, found again by correlation. */
  recovered: z.number().int().min(0).default(0),
  /** The integration's records left failed when the run ended (retried later, or needing attention). */
  waiting: z.number().int().min(0).default(0),
});
export type RunCounts = z.infer<typeof RunCountsSchema>;

export const emptyRunCounts = (): RunCounts => ({
  pulled: 0,
  new: 0,
  changed: 0,
  unchanged: 0,
  skipped: 0,
  created: 0,
  linked: 0,
  updated: 0,
  failed: 0,
  recovered: 0,
  waiting: 0,
});

/** A run's counts as any version stored them: the counts added since (linked, recovered, waiting) are 0. */
export const completeRunCounts = (stored: Partial<RunCounts> | null | undefined): RunCounts => ({
  ...emptyRunCounts(),
  ...stored,
});

export const NodeTraceSchema = z.object({
  nodeId: z.string(),
  type: z.string(),
  in: z.number().int().min(0),
  out: z.number().int().min(0),
  skipped: z.number().int().min(0),
  failed: z.number().int().min(0),
  durationMs: z.number().min(0),
  /** Up to five redacted items as they went in and came out. */
  samples: z.array(z.object({ input: z.unknown(), output: z.unknown() })).max(5),
});
export type NodeTrace = z.infer<typeof NodeTraceSchema>;

export const RunSchema = z.object({
  id: IdSchema,
  tenantId: IdSchema,
  integrationId: IdSchema,
  planVersion: z.number().int().min(1),
  trigger: RunTriggerSchema,
  status: RunStatusSchema,
  startedAt: TimestampSchema,
  finishedAt: TimestampSchema.nullable(),
  counts: RunCountsSchema,
  cursorBefore: z.string().nullable(),
  cursorAfter: z.string().nullable(),
  nodeTraces: z.array(NodeTraceSchema),
  /** Why a run failed as a whole, in words a user can act on. */
  error: z.string().max(4000).nullable(),
  /** Which executor process ran it (queue mode). */
  executorId: z.string().max(200).nullable(),
});
export type Run = z.infer<typeof RunSchema>;
/** A run as lists show it: without its node traces, the one large document of a run. */
export type RunSummary = Omit<Run, 'nodeTraces'>;

export const NewRunSchema = RunSchema.pick({
  integrationId: true,
  planVersion: true,
  trigger: true,
  cursorBefore: true,
}).extend({ executorId: z.string().max(200).nullable().default(null) });
export type NewRun = z.input<typeof NewRunSchema>;

/** A run asked for now, queued until it can start (it takes the live plan version and cursor then). */
export const NewQueuedRunSchema = RunSchema.pick({ integrationId: true, planVersion: true, trigger: true });
export type NewQueuedRun = z.input<typeof NewQueuedRunSchema>;

/** A scheduled tick that could not start, and why. */
export interface SkippedTick {
  integrationId: string;
  planVersion: number;
  reason: string;
  /** The executor whose tick it was. */
  executorId?: string | null;
}

/** What a queued run takes when it starts. */
export interface RunStart {
  planVersion: number;
  cursorBefore: string | null;
  executorId: string | null;
}

/** How a queued run that never started ends: canceled by a person, or failed because nothing can run it. */
export interface QueuedRunClose {
  status: 'canceled' | 'failed';
  error: string;
}

/** What a running run has done so far. */
export interface RunProgress {
  counts: RunCounts;
  nodeTraces: NodeTrace[];
}

export interface RunFinish {
  status: FinishedRunStatus;
  counts: RunCounts;
  cursorAfter: string | null;
  nodeTraces: NodeTrace[];
  error?: string | null;
}

export interface RunFilter {
  integrationId?: string | undefined;
  status?: RunStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
}
