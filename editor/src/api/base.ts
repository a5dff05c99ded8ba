import { createApi, fetchBaseQuery, type FetchBaseQueryError } from '@reduxjs/toolkit/query/react';
import type { SessionState } from './session';

/** The one RTK Query API; each screen's endpoints are injected from their own module. */
export const api = createApi({
  reducerPath: 'api',
  baseQuery: fetchBaseQuery({
    baseUrl: '/',
    credentials: 'same-origin',
    prepareHeaders: (headers, { getState, arg }) => {
      const session = (getState() as { session: SessionState }).session;
      // Every request that is not a read carries the CSRF token, queries sent as POST included.
      const method = (typeof arg === 'string' ? undefined : arg.method)?.toUpperCase() ?? 'GET';
      const writes = method !== 'GET' && method !== 'HEAD';
      if (session.embedToken) headers.set('Authorization', `Bearer ${session.embedToken}`);
      else if (session.csrfToken && writes) headers.set('X-CSRF-Token', session.csrfToken);
      return headers;
    },
  }),
  tagTypes: [
    'Me',
    'Integration',
    'Connection',
    'Run',
    'Record',
    'Exception',
    'Tenant',
    'User',
    'Insights',
    'NodeTypes',
    'Plan',
  ],
  endpoints: () => ({}),
});

/** The message of an API error answer (`{error: {message}}`), or a plain one. */
export function errorMessage(error: unknown): string {
  if (!error || typeof error !== 'object') return 'Something went wrong.';
  const fetchError = error as FetchBaseQueryError;
  if ('status' in fetchError) {
    const data = fetchError.data as { error?: { message?: string } } | undefined;
    if (data?.error?.message) return data.error.message;
    if (fetchError.status === 'FETCH_ERROR') return 'iSync cannot be reached; check your network.';
    return `The request failed (${String(fetchError.status)}).`;
  }
  return (error as { message?: string }).message ?? 'Something went wrong.';
}

/** The `code` of an API error answer (e.g. 'draft_conflict', 'overlap'), or undefined. */
export function errorCode(error: unknown): string | undefined {
  const data = (error as FetchBaseQueryError | undefined)?.data as { error?: { code?: string } } | undefined;
  return data?.error?.code;
}

/** A value of an API error answer's `details` (e.g. the `problems` of a 422). */
export function errorDetails<T>(error: unknown, key: string): T | undefined {
  const data = (error as FetchBaseQueryError | undefined)?.data as
    { error?: { details?: Record<string, unknown> } } | undefined;
  return data?.error?.details?.[key] as T | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** How many items the whole list (of the same filter) holds; lists a person pages through tell it. */
  total?: number;
}

/** Which page of a list to answer: its size and where it starts (the previous page's nextCursor). */
export interface PageRequest {
  limit?: number;
  cursor?: string;
}

/** A list's URL: its filter and page as search parameters, leaving out what is not set. */
export function listUrl(path: string, args: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(args)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
