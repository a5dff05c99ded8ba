import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.js';

/** Each limit without its default, so that a patch changes only the limits it names. */
const limitFields = {
  maxIntegrations: z.number().int().min(0),
  /** The shortest schedule interval an integration of this tenant may use. */
  minScheduleSeconds: z.number().int().min(1),
  maxRecordsPerMonth: z.number().int().min(0),
  maxUsers: z.number().int().min(1),
  /** Origins allowed to frame embed views (`frame-ancestors`), e.g. `https://portal.example.com`. */
  allowedEmbedOrigins: z.array(z.url({ protocol: /^https?$/ })).max(50),
  /**
   * Host names, addresses or CIDR ranges the tenant's connections may reach although they are private,
   * loopback or link-local (set by a tenant admin; see `nodes/src/http/address-policy.ts`).
   */
  allowedPrivateHosts: z.array(z.string().min(1).max(253)).max(50),
};

export const TenantLimitsSchema = z.object({
  maxIntegrations: limitFields.maxIntegrations.default(25),
  minScheduleSeconds: limitFields.minScheduleSeconds.default(60),
  maxRecordsPerMonth: limitFields.maxRecordsPerMonth.default(100_000),
  maxUsers: limitFields.maxUsers.default(25),
  allowedEmbedOrigins: limitFields.allowedEmbedOrigins.default([]),
  allowedPrivateHosts: limitFields.allowedPrivateHosts.default([]),
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
  // Without defaults: a patch of one limit must not reset the others.
  limits: z.object(limitFields).partial().optional(),
});
export type TenantPatch = z.input<typeof TenantPatchSchema>;

export interface TenantUsage {
  integrations: number;
  users: number;
  recordsThisMonth: number;
}
