import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const PAGE_SIZE = 50;

/**
 * A list's filter and page, kept in the URL's search parameters so a reload, a shared link or Back finds the
 * same place. The page is a stack of cursors (one per page turned), so Previous needs no cursor backwards
 * from the API. `name` keeps two lists of one screen apart (e.g. `users.after`, `tenants.after`).
 */
export interface ListPage<F extends string = string> {
  /** The filter's values that are set. */
  filter: Partial<Record<F, string>>;
  /** Sets (or clears, with '') one filter value and goes back to the first page. */
  setFilter: (key: F, value: string) => void;
  /** What to ask the API for: the page size and the cursor of this page. */
  request: { limit: number; cursor?: string };
  /** How many items the pages before this one hold. */
  offset: number;
  hasPrevious: boolean;
  next: (cursor: string) => void;
  previous: () => void;
}

export function useListPage<F extends string = never>(
  options: { name?: string; filters?: readonly F[]; pageSize?: number } = {},
): ListPage<F> {
  const { name, filters = [], pageSize = PAGE_SIZE } = options;
  const [params, setParams] = useSearchParams();
  const keyOf = useCallback((key: string) => (name ? `${name}.${key}` : key), [name]);
  const afterKey = keyOf('after');
  const stack = params.getAll(afterKey);
  const cursor = stack.at(-1);
  // The filter's values as one string: the filter object stays the same until one of them changes.
  const filterKey = new URLSearchParams(
    filters.flatMap((key) => {
      const value = params.get(keyOf(key));
      return value ? [[key, value]] : [];
    }),
  ).toString();
  const filter = useMemo(
    () => Object.fromEntries(new URLSearchParams(filterKey)) as Partial<Record<F, string>>,
    [filterKey],
  );

  const change = useCallback(
    (edit: (next: URLSearchParams) => void) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        edit(next);
        return next;
      }),
    [setParams],
  );

  const setFilter = useCallback(
    (key: F, value: string) =>
      change((next) => {
        if (value) next.set(keyOf(key), value);
        else next.delete(keyOf(key));
        next.delete(afterKey);
      }),
    [change, keyOf, afterKey],
  );
  const next = useCallback(
    (nextCursor: string) => change((params) => params.append(afterKey, nextCursor)),
    [change, afterKey],
  );
  const previous = useCallback(
    () =>
      change((params) => {
        const kept = params.getAll(afterKey).slice(0, -1);
        params.delete(afterKey);
        for (const value of kept) params.append(afterKey, value);
      }),
    [change, afterKey],
  );

  return {
    filter,
    setFilter,
    request: { limit: pageSize, ...(cursor && { cursor }) },
    offset: stack.length * pageSize,
    hasPrevious: stack.length > 0,
    next,
    previous,
  };
}

/**
 * What a paged list shows: the page asked for, never the previous page while the next one arrives (its
 * rows would sit under the new page's range); loading until it is there.
 */
export function pageShown<
  R extends { currentData?: unknown; isFetching: boolean; isLoading: boolean; error?: unknown },
>(result: R): { data: NonNullable<R['currentData']> | undefined; loading: boolean; error: unknown } {
  const data = (result.currentData ?? undefined) as NonNullable<R['currentData']> | undefined;
  return {
    data,
    loading: data === undefined && !result.error && (result.isFetching || result.isLoading),
    error: result.error,
  };
}
