import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConnectionSchema,
  IntegrationSchema,
  TenantSchema,
  UserSchema,
  type Tenant,
  type User,
} from '@isync/core';
import { apiWorld, PASSWORD, type ApiWorld } from '../testing/api-world.js';

/*
 * Hostile input over every JSON request body the OpenAPI document declares, and over the flow
 * document: random, huge, deeply nested and wrong-typed values, prototype-pollution keys, bodies
 * over the 1 MB limit, invalid JSON and invalid UTF-8. The API may refuse any of it, never with a
 * 5xx, never by storing something its own schemas would not read back.
 * RELIABILITY_RUNS sets the random bodies per route (default 12, a few seconds in `npm test`).
 */
const RUNS = Number(process.env.RELIABILITY_RUNS ?? 12);
const MB = 2 ** 20;

interface Route {
  method: string;
  path: string;
  schema: JsonSchema;
}
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
}

interface Session {
  cookie: string;
  csrf: string;
}

let world: ApiWorld;
let routes: Route[] = [];
let components: Record<string, JsonSchema> = {};
const ids: Record<string, string> = {};
let tried = 0;
const statuses: Record<string, number> = {};
const failures: string[] = [];

async function signIn(user: User): Promise<Session> {
  const answer = await world.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: PASSWORD }),
  });
  const cookie = answer.headers.get('set-cookie')?.split(';')[0];
  const { csrfToken } = (await answer.json()) as { csrfToken: string };
  if (!cookie) throw new Error(`sign-in as ${user.email} failed`);
  return { cookie, csrf: csrfToken };
}

const sessions = new Map<string, Session>();
async function sessionFor(user: User): Promise<Session> {
  const known = sessions.get(user.id);
  if (known) return known;
  const session = await signIn(user);
  sessions.set(user.id, session);
  return session;
}

/** Platform routes need the platform admin; everything else reaches validation as the tenant admin. */
const signerFor = (path: string): User =>
  path.startsWith('/api/tenants') ? world.platformAdmin : world.acme.users['tenant-admin'];

function concretePath(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const kind = path.split('/')[2] ?? '';
    return ids[kind] ?? ids[name] ?? 'no-such-id';
  });
}

/** Sends one body as raw bytes or text and records the answer; a 5xx or a thrown request is a failure. */
async function send(
  route: Route,
  body: string | Uint8Array,
  contentType = 'application/json',
): Promise<number> {
  const user = signerFor(route.path);
  const session = await sessionFor(user);
  const path = concretePath(route.path);
  tried++;
  let status: number;
  try {
    const answer = await world.app.request(path, {
      method: route.method,
      headers: { 'content-type': contentType, cookie: session.cookie, 'x-csrf-token': session.csrf },
      body,
    });
    status = answer.status;
    await answer.arrayBuffer();
  } catch (error) {
    status = 599;
    failures.push(`${route.method} ${route.path}: threw ${String(error)}`);
  }
  statuses[`${route.method} ${route.path} ${status}`] =
    (statuses[`${route.method} ${route.path} ${status}`] ?? 0) + 1;
  if (status === 401) sessions.delete(user.id);
  if (status >= 500) {
    const preview = typeof body === 'string' ? body.slice(0, 200) : `${body.length} bytes`;
    failures.push(`${route.method} ${route.path} → ${status} for ${preview}`);
  }
  return status;
}

// ---- values -----------------------------------------------------------------------------------

const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** A JSON text nesting `[` or `{"a":` `depth` times. */
const nested = (depth: number, object: boolean) =>
  object ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth);

const hostileLeaf = fc.oneof(
  fc.anything({ maxDepth: 4, withNullPrototype: true, withBoxedValues: false }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    'x'.repeat(100_000),
    -1,
    0,
    1e308,
    -0,
    Number.MAX_SAFE_INTEGER + 2,
    true,
    null,
    [],
    {},
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "'; DROP TABLE integrations; --",
    '{{secrets.password}}',
    'http://169.254.169.254/latest/meta-data/',
  ),
);

function resolve(schema: JsonSchema): JsonSchema {
  if (schema.$ref) return resolve(components[schema.$ref.split('/').pop() ?? ''] ?? {});
  return schema;
}

