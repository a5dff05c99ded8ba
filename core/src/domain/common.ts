import { z } from 'zod';

export const IdSchema = z.string().min(1).max(64);
export const TimestampSchema = z.iso.datetime();
export type Timestamp = z.infer<typeof TimestampSchema>;

export type TenantId = string;
export type UserId = string;
export type ConnectionId = string;
export type IntegrationId = string;
export type RecordId = string;
export type RunId = string;

/** A page of a list, newest first; pass `nextCursor` back as `cursor` to read on. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** How many items the whole list holds (same filter, every page): present when asked with `withTotal`. */
  total?: number;
}

export const PageRequestSchema = z.object({
  limit: z.number().int().min(1).max(500).default(50),
  cursor: z.string().max(64).optional(),
  /** Also count the whole list (a COUNT with the same filter): lists a person pages through ask for it. */
  withTotal: z.boolean().optional(),
});
export type PageRequest = z.input<typeof PageRequestSchema>;

/** An inclusive-exclusive time range [from, to). */
export const TimeRangeSchema = z
  .object({ from: TimestampSchema, to: TimestampSchema })
  .refine((range) => range.from < range.to, { message: '`from` must be before `to`' });
export type TimeRange = z.infer<typeof TimeRangeSchema>;

export const nowIso = (): Timestamp => new Date().toISOString();
