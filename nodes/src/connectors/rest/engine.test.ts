import { afterEach, describe, expect, it } from 'vitest';
import { PushRefused } from '../../destination/runtime.js';
import { HttpError } from '../../http/index.js';
import type { AddressPolicy } from '../../http/index.js';
import { connectionTo, FAST_HTTP, walkAll } from '../test-support.js';
import type { RestDefinitionInput } from './definition.js';
import { parseRestDefinition } from './definition.js';
import type { Answer, Received } from './fake-api.js';
import { fakeApi } from './fake-api.js';
import { restConnector } from './rest.js';

/* The generic engine against a small local API: what no simulator speaks, said by definition. */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function api(handle: (request: Received, url: string) => Answer | Promise<Answer>) {
  const server = await fakeApi(handle);
  cleanups.push(server.close);
  return server;
}

const LIST = {
  path: '/items',
  records: '$.items',
  paginate: { kind: 'none' },
  cursor: { field: 'updated_at' },
} as const;

function engine(
  baseUrl: string,
  definition: RestDefinitionInput,
  credentials: Record<string, unknown> = {},
  options: Record<string, unknown> = {},
  addressPolicy?: AddressPolicy,
) {
  const c = restConnector(
    {
      connection: connectionTo('rest', baseUrl, 'oauth2-client-credentials', { ...options, definition }),
      credentials,
      http: { ...FAST_HTTP, ...(addressPolicy && { addressPolicy }) },
    },
    parseRestDefinition('Test', definition),
  );
  cleanups.push(() => c.close());
  return c;
}

const item = (id: number) => ({ id: `i-${id}`, updated_at: `2025-01-0${1 + (id % 9)}T00:00:00Z` });

