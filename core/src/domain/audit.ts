import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.js';

/** Every change the audit log records: `<what>.<verb>`, in the words of the product. */
export const AUDIT_ACTIONS = [
  'tenant.created',
  'tenant.updated',
  'user.invited',
  'user.created',
  'user.updated',
  'connection.created',
  'connection.updated',
  'connection.deleted',
  'tenant-system.created',
  'tenant-system.updated',
  'tenant-system.deleted',
  'connector-definition.write-sent',
  'integration.created',
  'integration.updated',
  'integration.activated',
  'integration.paused',
  'integration.resumed',
  'integration.archived',
  'integration.duplicated',
  'integration.run-requested',
  'integration.published',
  'integration.rolled-back',
  'integration.test-run',
  'records.replayed',
  'records.conflict-decided',
  'run.canceled',
  'exception.resolved',
  'embed-token.issued',
  'embed-origins.updated',
  'connection-hosts.updated',
  'api-token.created',
  'api-token.revoked',
  'user.signed-in',
  'user.sign-in-failed',
] as const;
export const AuditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditActionSchema>;

export const AuditTargetTypeSchema = z.enum([
  'tenant',
  'user',
  'connection',
  'tenant-system',
  'integration',
  'run',
  'record',
  'exception',
  'api-token',
]);

/** Who made the change: a signed-in user, a user's API token, an embed token, or iSync itself. */
export const AuditActorSchema = z.object({
  kind: z.enum(['user', 'api-token', 'embed', 'system']),
  userId: IdSchema.nullable(),
  /** For display; the user's email when the change was made. */
  email: z.string().max(320).nullable(),
});
export type AuditActor = z.infer<typeof AuditActorSchema>;

/**
 * One admin or configuration change: who did what to which object, and when. `details` holds what changed,
 * redacted before it is recorded: never a credential (a connection's new credentials are recorded as
 * "credentials replaced" only).
 */
export const AuditEntrySchema = z.object({
  id: IdSchema,
  tenantId: IdSchema,
  at: TimestampSchema,
  actor: AuditActorSchema,
  action: AuditActionSchema,
  target: z.object({ type: AuditTargetTypeSchema, id: IdSchema }),
  summary: z.string().min(1).max(500),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const NewAuditEntrySchema = AuditEntrySchema.omit({ id: true, tenantId: true, at: true }).extend({
  at: TimestampSchema.optional(),
  details: AuditEntrySchema.shape.details.default({}),
});
export type NewAuditEntry = z.input<typeof NewAuditEntrySchema>;

/** Entries matching every given option; `from`/`to` bound `at` as [from, to). */
export interface AuditFilter {
  action?: AuditAction | undefined;
  actorId?: string | undefined;
  targetId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}
