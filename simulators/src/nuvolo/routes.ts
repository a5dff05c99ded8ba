import type { Context } from 'hono';
import { Hono } from 'hono';
import type { EncodedQuery } from './encoded-query.js';
import { parseEncodedQuery } from './encoded-query.js';
import { nowError } from './dialect.js';
import type { AuthedEnv } from './oauth.js';
import { readJson } from '../shared/form.js';
import { joinJson } from '../shared/json-list.js';
import { renderOptions, renderRow, rowToJson } from './serialize.js';
import type { TableStore } from './table-store.js';
import { TableError } from './table-store.js';

const DEFAULT_LIMIT = 10_000;

/** Turns store errors into ServiceNow error answers. */
export function guarded(handler: (c: Context<AuthedEnv>) => Response | Promise<Response>) {
  return async (c: Context<AuthedEnv>) => {
    try {
      return await handler(c);
    } catch (error) {
      if (error instanceof TableError) return nowError(error.status, error.message, error.detail);
      throw error;
    }
  };
}

/** Reads a write's JSON object body, or answers 415 / 400 as ServiceNow does. */
export async function readRecordBody(c: Context): Promise<Record<string, unknown> | Response> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().includes('application/json')) {
    return nowError(
      415,
      'Unsupported Media Type',
      `Content type '${type || 'none'}' is not supported; send application/json`,
    );
  }
  const body: unknown = await readJson(c);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return nowError(400, 'Exception while reading request', 'The payload is not valid JSON.');
  }
  return body as Record<string, unknown>;
}

export function requireWriter(
  c: Context<AuthedEnv>,
  action: 'Insert' | 'Update' | 'Delete',
): Response | undefined {
  if (!c.get('user').readOnly) return undefined;
  return nowError(403, 'Operation Failed', `ACL Exception ${action} Failed due to security constraints`);
}

const parsedQueries = new Map<string, EncodedQuery>();
/** Clients repeat the same few queries page after page; parse each once. */
function cachedQuery(text = ''): EncodedQuery {
  let query = parsedQueries.get(text);
  if (!query) {
    if (parsedQueries.size > 500) parsedQueries.clear();
    query = parseEncodedQuery(text);
    parsedQueries.set(text, query);
  }
  return query;
}

const intParam = (text: string | undefined, fallback: number, min: number) => {
  const value = Number.parseInt(text ?? '', 10);
  return Number.isNaN(value) ? fallback : Math.max(min, value);
};

function linkHeader(c: Context, offset: number, limit: number, total: number): string {
  const url = new URL(c.req.url);
  url.searchParams.set('sysparm_limit', String(limit));
  const at = (at: number) => {
    url.searchParams.set('sysparm_offset', String(at));
    return `<${url.toString()}>`;
  };
  const links = [`${at(0)};rel="first"`];
  if (offset > 0) links.push(`${at(Math.max(0, offset - limit))};rel="prev"`);
  if (offset + limit < total) links.push(`${at(offset + limit)};rel="next"`);
  links.push(`${at(Math.max(0, Math.floor((total - 1) / limit) * limit))};rel="last"`);
  return links.join(',');
}

/**
 * The Table API under one base path. `v1` answers 404 for a list with no match where v2 and the
 * unversioned path answer `{"result": []}`.
 */
export function tableRoutes(store: TableStore, v1: boolean): Hono<AuthedEnv> {
  const app = new Hono<AuthedEnv>();
  const origin = (c: Context) => new URL(c.req.url).origin;
  const tableName = (c: Context) => {
    const name = c.req.param('table') ?? '';
    if (!store.hasTable(name))
      throw new TableError(400, `Invalid table ${name}`, 'The table does not exist on this instance');
    return name;
  };

  app.get(
    '/:table',
    guarded((c) => {
      const table = tableName(c);
      const query = c.req.query();
      const limit = intParam(query.sysparm_limit, DEFAULT_LIMIT, 1);
      const offset = intParam(query.sysparm_offset, 0, 0);
      const rows = store.query(table, cachedQuery(query.sysparm_query));
      const page = rows.slice(offset, offset + limit);
      if (v1 && page.length === 0) {
        return nowError(
          404,
          'No Record found',
          'Records matching query not found. Check query parameter or offset parameter',
        );
      }
      const options = renderOptions(query, origin(c));
      if (query.sysparm_no_count !== 'true') c.header('X-Total-Count', String(rows.length));
      if (query.sysparm_suppress_pagination_header !== 'true')
        c.header('Link', linkHeader(c, offset, limit, rows.length));
      const body = joinJson(
        '{"result":[',
        page.map((row) => rowToJson(store, table, row, options)),
        ']}',
      );
      return c.body(body, 200, { 'content-type': 'application/json' });
    }),
  );

  app.post(
    '/:table',
    guarded(async (c) => {
      const table = tableName(c);
      const denied = requireWriter(c, 'Insert');
      if (denied) return denied;
      const body = await readRecordBody(c);
      if (body instanceof Response) return body;
      const row = store.insert(table, body, c.get('user').username);
      c.header('Location', `${origin(c)}/api/now/table/${table}/${row.sys_id}`);
      return c.json({ result: renderRow(store, table, row, renderOptions(c.req.query(), origin(c))) }, 201);
    }),
  );

  app.get(
    '/:table/:sys_id',
    guarded((c) => {
      const table = tableName(c);
      const row = store.get(table, c.req.param('sys_id') ?? '');
      if (!row)
        return nowError(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
      return c.json({ result: renderRow(store, table, row, renderOptions(c.req.query(), origin(c))) });
    }),
  );

  const update = guarded(async (c) => {
    const table = tableName(c);
    const denied = requireWriter(c, 'Update');
    if (denied) return denied;
    const body = await readRecordBody(c);
    if (body instanceof Response) return body;
    const row = store.update(table, c.req.param('sys_id') ?? '', body, c.get('user').username);
    return c.json({ result: renderRow(store, table, row, renderOptions(c.req.query(), origin(c))) });
  });
  app.patch('/:table/:sys_id', update);
  app.put('/:table/:sys_id', update);

  app.delete(
    '/:table/:sys_id',
    guarded((c) => {
      const table = tableName(c);
      const denied = requireWriter(c, 'Delete');
      if (denied) return denied;
      store.delete(table, c.req.param('sys_id') ?? '');
      return c.body(null, 204);
    }),
  );

  const notSupported = (c: Context) =>
    nowError(405, 'Method not Supported', `${c.req.method} is not supported on ${c.req.path}`, {
      allow: c.req.param('sys_id') ? 'GET, PUT, PATCH, DELETE' : 'GET, POST',
    });
  app.all('/:table', notSupported);
  app.all('/:table/:sys_id', notSupported);
  return app;
}