describe('the REST engine: authentication', () => {
  it('gets OAuth2 client-credentials tokens from a token URL on another host, client_secret_basic, templated scope and audience', async () => {
    const tokens = await api(() => ({ json: { access_token: 'tok-1', token_type: 'bearer' } }));
    const resource = await api((request) =>
      request.headers.authorization === 'Bearer tok-1'
        ? { json: { items: [item(1)] } }
        : { status: 401, json: {} },
    );
    const c = engine(
      resource.url,
      {
        auth: {
          kind: 'oauth2-client-credentials',
          tokenUrl: `${tokens.url}/{{options.tenant}}/oauth2/token`,
          clientId: '{{secrets.clientId}}',
          clientSecret: '{{secrets.clientSecret}}',
          scope: 'api://{{options.tenant}}/.default',
          audience: '{{options.audience?}}',
          params: { resource: 'facilities' },
          expiresInSeconds: 3600,
        },
        objects: [{ name: 'items' }],
        list: LIST,
      },
      { clientId: 'isync app', clientSecret: 's3cr3t' },
      { tenant: 'acme', audience: 'https://api.example' },
    );
    expect(
      (await walkAll(c.list({ object: 'items', updatedAfter: null, pageSize: 10 }))).records,
    ).toHaveLength(1);
    await walkAll(c.list({ object: 'items', updatedAfter: null, pageSize: 10 }));
    expect(tokens.received).toHaveLength(1);
    const [token] = tokens.received;
    expect(token!.path).toBe('/acme/oauth2/token');
    expect(token!.headers.authorization).toBe(`Basic ${Buffer.from('isync+app:s3cr3t').toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(token!.body))).toEqual({
      grant_type: 'client_credentials',
      scope: 'api://acme/.default',
      audience: 'https://api.example',
      resource: 'facilities',
    });
  });

  it('sends client_secret_post credentials as form fields, and renews the token once after a 401', async () => {
    let issued = 0;
    const tokens = await api(() => ({ json: { access_token: `tok-${++issued}`, expires_in: 3600 } }));
    const resource = await api((request) =>
      request.headers.authorization === 'Bearer tok-2'
        ? { json: { items: [item(1)] } }
        : { status: 401, json: {} },
    );
    const c = engine(
      resource.url,
      {
        auth: {
          kind: 'oauth2-client-credentials',
          tokenUrl: `${tokens.url}/token`,
          clientId: 'app',
          clientSecret: '{{secrets.clientSecret}}',
          clientAuth: 'client_secret_post',
        },
        objects: [{ name: 'items' }],
        list: LIST,
      },
      { clientSecret: 'post-secret' },
    );
    expect(
      (await walkAll(c.list({ object: 'items', updatedAfter: null, pageSize: 10 }))).records,
    ).toHaveLength(1);
    expect(tokens.received.map((r) => Object.fromEntries(new URLSearchParams(r.body)))).toEqual([
      { grant_type: 'client_credentials', client_id: 'app', client_secret: 'post-secret' },
      { grant_type: 'client_credentials', client_id: 'app', client_secret: 'post-secret' },
    ]);
    expect(tokens.received[0]!.headers.authorization).toBeUndefined();
  });

  it('reaches a token URL only where the outbound address policy lets the base URL', async () => {
    const resource = await api(() => ({ json: { items: [] } }));
    const definition: RestDefinitionInput = {
      auth: {
        kind: 'oauth2-client-credentials',
        tokenUrl: 'http://[::1]:9/token',
        clientId: 'a',
        clientSecret: 'b',
      },
      objects: [{ name: 'items' }],
      list: LIST,
    };
    // The operator allows 127.0.0.1 (where the API runs), not the rest of loopback.
    const c = engine(resource.url, definition, {}, {}, { allowPrivate: false, operatorHosts: ['127.0.0.1'] });
    const result = await c.testConnection();
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/iSync will not connect/) });
    expect(resource.received).toHaveLength(0);
  });

  it('sends an API key in the query or a header, and a bearer token', async () => {
    const server = await api(() => ({ json: { items: [] } }));
    const definitions: RestDefinitionInput['auth'][] = [
      { kind: 'api-key', in: 'query', name: 'api_key', value: '{{secrets.apiKey}}' },
      { kind: 'api-key', name: 'X-Token', value: 'k {{secrets.apiKey}}' },
      { kind: 'bearer', token: '{{secrets.apiKey}}' },
    ];
    for (const auth of definitions) {
      const c = engine(server.url, { auth, objects: [{ name: 'items' }], list: LIST }, { apiKey: 'key-1' });
      await walkAll(c.list({ object: 'items', updatedAfter: null, pageSize: 10 }));
    }
    const [query, header, bearer] = server.received;
    expect(query!.query).toEqual({ api_key: 'key-1' });
    expect(header!.headers['x-token']).toBe('k key-1');
    expect(bearer!.headers.authorization).toBe('Bearer key-1');
  });
});

describe('the REST engine: pagination and stop conditions', () => {
  const all = Array.from({ length: 23 }, (_, i) => item(i));

  it('follows a cursor from a header until the total is reached', async () => {
    const server = await api((request) => {
      const from = Number(request.query.after ?? 0);
      return {
        headers: { 'x-next-cursor': String(from + 10) },
        json: { items: all.slice(from, from + 10), meta: { total: all.length } },
      };
    });
    const c = engine(server.url, {
      auth: { kind: 'none' },
      objects: [{ name: 'items' }],
      list: {
        ...LIST,
        query: { size: '{{pageSize}}' },
        paginate: {
          kind: 'cursor',
          from: 'header',
          header: 'X-Next-Cursor',
          param: 'after',
          stopWhen: { kind: 'total-reached', path: '$.meta.total' },
        },
      },
    });
    const walked = await walkAll(c.list({ object: 'items', updatedAfter: null, pageSize: 10 }));
    expect(walked.records).toHaveLength(23);
    expect(server.received.map((r) => r.query.after ?? null)).toEqual([null, '10', '20']);
  });

  it('follows a body cursor until has_more is false, and refuses a next page that repeats the request', async () => {
    const server = await api((request) => {
      const from = Number(request.query.token ?? 0);
      return {
        json: { items: all.slice(from, from + 10), next: String(from + 10), has_more: from + 10 < 23 },
      };
    });
    const definition: RestDefinitionInput = {
      auth: { kind: 'none' },
      objects: [{ name: 'items' }],
      list: {
        ...LIST,
        paginate: {
          kind: 'cursor',
          param: 'token',
          tokenPath: '$.next',
          stopWhen: { kind: 'path-equals', path: '$.has_more', value: false },
        },
      },
    };
    expect(
      (
        await walkAll(
          engine(server.url, definition).list({ object: 'items', updatedAfter: null, pageSize: 10 }),
        )
      ).records,
    ).toHaveLength(23);

    const stuck = await api(() => ({ json: { items: [item(1)], next: '/items?page=1' } }));
    const looping = engine(stuck.url, {
      ...definition,
      list: { ...LIST, query: { page: '1' }, paginate: { kind: 'next-url', path: '$.next' } },
    });
    await expect(
      walkAll(looping.list({ object: 'items', updatedAfter: null, pageSize: 10 })),
    ).rejects.toThrow(/same request again/);
  });

  it("previews the list's first page: the request made, the parsed records and the next request", async () => {
    const server = await api((request) => ({
      headers: { link: `<${request.path}?page=2>; rel="next"` },
      json: { items: all.slice(0, 2) },
    }));
    const c = engine(server.url, {
      auth: { kind: 'none' },
      objects: [{ name: 'items' }],
      list: {
        ...LIST,
        query: { since: '{{cursor?}}', size: '{{pageSize}}' },
        paginate: { kind: 'link-header' },
      },
    });
    const preview = await c.previewList('items', 2);
    expect(preview).toMatchObject({
      request: { method: 'GET', path: '/items', query: { size: '2' } },
      records: all.slice(0, 2),
      next: { path: '/items?page=2', query: {} },
    });
  });
});

describe('the REST engine: error handler and writes', () => {
  it('retries an answer a rule says to retry, ignores one it says to ignore, and fails the others as told', async () => {
    let busy = 2;
    const server = await api((request) => {
      if (request.path === '/items' && request.method === 'GET') {
        if (busy-- > 0) return { status: 500, json: { error: { code: 'BUSY' } } };
        return { json: { items: [item(1)] } };
      }
      if (request.path === '/find') return { status: 404, json: { error: { code: 'NONE' } } };
      if (request.method === 'POST' && request.body.includes('bad'))
        return { status: 422, json: { errors: [{ field: 'name', message: 'name is taken' }] } };
      return { status: 409, headers: { 'x-reason': 'tenant-locked' }, json: { message: 'locked' } };
    });
    const c = engine(server.url, {
      auth: { kind: 'none' },
      objects: [{ name: 'items' }],
      errors: [
        {
          when: { status: ['5xx'], bodyPath: '$.error.code', bodyEquals: 'BUSY' },
          then: { action: 'retry', baseDelayMs: 1, maxDelayMs: 5 },
        },
        { when: { status: [404] }, then: { action: 'ignore' } },
        {
          when: { status: [422] },
          then: { action: 'fail', as: 'data', message: 'The system refused the record' },
        },
        {
          when: { header: 'X-Reason', headerContains: 'locked' },
          then: { action: 'fail', as: 'configuration' },
        },
      ],
      list: LIST,
      create: { path: '/items', body: { data: '{{fields}}', site: '{{options.site?}}' } },
      find: { path: '/find', query: { q: '{{field}}:{{value}}' }, records: '$.items' },
    });
    expect(
      (await walkAll(c.list({ object: 'items', updatedAfter: null, pageSize: 10 }))).records,
    ).toHaveLength(1);
    expect(server.received.filter((r) => r.path === '/items')).toHaveLength(3);
    expect(await c.findByCorrelation('items', 'ref', 'x')).toBeNull();

    const data = await c.create('items', { name: 'bad' }).catch((e: unknown) => e);
    expect(data).toBeInstanceOf(PushRefused);
    expect(data).toMatchObject({
      kind: 'validation',
      message: expect.stringContaining('The system refused the record'),
    });
    expect(data).toMatchObject({ message: expect.stringContaining('name is taken') });
    const config = await c.create('items', { name: 'good' }).catch((e: unknown) => e);
    expect(config).toBeInstanceOf(HttpError);
    expect(config).toMatchObject({
      status: 409,
      retryable: false,
      message: expect.stringContaining('configuration error'),
    });
    expect(JSON.parse(server.received.at(-1)!.body)).toEqual({ data: { name: 'good' } });
  });

  it('writes with a method override and its own headers, reads a created record from its Location, and deletes', async () => {
    const server = await api((request, url) => {
      if (request.method === 'POST' && request.path === '/items')
        return { status: 201, headers: { location: `${url}/items/7` } };
      if (request.method === 'GET')
        return { json: { id: '7', name: 'made', updated_at: '2025-01-01T00:00:00Z' } };
      if (request.method === 'DELETE') return { status: 204 };
      return { status: 204 };
    });
    const c = engine(server.url, {
      auth: { kind: 'none' },
      objects: [{ name: 'items' }],
      list: LIST,
      create: { path: '/{{object}}' },
      update: {
        path: '/{{object}}/{{id}}',
        headers: { 'if-match': '*' },
        methodOverride: { header: 'X-HTTP-Method-Override', method: 'PATCH' },
      },
      delete: { path: '/{{object}}/{{id}}' },
    });
    expect(await c.create('items', { name: 'made' })).toMatchObject({ id: '7', fields: { name: 'made' } });
    expect(await c.update('items', '7', { name: 'changed' })).toEqual({
      id: '7',
      number: null,
      fields: { name: 'changed' },
    });
    await c.remove('items', '7');
    expect(
      server.received.map((r) => [r.method, r.path, r.headers['x-http-method-override'] ?? null]),
    ).toEqual([
      ['POST', '/items', null],
      ['GET', '/items/7', null],
      ['POST', '/items/7', 'PATCH'],
      ['DELETE', '/items/7', null],
    ]);
    expect(server.received[2]!.headers['if-match']).toBe('*');
    expect(c.previewWrite('update', 'items', { a: 1 }, 'x y')).toMatchObject({
      method: 'POST',
      path: '/items/x%20y',
      headers: { 'X-HTTP-Method-Override': 'PATCH' },
      json: { a: 1 },
    });
  });
});
