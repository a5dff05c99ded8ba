import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badDefinitions, HAND_WRITTEN_BAD_DEFINITIONS } from '@isync/nodes/testing/bad-definitions';
import { apiWorld, type ApiClient, type ApiWorld } from '../testing/api-world.js';

/** A good generic REST definition: a JSON API with offset paging. */
const ITEMS = {
  auth: { kind: 'api-key', name: 'x-api-key', value: '{{secrets.apiKey}}' },
  objects: [{ name: 'items', fields: [{ name: 'name', required: true }] }],
  list: {
    path: '/{{object}}',
    query: { since: '{{cursor?}}' },
    records: '$.data',
    paginate: { kind: 'offset' },
    cursor: { field: 'updated_at', format: 'iso-seconds' },
  },
  create: { path: '/{{object}}', record: '$.data' },
  update: { path: '/{{object}}/{{id}}', methodOverride: { method: 'PATCH' } },
  find: { path: '/{{object}}', query: { '{{field}}': '{{value}}' }, records: '$.data' },
};

describe('connector definitions over the API', () => {
  let world: ApiWorld;
  let admin: ApiClient;
  let validates: (definition: unknown) => boolean;
  let maximo: Record<string, unknown>;

  const save = (definition: unknown, extra: Record<string, unknown> = {}) =>
    admin.post('/api/connections', {
      system: 'rest',
      name: 'Items API',
      baseUrl: 'https://items.invalid',
      authKind: 'api-key',
      options: { definition, ...extra },
      credentials: { apiKey: 'k' },
    });

  beforeAll(async () => {
    world = await apiWorld();
    admin = await world.as(world.acme.users['tenant-admin']);
    const schema = await admin.get('/api/connector-definitions/schema');
    expect(schema.status).toBe(200);
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema.json);
    validates = (definition) => validate(definition);
    const shipped = await admin.get('/api/connector-definitions/shipped');
    maximo = shipped.json.items.find((item: { system: string }) => item.system === 'maximo').definition;
  });
  afterAll(() => world.close());

  it('serves the JSON Schema, which the shipped Maximo definition and a good one pass', async () => {
    expect(validates(maximo)).toBe(true);
    expect(validates(ITEMS)).toBe(true);
    const viewer = await world.as(world.acme.users.viewer);
    expect((await viewer.get('/api/connector-definitions/schema')).status).toBe(200);
    expect((await world.anonymous().get('/api/connector-definitions/schema')).status).toBe(401);
  });

  it('saves a connection whose definition is valid, and a Maximo connection without one', async () => {
    expect((await save(ITEMS)).status).toBe(201);
    const mx = await admin.post('/api/connections', {
      system: 'maximo',
      name: 'Maximo',
      baseUrl: 'https://maximo.invalid',
      authKind: 'api-key',
      credentials: { apiKey: 'k' },
    });
    expect(mx.status).toBe(201);
    const withOwn = await admin.patch(`/api/connections/${mx.json.id}`, { options: { definition: ITEMS } });
    expect(withOwn.status).toBe(400);
    expect(withOwn.json.error.details.issues).toEqual([
      { path: '$.options.definition', message: expect.any(String) },
    ]);
  });

  it('answers hand-written bad definitions with 400 and the JSON path of each problem', async () => {
    for (const { definition, paths } of HAND_WRITTEN_BAD_DEFINITIONS) {
      const answer = await save(definition);
      expect(answer.status, JSON.stringify(definition)).toBe(400);
      expect(answer.json.error.code).toBe('validation_failed');
      const at = answer.json.error.details.issues.map((issue: { path: string }) => issue.path);
      expect(at).toEqual(expect.arrayContaining(paths.map((path) => `$.options.definition${path.slice(1)}`)));
    }
    const missing = await admin.post('/api/connections', {
      system: 'rest',
      name: 'No definition',
      baseUrl: 'https://items.invalid',
      authKind: 'api-key',
      credentials: { apiKey: 'k' },
    });
    expect(missing.status).toBe(400);
    expect(missing.json.error.details.issues[0].path).toBe('$.options.definition');
  });

  it('answers 50 definitions generated from the schema with 400 and JSON paths, never a 5xx, on create and on change', async () => {
    const saved = await save(ITEMS);
    let count = 0;
    await fc.assert(
      fc.asyncProperty(badDefinitions([maximo, ITEMS], validates), async ({ definition }) => {
        count++;
        const answers = [
          await save(definition),
          await admin.patch(`/api/connections/${saved.json.id}`, { options: { definition } }),
        ];
        for (const answer of answers) {
          expect(answer.status).toBe(400);
          const issues = answer.json.error.details.issues as Array<{ path: string; message: string }>;
          expect(issues.length).toBeGreaterThan(0);
          expect(
            issues.every((issue) => issue.path.startsWith('$.options.definition') && issue.message !== ''),
          ).toBe(true);
        }
      }),
      { numRuns: 50, seed: 7 },
    );
    expect(count).toBe(50);
    // The stored definition is still the good one.
    const stored = await world.store.connections.get(world.acme.tenant.id, saved.json.id);
    expect(stored!.options.definition).toEqual(ITEMS);
  });

  it('checks an OAuth2 token URL on another host by the same outbound policy as the base URL', async () => {
    const oauth = (tokenUrl: string) => ({
      ...ITEMS,
      auth: {
        kind: 'oauth2-client-credentials',
        tokenUrl,
        clientId: 'a',
        clientSecret: '{{secrets.apiKey}}',
      },
    });
    const metadata = await save(oauth('http://169.254.169.254/latest/token'));
    expect(metadata.status).toBe(400);
    expect(metadata.json.error).toMatchObject({ code: 'connection_host_refused', details: { floor: true } });
    const templated = await save(oauth('http://{{options.authHost}}/token'), { authHost: '169.254.169.254' });
    expect(templated.status).toBe(400);
    expect(templated.json.error.code).toBe('connection_host_refused');
    expect(
      (await save(oauth('https://login.example.invalid/{{options.tenant}}/token'), { tenant: 'acme' }))
        .status,
    ).toBe(201);
  });
});
