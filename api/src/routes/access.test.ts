import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, sealCredentials, type Permission, type Role } from '@isync/core';
import { pulledIssue } from '@isync/core/testing';
import { apiWorld, type ApiWorld } from '../testing/api-world.js';

/*
 * Every route the API serves, with the permission it needs. The list must match the OpenAPI document
 * exactly, so a new route without an entry here fails this test.
 */
type Target = 'tenant' | 'user' | 'connection' | 'integration' | 'run' | 'record' | 'exception' | 'token';
interface Case {
  permission: Permission | null | 'public';
  /** The kind of object `{id}` names, for the other-tenant check. */
  target?: Target;
  body?: unknown;
}

const integrationBody = { title: 'T', description: '' };
const CASES: Record<string, Case> = {
  'GET /healthz': { permission: 'public' },
  'GET /readyz': { permission: 'public' },
  'GET /metrics': { permission: 'public' },
  'POST /api/auth/login': { permission: 'public' },
  'POST /api/auth/setup': { permission: 'public' },
  'POST /api/auth/accept-invite': { permission: 'public' },
  'POST /api/auth/logout': { permission: null },
  'GET /api/auth/me': { permission: null },
  'POST /api/auth/switch-tenant': { permission: 'tenants:manage', body: { tenantId: 'x' } },
  'POST /api/auth/tokens': { permission: null, body: { name: 'x' } },
  'GET /api/auth/tokens': { permission: null },
  'DELETE /api/auth/tokens/{id}': { permission: null, target: 'token' },
  'GET /api/tenants': { permission: 'tenants:manage' },
  'POST /api/tenants': { permission: 'tenants:manage', body: { name: 'N', slug: 'new-tenant' } },
  'GET /api/tenants/{id}': { permission: 'tenants:manage' },
  'PATCH /api/tenants/{id}': { permission: 'tenants:manage', body: { name: 'N' } },
  'POST /api/tenants/{id}/invitations': {
    permission: 'tenants:manage',
    body: { email: 'x@y.test', name: 'X' },
  },
  'GET /api/users': { permission: 'users:read' },
  'POST /api/users': {
    permission: 'users:manage',
    body: { email: 'x@acme.test', name: 'X', role: 'viewer' },
  },
  'PATCH /api/users/{id}': { permission: 'users:manage', target: 'user', body: { name: 'X' } },
  'GET /api/connections': { permission: 'connections:read' },
  'POST /api/connections': { permission: 'connections:manage', body: {} },
  'GET /api/connections/{id}': { permission: 'connections:read', target: 'connection' },
  'PATCH /api/connections/{id}': {
    permission: 'connections:manage',
    target: 'connection',
    body: { name: 'X' },
  },
  'DELETE /api/connections/{id}': { permission: 'connections:manage', target: 'connection' },
  'POST /api/connections/{id}/test': { permission: 'connections:read', target: 'connection' },
  'GET /api/connections/{id}/describe': { permission: 'connections:read', target: 'connection' },
  'GET /api/integrations': { permission: 'integrations:read' },
  'POST /api/integrations': { permission: 'integrations:edit', body: integrationBody },
  'POST /api/integrations/from-template': {
    permission: 'integrations:edit',
    body: {
      templateId: 'plangrid-issues-to-nuvolo-work-orders',
      sourceConnectionId: 'c',
      destinationConnectionId: 'c',
      project: 'p',
    },
  },
  'GET /api/templates': { permission: 'integrations:read' },
  'GET /api/integrations/{id}': { permission: 'integrations:read', target: 'integration' },
  'PATCH /api/integrations/{id}': {
    permission: 'integrations:edit',
    target: 'integration',
    body: { title: 'X' },
  },
  'DELETE /api/integrations/{id}': { permission: 'integrations:edit', target: 'integration' },
  'PUT /api/integrations/{id}/source': {
    permission: 'integrations:edit',
    target: 'integration',
    body: { connectionId: 'c', object: 'issues' },
  },
  'PUT /api/integrations/{id}/destination': {
    permission: 'integrations:edit',
    target: 'integration',
    body: { connectionId: 'c', object: 'wo' },
  },
  'PUT /api/integrations/{id}/mappings': {
    permission: 'integrations:edit',
    target: 'integration',
    body: { create: [], update: [] },
  },
  'PUT /api/integrations/{id}/settings': {
    permission: 'integrations:edit',
    target: 'integration',
    body: {
      schedule: { kind: 'interval', everySeconds: 3600 },
      dateRange: { from: null, to: null },
      timezone: 'UTC',
      statusMappings: [],
    },
  },
  'GET /api/integrations/{id}/flow': { permission: 'integrations:read', target: 'integration' },
  'PUT /api/integrations/{id}/flow': {
    permission: 'integrations:edit',
    target: 'integration',
    body: { schemaVersion: 1, nodes: [], edges: [] },
  },
  'POST /api/integrations/{id}/compile': { permission: 'integrations:read', target: 'integration' },
  'GET /api/integrations/{id}/plans': { permission: 'integrations:read', target: 'integration' },
  'POST /api/integrations/{id}/activate': { permission: 'integrations:operate', target: 'integration' },
  'POST /api/integrations/{id}/pause': { permission: 'integrations:operate', target: 'integration' },
  'POST /api/integrations/{id}/resume': { permission: 'integrations:operate', target: 'integration' },
  'POST /api/integrations/{id}/run': { permission: 'integrations:operate', target: 'integration' },
  'POST /api/integrations/{id}/duplicate': { permission: 'integrations:edit', target: 'integration' },
  'GET /api/runs': { permission: 'runs:read' },
  'GET /api/runs/{id}': { permission: 'runs:read', target: 'run' },
  'POST /api/runs/{id}/replay': { permission: 'records:replay', target: 'run' },
  'GET /api/records': { permission: 'records:read' },
  'GET /api/records/{id}': { permission: 'records:read', target: 'record' },
  'GET /api/records/{id}/timeline': { permission: 'records:read', target: 'record' },
  'POST /api/records/replay': { permission: 'records:replay', body: { recordIds: ['x'] } },
  'GET /api/exceptions': { permission: 'exceptions:read' },
  'POST /api/exceptions/{id}/resolve': { permission: 'exceptions:resolve', target: 'exception' },
  'GET /api/insights': { permission: 'insights:read' },
  'GET /api/audit': { permission: 'audit:read' },
  'GET /api/node-types': { permission: 'integrations:read' },
  'POST /api/embed-tokens': { permission: 'embed:manage', body: { integrationIds: ['x'], views: ['runs'] } },
  'PUT /api/embed-origins': { permission: 'embed:manage', body: { origins: [] } },
  'GET /embed/{view}': { permission: 'public' },
};

