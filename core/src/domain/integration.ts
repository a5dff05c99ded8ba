import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.js';
import { FlowSchema } from './flow.js';

export const IntegrationStatusSchema = z.enum(['draft', 'active', 'paused', 'error', 'archived']);
export type IntegrationStatus = z.infer<typeof IntegrationStatusSchema>;

/** The wizard's five steps, in order. */
export const WIZARD_STEPS = ['details', 'source', 'destination', 'mappings', 'settings'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export const WizardStateSchema = z.object({
  details: z.boolean(),
  source: z.boolean(),
  destination: z.boolean(),
  mappings: z.boolean(),
  settings: z.boolean(),
});
export type WizardState = z.infer<typeof WizardStateSchema>;

export const ScheduleSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('interval'),
    everySeconds: z
      .number()
      .int()
      .min(1)
      .max(31 * 24 * 3600),
  }),
  z.object({
    kind: z.literal('cron'),
    expression: z.string().min(9).max(120),
    /**
     * Whether runs start at a stable offset within the period (the default: integrations on the same cron
     * do not all fire at once) or at the cron's exact times (`false`).
     */
    spread: z.boolean().optional(),
  }),
]);
export type Schedule = z.infer<typeof ScheduleSchema>;

export const StatusMappingSchema = z.object({ from: z.string().max(200), to: z.string().max(200) });

export const IntegrationSettingsSchema = z.object({
  /** Only source records updated inside this range are synced; open ends are unbounded. */
  dateRange: z.object({ from: TimestampSchema.nullable(), to: TimestampSchema.nullable() }),
  timezone: z.string().min(1).max(64),
  statusMappings: z.array(StatusMappingSchema).max(500),
});
export type IntegrationSettings = z.infer<typeof IntegrationSettingsSchema>;

/** Who did something, by id and by the name they had then. */
export const AuthorSchema = z.object({ id: IdSchema, name: z.string().max(200) });
export type Author = z.infer<typeof AuthorSchema>;

const StatusReasonSchema = z.string().max(2000).nullable();

export const IntegrationSchema = z.object({
  id: IdSchema,
  tenantId: IdSchema,
  title: z.string().min(1).max(200),
  description: z.string().max(4000),
  status: IntegrationStatusSchema,
  /** Why the integration is in `error` (it cannot be scheduled or run), in words a user can act on; else null. */
  statusReason: StatusReasonSchema.default(null),
  wizard: WizardStateSchema,
  sourceConnectionId: IdSchema.nullable(),
  destinationConnectionId: IdSchema.nullable(),
  flow: FlowSchema,
  schedule: ScheduleSchema,
  settings: IntegrationSettingsSchema,
  /** The published plan version the schedule runs (the live version); null until first published. */
  planVersion: z.number().int().min(1).nullable(),
  /** The draft (`flow` and the wizard's steps) is saved freely; each save increments this revision. */
  draftRevision: z.number().int().min(0),
  draftSavedBy: AuthorSchema.nullable(),
  draftSavedAt: TimestampSchema.nullable(),
  /** The source's high-water mark: the next pull asks for records updated after it (minus an overlap). */
  cursor: z.string().max(200).nullable(),
  /** Two-way flows: the way back's high-water mark in the destination. */
  reverseCursor: z.string().max(200).nullable(),
  templateId: z.string().max(100).nullable(),
  createdBy: IdSchema.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Integration = z.infer<typeof IntegrationSchema>;

export const NewIntegrationSchema = IntegrationSchema.pick({ title: true, description: true }).extend({
  createdBy: IdSchema.nullable().default(null),
  templateId: z.string().max(100).nullable().default(null),
});
export type NewIntegration = z.input<typeof NewIntegrationSchema>;

export const IntegrationPatchSchema = IntegrationSchema.pick({
  title: true,
  description: true,
  status: true,
  wizard: true,
  sourceConnectionId: true,
  destinationConnectionId: true,
  flow: true,
  schedule: true,
  settings: true,
  planVersion: true,
})
  .extend({ statusReason: StatusReasonSchema })
  .partial();
export type IntegrationPatch = z.input<typeof IntegrationPatchSchema>;

export const defaultSchedule = (): Schedule => ({ kind: 'interval', everySeconds: 15 * 60 });
export const defaultSettings = (): IntegrationSettings => ({
  dateRange: { from: null, to: null },
  timezone: 'UTC',
  statusMappings: [],
});
