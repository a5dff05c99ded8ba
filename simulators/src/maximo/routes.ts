import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ApiDialect, SimEnv } from '../control/sim-env.js';
import type { Row, Selection } from './query.js';
import { matches, orderBy, parseSelect, parseWhere, project, QueryError } from './query.js';
import type { MaximoStore, ObjectStructure } from './store.js';
import { MaximoError, notFound, OBJECT_STRUCTURES, WORK_ORDERS_OS } from './store.js';

/*
 * Maximo's JSON API over the object structures (IBM's "Maximo REST API Guide"): lean JSON, queries with
 * oslc.where / oslc.select / oslc.orderBy, paging by oslc.pageSize and pageno with responseInfo.nextPage,
 * creates that answer the record when the `properties` header asks for it (else a Location header),
 * updates as POST with `x-method-override: PATCH` (patchtype MERGE), deletes, and errors as
 * `{"Error": {reasonCode, message, statusCode, extendedError}}`.
 */

/** Maximo's error body. */
export function maximoError(
  status: number,
  reasonCode: string,
  message: string,
  headers: Record<string, string> = {},
  origin = '',
): Response {
  return Response.json(
    {
      Error: {
        extendedError: { moreInfo: { href: `${origin}/maximo/api/error/messages/${reasonCode}` } },
        reasonCode,
        message: `${reasonCode} - ${message}`,
        statusCode: String(status),
      },
    },
    { status, headers },
  );
}

export const maximoDialect: ApiDialect = {
  rateLimited: (hit) =>
    maximoError(
      429,
      'BMXAA9549E',
      `The API rate limit of ${hit.limit} requests in ${hit.windowSeconds} seconds was exceeded.`,
      {
        'retry-after': String(Math.max(1, Math.ceil((hit.resetAt - hit.now) / 1000))),
      },
    ),
  serverError: (status) =>
    status === 503
      ? maximoError(503, 'BMXAA6713E', 'The server is temporarily unavailable; try again later.')
      : maximoError(
          500,
          'BMXAA4214E',
          'An unknown error has occurred. Contact your system administrator for assistance.',
        ),
  notFound: () => maximoError(404, 'BMXAA8727E', 'The OSLC resource was not found.'),
};

export interface MaximoAuth {
  /** API keys with full access. */
  apiKeys: readonly string[];
  /** API keys whose user may read but not write (403). */
  readOnlyApiKeys: readonly string[];
  /** maxauth users (base64 user:password). */
  users: ReadonlyArray<{ username: string; password: string }>;
}

type MaximoEnv = SimEnv & { Variables: { readOnly?: boolean } };

const isStructure = (name: string): name is ObjectStructure =>
  (OBJECT_STRUCTURES as readonly string[]).includes(name);

const fromError = (c: Context, error: unknown): Response => {
  const origin = new URL(c.req.url).origin;
  if (error instanceof MaximoError)
    return maximoError(error.status, error.reasonCode, error.message.replace(/^\S+ - /, ''), {}, origin);
  if (error instanceof QueryError) return maximoError(400, 'BMXAA8747E', error.message, {}, origin);
  throw error;
};