/** Values shaped by the schema, with any part of them swapped for something hostile. */
function shaped(raw: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(raw);
  const variants = schema.anyOf ?? schema.oneOf;
  let valid: fc.Arbitrary<unknown>;
  if (variants && depth < 6) valid = fc.oneof(...variants.map((s) => shaped(s, depth + 1)));
  else if (schema.allOf && depth < 6) valid = shaped(schema.allOf[0] ?? {}, depth + 1);
  else if (schema.enum) valid = fc.constantFrom(...schema.enum);
  else if (schema.properties && depth < 6) {
    const properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [key, shaped(value, depth + 1)]),
    );
    valid = fc.record(properties, { requiredKeys: schema.required ?? [] });
  } else {
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    if (type === 'string') valid = fc.string({ maxLength: 40 });
    else if (type === 'integer') valid = fc.integer();
    else if (type === 'number') valid = fc.double();
    else if (type === 'boolean') valid = fc.boolean();
    else if (type === 'array' && depth < 6)
      valid = fc.array(shaped(schema.items ?? {}, depth + 1), { maxLength: 3 });
    else valid = fc.anything({ maxDepth: 2 });
  }
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: hostileLeaf });
}

/** JSON text of `value` with prototype-pollution keys spliced into its objects as own keys. */
function withPollution(value: unknown, key: (typeof POLLUTION_KEYS)[number]): string {
  const payload = key === '__proto__' ? '{"polluted":"yes"}' : '{"prototype":{"polluted":"yes"}}';
  const text = JSON.stringify(value) ?? 'null';
  return text.replace(/\{(?!\})/g, `{"${key}":${payload},`).replace(/^\{\}$/, `{"${key}":${payload}}`);
}

// ---- the suite --------------------------------------------------------------------------------

beforeAll(async () => {
  world = await apiWorld();
  const admin = await world.as(world.acme.users['tenant-admin']);
  const integration = await admin.post('/api/integrations', { title: 'Hostile target', description: '' });
  ids.integrations = String(integration.json.id);
  ids.users = world.acme.users.viewer.id;
  ids.tenants = world.globex.tenant.id;
  const connection = await admin.post('/api/connections', {
    name: 'Hostile connection',
    system: 'rest',
    baseUrl: 'http://127.0.0.1:9',
    auth: { kind: 'none' },
  });
  if (connection.json?.id) ids.connections = String(connection.json.id);

  const document = (await (await world.app.request('/api/openapi.json')).json()) as {
    paths: Record<
      string,
      Record<string, { requestBody?: { content?: Record<string, { schema: JsonSchema }> } }>
    >;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  components = document.components?.schemas ?? {};
  routes = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).flatMap(([method, operation]) => {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      // Signing out or switching tenant would end the session the rest of the run needs.
      if (!schema || path === '/api/auth/logout' || path === '/api/auth/switch-tenant') return [];
      return [{ method: method.toUpperCase(), path, schema }];
    }),
  );
}, 30_000);

afterAll(async () => {
  console.log(`reliability: hostile-input: ${tried} inputs, ${failures.length} 5xx`);
  if (process.env.RELIABILITY_DEBUG) console.log(statuses);
  await world?.close();
});