const TENANT_ROLES: Exclude<Role, 'platform-admin'>[] = ['viewer', 'editor', 'tenant-admin'];

describe('access to every route', () => {
  let world: ApiWorld;
  let globexIds: Record<Target, string>;
  let document: { paths: Record<string, Record<string, unknown>> };

  beforeAll(async () => {
    world = await apiWorld();
    const { store, globex } = world;
    const tenantId = globex.tenant.id;
    const connection = await store.connections.create(tenantId, {
      system: 'nuvolo',
      name: 'Globex Nuvolo',
      baseUrl: 'https://globex.service-now.example',
      authKind: 'basic',
      secret: sealCredentials(world.deps.keyring, { username: 'u', password: 'p' }, tenantId),
    });
    const integration = await store.integrations.create(tenantId, { title: 'Globex sync', description: '' });
    const run = await store.runs.start(tenantId, {
      integrationId: integration.id,
      planVersion: 1,
      trigger: 'manual',
      cursorBefore: null,
    });
    await store.records.upsertPulled(tenantId, integration.id, [pulledIssue('g-1')], run.id);
    const record = (await store.records.getBySourceId(tenantId, integration.id, 'g-1'))!;
    const [exception] = await store.exceptions.add(tenantId, [
      {
        integrationId: integration.id,
        runId: run.id,
        phase: 'push',
        kind: 'api-5xx',
        message: 'x',
        httpStatus: 500,
        responseSnippet: null,
        nodeId: 'd',
        recordId: record.id,
      },
    ]);
    const token = await store.apiTokens.create(tenantId, {
      userId: globex.users.editor.id,
      name: 'Globex CI',
      tokenHash: 'f'.repeat(64),
      prefix: 'isk_ffff',
      expiresAt: null,
    });
    globexIds = {
      tenant: tenantId,
      user: globex.users.viewer.id,
      connection: connection.id,
      integration: integration.id,
      run: run.id,
      record: record.id,
      exception: exception!.id,
      token: token.id,
    };
    document = (await world.anonymous().get('/api/openapi.json')).json as typeof document;
  });
  afterAll(() => world.close());

  const routes = Object.keys(CASES);
  const pathFor = (key: string, id: string) => key.split(' ')[1]!.replace('{id}', id);
  const methodOf = (key: string) => key.split(' ')[0]!;

  it('documents exactly the routes the app serves and this test knows, in a valid OpenAPI 3.1 document', async () => {
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual([...routes].sort());
    const served = world.app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
      // The OpenAPI document, its reference page and the built editor's files (SPA fallback) are not API routes.
      .filter((r) => !['GET /api/openapi.json', 'GET /api/docs', 'GET /*'].includes(r));
    expect([...new Set(served)].sort()).toEqual([...routes].sort());
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it.each(routes.filter((key) => CASES[key]!.permission !== 'public'))(
    '%s: 401 without signing in',
    async (key) => {
      const answer = await world
        .anonymous()
        .request(methodOf(key), pathFor(key, 'some-id'), CASES[key]!.body);
      expect(answer.status).toBe(401);
      expect(answer.json.error.code).toBe('unauthorized');
    },
  );

  const restricted = routes.filter((key) => {
    const permission = CASES[key]!.permission;
    return (
      permission !== 'public' && permission !== null && TENANT_ROLES.some((role) => !can(role, permission))
    );
  });
  it.each(restricted)('%s: 403 for a role without the permission', async (key) => {
    const { permission, body } = CASES[key]!;
    const role = TENANT_ROLES.find((r) => !can(r, permission as Permission))!;
    const client = await world.as(world.acme.users[role]);
    const answer = await client.request(methodOf(key), pathFor(key, 'some-id'), body);
    expect(answer.status).toBe(403);
    expect(answer.json.error).toMatchObject({ code: 'forbidden', details: { permission } });
  });

  const targeted = routes.filter((key) => CASES[key]!.target);
  it.each(targeted)("%s: 404 for another tenant's object", async (key) => {
    const { target, body } = CASES[key]!;
    const client = await world.as(world.acme.users['tenant-admin']);
    const answer = await client.request(methodOf(key), pathFor(key, globexIds[target!]), body);
    expect(answer.status).toBe(404);
  });
});
