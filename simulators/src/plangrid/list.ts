import type { Context } from 'hono';
import { parseIsoMicros } from '../shared/time.js';
import { plangridError } from './dialect.js';

export const MAX_PAGE_SIZE = 50;

export interface ListParams {
  skip: number;
  limit: number;
  /** Microseconds; records updated strictly after it. */
  updatedAfter: number | undefined;
}

const nonNegativeInt = (text: string | undefined, fallback: number) =>
  text === undefined || text === '' ? fallback : /^\d+$/.test(text) ? Number(text) : Number.NaN;

/** Reads `skip`, `limit` (clamped to 50) and `updated_after`, or answers 400. */
export function readListParams(c: Context): ListParams | Response {
  const skip = nonNegativeInt(c.req.query('skip'), 0);
  const limit = nonNegativeInt(c.req.query('limit'), MAX_PAGE_SIZE);
  if (Number.isNaN(skip)) return plangridError(400, 'skip must be a non-negative integer');
  if (Number.isNaN(limit) || limit < 1) return plangridError(400, 'limit must be a positive integer');
  const after = c.req.query('updated_after');
  const updatedAfter = after === undefined ? undefined : parseIsoMicros(after);
  if (after !== undefined && updatedAfter === undefined) {
    return plangridError(400, `updated_after must be an ISO-8601 date-time, got "${after}"`);
  }
  return { skip, limit: Math.min(limit, MAX_PAGE_SIZE), updatedAfter };
}

/** PlanGrid's list envelope, with an absolute `next_page_url` that keeps the other parameters. */
export function listBody<T>(c: Context, params: ListParams, page: { total: number; items: T[] }) {
  let next: string | null = null;
  if (params.skip + params.limit < page.total) {
    const url = new URL(c.req.url);
    url.searchParams.set('skip', String(params.skip + params.limit));
    url.searchParams.set('limit', String(params.limit));
    next = url.toString();
  }
  return { total_count: page.total, next_page_url: next, data: page.items };
}

export function slicePage<T>(items: T[], { skip, limit }: ListParams) {
  return { total: items.length, items: items.slice(skip, skip + limit) };
}
