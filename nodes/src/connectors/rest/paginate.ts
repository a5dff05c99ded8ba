import type { AuthedApi } from '../shared/auth.js';
import { signalOf } from '../shared/http.js';
import { nextLink } from '../shared/link-header.js';
import type { RestDefinition } from './definition.js';
import { render, renderAll, select } from './template.js';

export interface PageRequest {
  list: RestDefinition['list'];
  values: Record<string, string | number | undefined>;
  pageSize: number;
  signal?: AbortSignal | undefined;
}

/** The records of each page, following the definition's pagination until the source has no more. */
export async function* restPages(
  api: AuthedApi,
  request: PageRequest,
): AsyncGenerator<Record<string, unknown>[]> {
  const { list, pageSize, values } = request;
  const paginate = list.paginate;
  const baseQuery = renderAll(list.query, values);
  let path = render(list.path, values);
  let query: Record<string, string | number> | undefined = baseQuery;
  for (let page = 0; ; page++) {
    if (paginate.kind === 'offset') {
      query = { ...baseQuery, [paginate.offsetParam]: page * pageSize, [paginate.limitParam]: pageSize };
    } else if (paginate.kind === 'page') {
      query = {
        ...baseQuery,
        [paginate.pageParam]: paginate.firstPage + page,
        [paginate.sizeParam]: pageSize,
      };
    }
    const response = await api.request({ path, ...(query ? { query } : {}), ...signalOf(request.signal) });
    const records = select(response.body, list.records);
    if (!Array.isArray(records)) {
      throw new Error(
        `The REST answer from ${response.url} has no list at ${list.records}; check the definition's list.records.`,
      );
    }
    yield records as Record<string, unknown>[];

    if (paginate.kind === 'offset' || paginate.kind === 'page') {
      if (records.length < pageSize) return;
    } else if (paginate.kind === 'next-link') {
      const next = paginate.body ? select(response.body, paginate.body) : nextLink(response.headers.link);
      if (typeof next !== 'string' || next === '') return;
      path = next;
      query = undefined;
    } else {
      const token = select(response.body, paginate.tokenPath);
      if ((typeof token !== 'string' && typeof token !== 'number') || token === '' || records.length === 0)
        return;
      query = { ...baseQuery, [paginate.param]: token };
    }
  }
}
