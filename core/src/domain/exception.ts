import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.js';

export const ExceptionPhaseSchema = z.enum(['pull', 'transform', 'push']);
export const ExceptionKindSchema = z.enum([
  'auth',
  'rate-limit',
  'validation',
  'mapping',
  'expression',
  'api-4xx',
  'api-5xx',
  'timeout',
  'network',
  /** Two-way sync: both sides changed a field written both ways, and its policy holds it for a person. */
  'conflict',
]);
export type ExceptionKind = z.infer<typeof ExceptionKindSchema>;

export const ExceptionLogSchema = z.object({
  id: IdSchema,
  tenantId: IdSchema,
  integrationId: IdSchema,
  runId: IdSchema.nullable(),
  phase: ExceptionPhaseSchema,
  kind: ExceptionKindSchema,
  message: z.string().max(4000),
  httpStatus: z.number().int().min(100).max(599).nullable(),
  /** A redacted excerpt of the remote answer. */
  responseSnippet: z.string().max(2000).nullable(),
  nodeId: z.string().max(64).nullable(),
  recordId: IdSchema.nullable(),
  /** When it first happened; `lastSeenAt` when it last did. */
  at: TimestampSchema,
  /** The failure without what-happens-next: the same cause on the same record is one row that counts. */
  cause: z.string().max(4000),
  occurrences: z.number().int().min(1),
  lastSeenAt: TimestampSchema,
  resolvedAt: TimestampSchema.nullable(),
  /** The user who resolved it; null when iSync did (its record went through later) or nobody yet. */
  resolvedBy: IdSchema.nullable(),
  /** The run in which its record went through, when that resolved it. */
  resolvedByRunId: IdSchema.nullable(),
});
export type ExceptionLog = z.infer<typeof ExceptionLogSchema>;

/**
 * The cause of a failure message: what went wrong, without the sentence that says what happens next (its
 * retry time and attempt number change every time the same thing fails again).
 */
export const exceptionCause = (message: string): string =>
  message.replace(/\s*(iSync tries again at .*|Tried \d+ times; .*|It waits for a change .*)$/s, '').trim();

export const NewExceptionSchema = ExceptionLogSchema.omit({
  id: true,
  tenantId: true,
  at: true,
  cause: true,
  occurrences: true,
  lastSeenAt: true,
  resolvedAt: true,
  resolvedBy: true,
  resolvedByRunId: true,
}).extend({ at: TimestampSchema.optional() });
export type NewException = z.input<typeof NewExceptionSchema>;

export interface ExceptionFilter {
  integrationId?: string | undefined;
  nodeId?: string | undefined;
  kind?: ExceptionKind | undefined;
  from?: string | undefined;
  to?: string | undefined;
  resolved?: boolean | undefined;
}
