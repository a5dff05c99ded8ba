import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.js';
import { AuthorSchema } from './integration.js';

/*
 * A tenant system: a connector definition a tenant admin saved under a name (ARCHITECTURE.md, "A system is
 * a definition"). Connections of system `rest` pick one by `options.tenantSystemId`. Every save is a new,
 * immutable version; the system itself answers its latest one.
 */

export const TenantSystemLabelSchema = z
  .string()
  .trim()
  .min(1)
  .max(4)
  .regex(/^[\p{L}\p{N}]+$/u, 'letters and digits only, e.g. SN');

/** What a tenant admin saves: the definition is checked by the connector schema at the API edge. */
export const TenantSystemInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  /** The short label shown as the system's icon (2–4 letters). */
  label: TenantSystemLabelSchema,
  definition: z.record(z.string(), z.unknown()),
});
export type TenantSystemInput = z.input<typeof TenantSystemInputSchema>;

export const TenantSystemVersionSchema = z.object({
  id: IdSchema,
  tenantId: IdSchema,
  systemId: IdSchema,
  version: z.number().int().min(1),
  name: TenantSystemInputSchema.shape.name,
  label: TenantSystemLabelSchema,
  definition: TenantSystemInputSchema.shape.definition,
  savedBy: AuthorSchema.nullable(),
  savedAt: TimestampSchema,
});
export type TenantSystemVersion = z.infer<typeof TenantSystemVersionSchema>;

/** A tenant system as it is now: its latest version's content. */
export const TenantSystemSchema = z.object({
  id: IdSchema,
  tenantId: IdSchema,
  name: TenantSystemInputSchema.shape.name,
  label: TenantSystemLabelSchema,
  definition: TenantSystemInputSchema.shape.definition,
  version: z.number().int().min(1),
  updatedBy: AuthorSchema.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type TenantSystem = z.infer<typeof TenantSystemSchema>;