describe('hostile input', () => {
  it('the OpenAPI document declares JSON bodies, including the flow document', () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['PUT /api/integrations/{id}/flow', 'POST /api/integrations/{id}/compile']),
    );
  });

  it('bodies over 1 MB are refused with 413 before they are read', async () => {
    for (const route of routes) {
      const status = await send(route, JSON.stringify({ name: 'x'.repeat(10 * MB) }));
      expect(status, `${route.method} ${route.path}`).toBe(413);
    }
  });

  it('malformed bodies are refused with a 4xx', async () => {
    const malformed: Array<[string | Uint8Array, string?]> = [
      ['{'],
      ['[1,'],
      ['nul'],
      [''],
      ['"just a string"'],
      ['12345678901234567890e999999'],
      [new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d])],
      [new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d])],
      ['{"title": "t"}', 'text/plain'],
      ['{"title": "t"}', 'application/json; charset=utf-16'],
      [nested(100_000, false)],
      [nested(60_000, true)],
      ['{"a":1,"a":2,"__proto__":{"polluted":"yes"}}'],
    ];
    for (const route of routes) {
      for (const [body, contentType] of malformed) {
        const status = await send(route, body, contentType);
        expect(status, `${route.method} ${route.path}`).toBeLessThan(500);
      }
    }
  });

  it('random, huge, nested, wrong-typed and polluted bodies never answer 5xx', async () => {
    for (const route of routes) {
      const body = fc.oneof(
        shaped(route.schema).map((value) => JSON.stringify(value) ?? 'null'),
        fc
          .tuple(shaped(route.schema), fc.constantFrom(...POLLUTION_KEYS))
          .map(([value, key]) => withPollution(value, key)),
        fc.anything({ maxDepth: 6, maxKeys: 8 }).map((value) => JSON.stringify(value) ?? 'null'),
      );
      await fc.assert(
        fc.asyncProperty(body, async (text) => (await send(route, text)) < 500),
        { numRuns: RUNS, endOnFailure: true },
      );
    }
  }, 120_000);

  it('hostile flow documents never answer 5xx', async () => {
    const route = routes.find((r) => r.path === '/api/integrations/{id}/flow' && r.method === 'PUT');
    const compile = routes.find((r) => r.path === '/api/integrations/{id}/compile');
    expect(route && compile).toBeTruthy();
    const expression = fc.constantFrom(
      'record.a',
      'new Array(2 ** 27).fill(0)',
      '(() => { for (;;) {} })()',
      '1); x(',
      '',
    );
    const node = fc.record({
      id: fc.oneof(fc.constantFrom('a', 'b', 'c', ...POLLUTION_KEYS), fc.string({ maxLength: 8 })),
      type: fc.oneof(
        fc.constantFrom('source', 'field-map', 'status-map', 'filter', 'destination', 'lookup', 'nope'),
        fc.string(),
      ),
      position: fc.oneof(
        fc.record({ x: fc.integer(), y: fc.integer() }),
        fc.record({ x: fc.double(), y: fc.double() }),
      ),
      data: fc.record(
        {
          label: fc.string({ maxLength: 20 }),
          config: fc.oneof(
            fc.anything({ maxDepth: 3 }),
            fc.record({ expressions: fc.dictionary(fc.string({ maxLength: 6 }), expression) }),
            fc.record({ fields: fc.array(fc.record({ target: fc.string(), expression }), { maxLength: 4 }) }),
          ),
        },
        { requiredKeys: ['config'] },
      ),
    });
    const ids = fc.constantFrom('a', 'b', 'c', '__proto__', 'missing');
    const edge = fc.record({
      id: fc.string({ maxLength: 6 }),
      source: ids,
      target: ids,
      sourceHandle: fc.option(fc.string({ maxLength: 6 })),
      targetHandle: fc.option(fc.string({ maxLength: 6 })),
    });
    const flow = fc.record(
      {
        schemaVersion: fc.oneof({ weight: 5, arbitrary: fc.constant(1) }, fc.anything({ maxDepth: 1 })),
        nodes: fc.oneof(
          { weight: 5, arbitrary: fc.array(node, { maxLength: 12 }) },
          fc.anything({ maxDepth: 2 }),
        ),
        edges: fc.oneof(
          { weight: 5, arbitrary: fc.array(edge, { maxLength: 20 }) },
          fc.anything({ maxDepth: 2 }),
        ),
      },
      { requiredKeys: ['schemaVersion', 'nodes', 'edges'] },
    );
    const body = fc.oneof(
      flow.map((f) => JSON.stringify({ flow: f })),
      flow.map((f) => JSON.stringify(f)),
      fc.tuple(flow, fc.constantFrom(...POLLUTION_KEYS)).map(([f, key]) => withPollution({ flow: f }, key)),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const put = await send(route!, text);
        const compiled = await send(compile!, text);
        return put < 500 && compiled < 500;
      }),
      { numRuns: RUNS * 4, endOnFailure: true },
    );
  }, 120_000);

  it('afterwards nothing stored is garbage and Object.prototype is unpolluted', async () => {
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const tenants: Tenant[] = [world.acme.tenant, world.globex.tenant];
    for (const { id } of tenants) {
      const tenant = await world.store.tenants.get(id);
      TenantSchema.parse(tenant);
      for (const integration of (await world.store.integrations.list(id, { includeArchived: true })).items) {
        IntegrationSchema.parse(integration);
      }
      for (const connection of (await world.store.connections.list(id)).items)
        ConnectionSchema.parse(connection);
      for (const user of (await world.store.users.list(id)).items) UserSchema.parse(user);
    }
  });
});
