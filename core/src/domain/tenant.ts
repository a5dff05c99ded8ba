import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.js';

export const TenantLimitsSchema = z.object({
  maxIntegrations: z.number().int().min(0).default(25),
  /** The shortest schedule interval an integration of this tenant may use. */
  minScheduleSeconds: z.number().int().min(1).default(60),
  maxRecordsPerMonth: z.number().int().min(0).default(100_000),
  maxUsers: z.number().int().min(1).default(25),
  /** Origins allowed to frame embed views (`frame-ancestors`), e.g. `https://portal.example.com`. */
  allowedEmbedOrigins: z
    .array(z.url({ protocol: /^https?$/ }))
    .max(50)
    .default([]),
});
export type TenantLimits = z.infer<typeof TenantLimitsSchema>;

export const TenantStatusSchema = z.enum(['active', 'suspended']);

export const TenantSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  /** Short unique handle used in URLs and logs. */
  slug: z
    .string()
    .min(2)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
  status: TenantStatusSchema,
  limits: TenantLimitsSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Tenant = z.infer<typeof TenantSchema>;

export const NewTenantSchema = TenantSchema.pick({ name: true, slug: true }).extend({
  limits: TenantLimitsSchema.partial().default({}),
});
export type NewTenant = z.input<typeof NewTenantSchema>;

export const TenantPatchSchema = z.object({
  name: TenantSchema.shape.name.optional(),
  status: TenantStatusSchema.optional(),
  limits: TenantLimitsSchema.partial().optional(),
});
export type TenantPatch = z.input<typeof TenantPatchSchema>;

export interface TenantUsage {
  integrations: number;
  users: number;
  recordsThisMonth: number;
}
