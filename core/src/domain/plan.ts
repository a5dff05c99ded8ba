import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.js';
import { FlowSchema } from './flow.js';

/** One step of an execution plan: a flow node with its validated configuration, in run order. */
export const PlanStageSchema = z.object({
  nodeId: z.string().min(1).max(64),
  type: z.string().min(1).max(64),
  label: z.string().max(200),
  config: z.record(z.string(), z.unknown()),
  /** The node ids feeding this stage. */
  inputs: z.array(z.string()),
  /**
   * Two-way flows: the reverse direction's stages (destination → source) say so; the forward direction's,
   * and every stage of a one-way flow, leave it out.
   */
  direction: z.literal('reverse').optional(),
});
export type PlanStage = z.infer<typeof PlanStageSchema>;

export const PlanSchema = z.object({
  id: IdSchema,
  tenantId: IdSchema,
  integrationId: IdSchema,
  /** 1, 2, 3… per integration, assigned by the store. */
  version: z.number().int().min(1),
  /** Content hash of the stages: two compilations of the same flow agree. */
  hash: z.string().min(1).max(128),
  stages: z.array(PlanStageSchema),
  /** The draft flow this version was published from (null for versions stored before drafts were kept). */
  flow: FlowSchema.nullable(),
  /** Set when this version re-published an older version's content. */
  rolledBackFrom: z.number().int().min(1).nullable(),
  createdBy: IdSchema.nullable(),
  createdAt: TimestampSchema,
});
export type Plan = z.infer<typeof PlanSchema>;

export const NewPlanSchema = PlanSchema.pick({ hash: true, stages: true }).extend({
  flow: FlowSchema.nullable().default(null),
  rolledBackFrom: z.number().int().min(1).nullable().default(null),
  createdBy: IdSchema.nullable().default(null),
});
export type NewPlan = z.input<typeof NewPlanSchema>;