export function maximoRoutes(store: MaximoStore, auth: MaximoAuth): Hono<MaximoEnv> {
  const api = new Hono<MaximoEnv>();

  api.use('*', async (c, next) => {
    const key = c.req.header('apikey') ?? c.req.query('apikey');
    const maxauth = c.req.header('maxauth');
    let ok = false;
    if (key !== undefined) {
      ok = auth.apiKeys.includes(key) || auth.readOnlyApiKeys.includes(key);
      c.set('readOnly', auth.readOnlyApiKeys.includes(key));
    } else if (maxauth !== undefined) {
      const [username, password] = Buffer.from(maxauth, 'base64').toString('utf8').split(':');
      ok = auth.users.some((u) => u.username === username && u.password === password);
    }
    if (!ok)
      return maximoError(
        401,
        'BMXAA7901E',
        'You cannot log in at this time. Contact the system administrator.',
      );
    return next();
  });

  const hrefBase = (c: Context) => {
    const url = new URL(c.req.url);
    const prefix = url.pathname.startsWith('/maximo/oslc/') ? '/maximo/oslc/os' : '/maximo/api/os';
    return `${url.origin}${prefix}`;
  };
  const view = (c: Context, os: string, row: Row, selection: Selection) => {
    const { __restid: restId, ...fields } = row;
    return project({ href: `${hrefBase(c)}/${os}/${String(restId)}`, ...fields }, selection);
  };
  const structure = (c: Context): ObjectStructure => {
    const os = c.req.param('os')!.toLowerCase();
    if (!isStructure(os))
      throw new MaximoError(404, 'BMXAA8727E', `The object structure ${os.toUpperCase()} was not found.`);
    return os;
  };
  const refuseReadOnly = (c: Context<MaximoEnv>, os: string) => {
    if (c.get('readOnly'))
      throw new MaximoError(
        403,
        'BMXAA0024E',
        `The action UPDATE is not allowed on object ${os.toUpperCase()}. Verify the business rules for the object and define the appropriate action for the object.`,
      );
  };
  const bodyOf = async (c: Context): Promise<Record<string, unknown>> => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new MaximoError(400, 'BMXAA1870E', 'The JSON request body could not be parsed.');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new MaximoError(400, 'BMXAA1870E', 'The JSON request body must be an object.');
    return body as Record<string, unknown>;
  };
  /** What a write answers: the record when the properties header asks for it, else 201/204 without a body. */
  const written = (c: Context, os: string, row: Row, created: boolean) => {
    const properties = c.req.header('properties');
    const href = `${hrefBase(c)}/${os}/${String(row.__restid)}`;
    if (properties === undefined) return created ? c.body(null, 201, { location: href }) : c.body(null, 204);
    return c.json(
      view(c, os, row, parseSelect(properties)),
      created ? 201 : 200,
      created ? { location: href } : {},
    );
  };

  api.get('/:os', (c) => {
    try {
      const os = structure(c);
      const pageSize = Math.min(Number(c.req.query('oslc.pageSize') ?? 1000) || 1000, 1000);
      const pageno = Math.max(1, Number(c.req.query('pageno') ?? 1) || 1);
      const where = c.req.query('oslc.where');
      const conditions = where ? parseWhere(where) : [];
      const order = orderBy(c.req.query('oslc.orderBy'));
      let rows = store.list(os).filter((row) => matches(row, conditions));
      if (order) rows = [...rows].sort(order);
      const selection = parseSelect(c.req.query('oslc.select'));
      const totalPages = Math.max(1, Math.ceil(rows.length / pageSize));
      const member = rows
        .slice((pageno - 1) * pageSize, pageno * pageSize)
        .map((row) => view(c, os, row, selection));
      const url = new URL(c.req.url);
      const pageHref = (n: number) => {
        const next = new URL(url);
        next.searchParams.set('pageno', String(n));
        return next.toString();
      };
      const responseInfo: Record<string, unknown> = { href: url.toString(), pagenum: pageno };
      if (c.req.query('oslc.pageSize') !== undefined) responseInfo.totalPages = totalPages;
      if (pageno < totalPages && c.req.query('oslc.pageSize') !== undefined)
        responseInfo.nextPage = { href: pageHref(pageno + 1) };
      if (pageno > 1) responseInfo.previousPage = { href: pageHref(pageno - 1) };
      if (c.req.query('collectioncount') === '1') responseInfo.totalCount = rows.length;
      return c.json({ member, href: `${hrefBase(c)}/${os}`, responseInfo });
    } catch (error) {
      return fromError(c, error);
    }
  });

  api.get('/:os/:id', (c) => {
    try {
      const os = structure(c);
      const row = store.get(os, c.req.param('id'));
      if (!row) throw notFound(os, c.req.param('id'));
      return c.json(view(c, os, row, parseSelect(c.req.query('oslc.select') ?? c.req.header('properties'))));
    } catch (error) {
      return fromError(c, error);
    }
  });

  api.post('/:os', async (c) => {
    try {
      const os = structure(c);
      refuseReadOnly(c, os);
      if (os !== WORK_ORDERS_OS)
        throw new MaximoError(
          400,
          'BMXAA0024E',
          `The action ADD is not allowed on object ${os.toUpperCase()}.`,
        );
      return written(c, os, store.createWorkOrder(await bodyOf(c)), true);
    } catch (error) {
      return fromError(c, error);
    }
  });

  const remove = (c: Context<MaximoEnv>) => {
    const os = structure(c);
    refuseReadOnly(c, os);
    store.remove(os, c.req.param('id')!);
    return c.body(null, 204);
  };

  api.post('/:os/:id', async (c) => {
    try {
      const os = structure(c);
      const override = c.req.header('x-method-override')?.toUpperCase();
      if (override === 'DELETE') return remove(c);
      if (override !== 'PATCH')
        throw new MaximoError(
          400,
          'BMXAA8730E',
          'A POST to a member resource updates it only with the x-method-override: PATCH header.',
        );
      refuseReadOnly(c, os);
      if (os !== WORK_ORDERS_OS)
        throw new MaximoError(
          400,
          'BMXAA0024E',
          `The action UPDATE is not allowed on object ${os.toUpperCase()}.`,
        );
      const id = c.req.param('id');
      const current = store.get(os, id);
      if (!current) throw notFound(os, id);
      const ifMatch = c.req.header('if-match');
      if (ifMatch !== undefined && ifMatch !== current._rowstamp)
        throw new MaximoError(
          412,
          'BMXAA8229W',
          `Record ${os.toUpperCase()} has been updated by another user. Refresh the record and try again.`,
        );
      return written(c, os, store.updateWorkOrder(id, await bodyOf(c)), false);
    } catch (error) {
      return fromError(c, error);
    }
  });

  api.delete('/:os/:id', (c) => {
    try {
      return remove(c);
    } catch (error) {
      return fromError(c, error);
    }
  });

  return api;
}
