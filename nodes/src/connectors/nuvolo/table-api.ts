import { UNPROCESSED_STATUSES } from '../../http/index.js';
import type { DestinationRef } from '../connector.js';
import type { AuthedApi } from '../shared/auth.js';
import { signalOf } from '../shared/http.js';
import { nextLink } from '../shared/link-header.js';

export const tablePath = (table: string, sysId?: string) =>
  `/api/now/table/${encodeURIComponent(table)}${sysId === undefined ? '' : `/${encodeURIComponent(sysId)}`}`;

/** References come back as plain sys_ids instead of `{link, value}`. */
const PLAIN_REFERENCES = { sysparm_exclude_reference_link: 'true' };

/** A caret inside a value is written `^^` in an encoded query. */
export const encodedValue = (value: string) => value.replaceAll('^', '^^');

/** `{link, value}` (and `{display_value, value}`) objects become their value, whatever the request asked for. */
export function unwrapReferences(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(row)) {
    const isReference =
      typeof value === 'object' && value !== null && !Array.isArray(value) && 'value' in value;
    out[field] = isReference ? (value as { value: unknown }).value : value;
  }
  return out;
}

export function destinationRef(row: Record<string, unknown>): DestinationRef {
  const fields = unwrapReferences(row);
  const number = fields.number;
  return {
    id: String(fields.sys_id),
    number: typeof number === 'string' && number !== '' ? number : null,
    fields,
  };
}

export interface TablePage {
  rows: Record<string, unknown>[];
  more: boolean;
}

/** One page of a table: `sysparm_query`, limit and offset; `more` from the `Link rel="next"` header. */
export async function queryTable(
  api: AuthedApi,
  table: string,
  query: { sysparm_query?: string; sysparm_limit: number; sysparm_offset?: number },
  signal?: AbortSignal,
): Promise<TablePage> {
  const response = await api.request<{ result: Record<string, unknown>[] }>({
    path: tablePath(table),
    query: { ...query, ...PLAIN_REFERENCES },
    ...signalOf(signal),
  });
  return {
    rows: response.body.result.map(unwrapReferences),
    more: nextLink(response.headers.link) !== undefined,
  };
}

/** Every row matching a query, following `Link rel="next"`. */
export async function queryAll(
  api: AuthedApi,
  table: string,
  sysparmQuery: string,
  signal?: AbortSignal,
): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let next: string | undefined = tablePath(table);
  let query: Record<string, string> | undefined = {
    sysparm_query: sysparmQuery,
    sysparm_limit: '1000',
    ...PLAIN_REFERENCES,
  };
  while (next !== undefined) {
    const response: { body: { result: Record<string, unknown>[] }; headers: Record<string, string> } =
      await api.request({ path: next, ...(query ? { query } : {}), ...signalOf(signal) });
    rows.push(...response.body.result.map(unwrapReferences));
    next = nextLink(response.headers.link);
    query = undefined;
  }
  return rows;
}

/**
 * Creates (POST) or updates (PATCH) a row. A create is repeated only after an answer proving it was not
 * made (429, 503): after a timeout or a lost answer it may exist, and the push finds it by correlation.
 */
export async function writeRow(
  api: AuthedApi,
  method: 'POST' | 'PATCH',
  path: string,
  fields: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<DestinationRef> {
  const { body } = await api.request<{ result: Record<string, unknown> }>({
    method,
    path,
    query: PLAIN_REFERENCES,
    json: fields,
    ...(method === 'POST' && { retryOn: UNPROCESSED_STATUSES }),
    ...signalOf(signal),
  });
  return destinationRef(body.result);
}
