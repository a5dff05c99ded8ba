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
  at: TimestampSchema,
  resolvedAt: TimestampSchema.nullable(),
  resolvedBy: IdSchema.nullable(),
});
export type ExceptionLog = z.infer<typeof ExceptionLogSchema>;

export const NewExceptionSchema = ExceptionLogSchema.omit({
  id: true,
  tenantId: true,
  at: true,
  resolvedAt: true,
  resolvedBy: true,
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
