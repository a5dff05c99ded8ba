import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.js';

export const RoleSchema = z.enum(['platform-admin', 'tenant-admin', 'editor', 'viewer']);
export type Role = z.infer<typeof RoleSchema>;

export const UserStatusSchema = z.enum(['active', 'invited', 'disabled']);

export const EmailSchema = z
  .email()
  .max(254)
  .transform((email) => email.toLowerCase());

export const UserSchema = z.object({
  id: IdSchema,
  tenantId: IdSchema,
  email: EmailSchema,
  name: z.string().min(1).max(200),
  role: RoleSchema,
  status: UserStatusSchema,
  /** argon2id hash; null until an invited user sets a password. Never leaves the API. */
  passwordHash: z.string().nullable(),
  lastLoginAt: TimestampSchema.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type User = z.infer<typeof UserSchema>;

export const NewUserSchema = UserSchema.pick({ email: true, name: true, role: true }).extend({
  status: UserStatusSchema.default('active'),
  passwordHash: z.string().nullable().default(null),
});
export type NewUser = z.input<typeof NewUserSchema>;

export const UserPatchSchema = z.object({
  name: UserSchema.shape.name.optional(),
  role: RoleSchema.optional(),
  status: UserStatusSchema.optional(),
  passwordHash: z.string().nullable().optional(),
  lastLoginAt: TimestampSchema.nullable().optional(),
});
export type UserPatch = z.input<typeof UserPatchSchema>;
