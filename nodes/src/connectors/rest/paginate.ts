import type { HttpResponse } from '../../http/index.js';
import { nextLink } from '../shared/link-header.js';
import type { RestDefinition, StopCondition } from './definition.js';
import type { RenderedRequest, RestCaller } from './caller.js';
import { renderEndpoint } from './caller.js';
import type { TemplateValues } from './template.js';
import { select } from './template.js';

type List = RestDefinition['list'];

/** One page of a list: the request made, the records the selector found, and the next request or null. */
export interface ListPage {
  request: RenderedRequest;
  records: Record<string, unknown>[];
  next: RenderedRequest | null;
}

/** The list's first request, or the one `skip` records in for offset and page paging. */
export function listRequest(list: List, values: TemplateValues, pageSize: number, skip = 0): RenderedRequest {
  const request = renderEndpoint(list, values, 'list');
  const paginate = list.paginate;
  if (paginate.kind === 'offset') {
    request.query = { ...request.query, [paginate.offsetParam]: skip, [paginate.limitParam]: pageSize };
  } else if (paginate.kind === 'page') {
    request.query = {
      ...request.query,
      [paginate.pageParam]: paginate.firstPage + Math.floor(skip / pageSize),
      [paginate.sizeParam]: pageSize,
    };
  }
  return request;
}

/** Whether the definition's stop condition says this page is the last. */
function stops(
  stop: StopCondition | undefined,
  body: unknown,
  records: unknown[],
  pageSize: number,
  read: number,
) {
  if (!stop) return false;
  switch (stop.kind) {
    case 'short-page':
      return records.length < pageSize;
    case 'empty-page':
      return records.length === 0;
    case 'path-absent': {
      const value = select(body, stop.path);
      return value === undefined || value === null || value === '';
    }
    case 'path-equals':
      return select(body, stop.path) === stop.value;
    case 'total-reached': {
      const total = Number(select(body, stop.path));
      return Number.isFinite(total) && read >= total;
    }
  }
}

/** The request after `current`, or null when the paginator or the stop condition ends the walk. */
function nextRequest(
  list: List,
  current: RenderedRequest,
  response: HttpResponse,
  records: unknown[],
  pageSize: number,
  read: number,
): RenderedRequest | null {
  const paginate = list.paginate;
  if (paginate.kind === 'none' || records.length === 0) return null;
  if (stops(paginate.stopWhen, response.body, records, pageSize, read)) return null;
  switch (paginate.kind) {
    case 'offset': {
      const offset = Number(current.query[paginate.offsetParam] ?? 0) + records.length;
      return { ...current, query: { ...current.query, [paginate.offsetParam]: offset } };
    }
    case 'page': {
      const page = Number(current.query[paginate.pageParam] ?? paginate.firstPage) + 1;
      return { ...current, query: { ...current.query, [paginate.pageParam]: page } };
    }
    case 'cursor': {
      const token =
        paginate.from === 'header'
          ? response.headers[paginate.header!.toLowerCase()]
          : select(response.body, paginate.tokenPath!);
      if ((typeof token !== 'string' && typeof token !== 'number') || token === '') return null;
      return { ...current, query: { ...current.query, [paginate.param]: token } };
    }
    case 'next-url':
    case 'link-header': {
      const next =
        paginate.kind === 'next-url' ? select(response.body, paginate.path) : nextLink(response.headers.link);
      if (typeof next !== 'string' || next === '') return null;
      // The URL carries its own query; headers stay as the definition rendered them.
      return { ...current, path: next, query: {} };
    }
  }
}

const sameRequest = (a: RenderedRequest, b: RenderedRequest) =>
  a.path === b.path && JSON.stringify(a.query) === JSON.stringify(b.query);

/** Sends one list request and reads its records and next request. */
export async function fetchListPage(
  caller: RestCaller,
  list: List,
  request: RenderedRequest,
  pageSize: number,
  read: number,
  signal?: AbortSignal,
): Promise<ListPage> {
  const sent = await caller.send(request, { what: 'the list', signal });
  if (sent.ignored) return { request, records: [], next: null };
  const { response } = sent;
  const records = select(response.body, list.records);
  if (!Array.isArray(records)) {
    throw new Error(
      `The answer from ${response.url} has no list at ${list.records}; check the definition's list.records ` +
        `(the answer's top-level fields: ${topFields(response.body)}).`,
    );
  }
  const next = nextRequest(list, request, response, records, pageSize, read + records.length);
  if (next && sameRequest(next, request)) {
    throw new Error(
      `The list's next page would be the same request again (${request.path}); check the definition's ` +
        'list.paginate, or the walk would never end.',
    );
  }
  return { request, records: records as Record<string, unknown>[], next };
}

function topFields(body: unknown): string {
  if (typeof body !== 'object' || body === null) return typeof body;
  return Object.keys(body).slice(0, 10).join(', ') || 'none';
}

/** Every page the server leads to, from the first request on. */
export async function* serverPages(
  caller: RestCaller,
  list: List,
  values: TemplateValues,
  pageSize: number,
  signal?: AbortSignal,
): AsyncGenerator<ListPage> {
  let request: RenderedRequest | null = listRequest(list, values, pageSize);
  let read = 0;
  while (request) {
    const page: ListPage = await fetchListPage(caller, list, request, pageSize, read, signal);
    read += page.records.length;
    yield page;
    request = page.next;
  }
}
