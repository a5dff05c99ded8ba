import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.js';

export const RunTriggerSchema = z.enum(['schedule', 'manual', 'replay']);
export type RunTrigger = z.infer<typeof RunTriggerSchema>;

export const RunStatusSchema = z.enum(['running', 'succeeded', 'partial', 'failed']);
export type RunStatus = z.infer<typeof RunStatusSchema>;
export const FINISHED_RUN_STATUSES = ['succeeded', 'partial', 'failed'] as const;
export type FinishedRunStatus = (typeof FINISHED_RUN_STATUSES)[number];

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
