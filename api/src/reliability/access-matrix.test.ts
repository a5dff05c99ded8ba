import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type Permission, type Role, type User } from '@isync/core';
import {
  startNuvolo,
  startPlanGrid,
  type NuvoloControl,
  type PlanGridControl,
  type RunningSimulator,
} from '@isync/simulators';
import { apiWorld, PASSWORD, type ApiClient, type ApiWorld } from '../testing/api-world.js';
import { CaseTally } from '../testing/case-tally.js';
import { TABLE_API_DEFINITION, TenantObjects, type ObjectKind } from '../testing/tenant-objects.js';
import { hashPassword } from '../auth/passwords.js';

/*
 * Every route of the OpenAPI document × every caller (anonymous, each role, an API token) × the caller's own
 * tenant's objects and another tenant's. The expected answer of each case follows from the RBAC matrix
 * (core/rbac.ts) and the rule below that says which permission a route needs and which objects it names;
 * a documented route without a rule is a violation, so a new route cannot ship without one.
 */
const tally = new CaseTally();

type Ids = Partial<Record<ObjectKind, string>>;
interface Rule {
  permission: Permission | null | 'public';
  /** What `{id}` in the path names. */
  target?: ObjectKind;
  /** Objects the query or the body names. */
  refs?: ObjectKind[];
  query?: (ids: Ids) => string;
  body?: (ids: Ids) => unknown;
  /** A platform route: the platform admin reaches every tenant through it. */
  platform?: boolean;
  /** Ends or changes the caller's session, so each case signs in anew. */
  freshSession?: boolean;
  /** A permission that reaches a colleague's personal object too (a tenant admin revoking a member's token). */
  colleague?: Permission;
}

let systemNames = 0;
const byIntegration = (ids: Ids) => `integrationId=${ids.integration}`;
const day = 86_400_000;
const NINETY_DAYS = `from=${new Date(Date.now() - 90 * day).toISOString()}&to=${new Date().toISOString()}`;

const RULES: Record<string, Rule> = {
  'GET /healthz': { permission: 'public' },
  'GET /readyz': { permission: 'public' },
  'GET /metrics': { permission: 'public' },
  'POST /api/auth/login': {
    permission: 'public',
    body: () => ({ email: 'nobody@acme.test', password: 'not the password' }),
  },
  'POST /api/auth/setup': {
    permission: 'public',
    body: () => ({
      token: 'not-the-setup-token',
      email: 'x@isync.test',
      name: 'X',
      password: 'x'.repeat(12),
    }),
  },
  'POST /api/auth/accept-invite': {
    permission: 'public',
    body: () => ({ token: 'not-an-invitation', password: 'x'.repeat(12) }),
  },
  'GET /embed/{view}': { permission: 'public' },
  'POST /api/auth/logout': { permission: null, freshSession: true },
  'GET /api/auth/me': { permission: null },
  'POST /api/auth/switch-tenant': {
    permission: 'tenants:manage',
    refs: ['tenant'],
    body: (ids) => ({ tenantId: ids.tenant }),
    platform: true,
    freshSession: true,
  },
  'POST /api/auth/tokens': { permission: null, body: () => ({ name: 'CI' }) },
  'GET /api/auth/tokens': { permission: null },
  'DELETE /api/auth/tokens/{id}': { permission: null, target: 'token', colleague: 'users:manage' },
  'GET /api/tenants': { permission: 'tenants:manage', platform: true },
  'POST /api/tenants': {
    permission: 'tenants:manage',
    body: () => ({ name: 'New', slug: `new-${Math.random().toString(36).slice(2, 10)}` }),
    platform: true,
  },
  'GET /api/tenants/{id}': { permission: 'tenants:manage', target: 'tenant', platform: true },
  'PATCH /api/tenants/{id}': {
    permission: 'tenants:manage',
    target: 'tenant',
    body: () => ({ name: 'Renamed' }),
    platform: true,
  },
  'POST /api/tenants/{id}/invitations': {
    permission: 'tenants:manage',
    target: 'tenant',
    body: () => ({ email: `invited-${Math.random().toString(36).slice(2, 10)}@x.test`, name: 'X' }),
    platform: true,
  },
  'GET /api/users': { permission: 'users:read' },
  'POST /api/users': {
    permission: 'users:manage',
    body: () => ({
      email: `new-${Math.random().toString(36).slice(2, 10)}@acme.test`,
      name: 'X',
      role: 'viewer',
    }),
  },
  'PATCH /api/users/{id}': { permission: 'users:manage', target: 'user', body: () => ({ name: 'X' }) },
  'GET /api/users/{id}/tokens': { permission: 'users:manage', target: 'user' },
  'POST /api/schedules/preview': {
    permission: 'integrations:read',
    body: () => ({ schedule: { kind: 'interval', everySeconds: 3600 } }),
  },
  'GET /api/connections': { permission: 'connections:read' },
  'POST /api/connections': { permission: 'connections:manage', body: () => ({}) },
  'GET /api/connections/{id}': { permission: 'connections:read', target: 'connection' },
  'PATCH /api/connections/{id}': {
    permission: 'connections:manage',
    target: 'connection',
    body: () => ({ name: 'X' }),
  },
  'DELETE /api/connections/{id}': { permission: 'connections:manage', target: 'connection' },
  'POST /api/connections/{id}/test': { permission: 'integrations:operate', target: 'connection' },
  'GET /api/connections/{id}/describe': { permission: 'connections:read', target: 'connection' },
  'GET /api/integrations': { permission: 'integrations:read' },
  'POST /api/integrations': {
    permission: 'integrations:edit',
    body: () => ({ title: 'T', description: '' }),
  },
  'POST /api/integrations/from-template': {
    permission: 'integrations:edit',
    refs: ['source-connection', 'connection'],
    body: (ids) => ({
      templateId: 'plangrid-issues-to-nuvolo-work-orders',
      sourceConnectionId: ids['source-connection'],
      destinationConnectionId: ids.connection,
      project: 'p',
    }),
  },
  'GET /api/templates': { permission: 'integrations:read' },
  'GET /api/integrations/{id}': { permission: 'integrations:read', target: 'integration' },
  'PATCH /api/integrations/{id}': {
    permission: 'integrations:edit',
    target: 'integration',
    body: () => ({ title: 'X' }),
  },
  'DELETE /api/integrations/{id}': { permission: 'integrations:edit', target: 'integration' },
  'PUT /api/integrations/{id}/source': {
    permission: 'integrations:edit',
    target: 'integration',
    refs: ['source-connection'],
    body: (ids) => ({ connectionId: ids['source-connection'], object: 'issues' }),
  },
  'PUT /api/integrations/{id}/destination': {
    permission: 'integrations:edit',
    target: 'integration',
    refs: ['connection'],
    body: (ids) => ({ connectionId: ids.connection, object: 'x_nuvo_eam_work_order' }),
  },
  'PUT /api/integrations/{id}/mappings': {
    permission: 'integrations:edit',
    target: 'integration',
    body: () => ({ create: [], update: [] }),
  },
  'PUT /api/integrations/{id}/settings': {
    permission: 'integrations:edit',
    target: 'integration',
    body: () => ({
      schedule: { kind: 'interval', everySeconds: 3600 },
      dateRange: { from: null, to: null },
      timezone: 'UTC',
      statusMappings: [],
    }),
  },
  'GET /api/integrations/{id}/flow': { permission: 'integrations:read', target: 'integration' },
  'PUT /api/integrations/{id}/flow': {
    permission: 'integrations:edit',
    target: 'integration',
    refs: ['source-connection'],
    body: (ids) => ({
      schemaVersion: 1,
      nodes: [
        {
          id: 'source',
          type: 'source',
          position: { x: 0, y: 0 },
          data: { config: { connectionId: ids['source-connection'], object: 'issues' } },
        },
      ],
      edges: [],
    }),
  },
  'POST /api/integrations/{id}/compile': { permission: 'integrations:read', target: 'integration' },
  'GET /api/integrations/{id}/plans': { permission: 'integrations:read', target: 'integration' },
  'GET /api/integrations/{id}/plans/diff': {
    permission: 'integrations:read',
    target: 'published-integration',
    query: () => 'from=1&to=draft',
  },
  'GET /api/integrations/{id}/plans/{version}': {
    permission: 'integrations:read',
    target: 'published-integration',
  },
  'POST /api/integrations/{id}/plans/{version}/rollback': {
    permission: 'integrations:edit',
    target: 'published-integration',
  },
  'POST /api/integrations/{id}/publish': { permission: 'integrations:edit', target: 'integration' },
  'POST /api/integrations/{id}/test-run': { permission: 'integrations:edit', target: 'integration' },
  'GET /api/expressions/helpers': { permission: 'integrations:read' },
  'POST /api/expressions/preview': {
    permission: 'integrations:edit',
    body: () => ({ expression: 'record.title', record: { title: 'x' } }),
  },
  'POST /api/integrations/{id}/activate': { permission: 'integrations:operate', target: 'integration' },
  'POST /api/integrations/{id}/pause': { permission: 'integrations:operate', target: 'integration' },
  'POST /api/integrations/{id}/resume': { permission: 'integrations:operate', target: 'integration' },
  'POST /api/integrations/{id}/run': { permission: 'integrations:operate', target: 'integration' },
  'POST /api/integrations/{id}/duplicate': { permission: 'integrations:edit', target: 'integration' },
  'GET /api/runs': { permission: 'runs:read', refs: ['integration'], query: byIntegration },
  'GET /api/runs/{id}': { permission: 'runs:read', target: 'run' },
  'POST /api/runs/{id}/replay': { permission: 'records:replay', target: 'run' },
  'POST /api/runs/{id}/cancel': { permission: 'integrations:operate', target: 'run' },
  'GET /api/records': { permission: 'records:read', refs: ['integration'], query: byIntegration },
  'GET /api/records/{id}': { permission: 'records:read', target: 'record' },
  'GET /api/records/{id}/timeline': { permission: 'records:read', target: 'record' },
  'POST /api/records/{id}/conflicts/decide': {
    permission: 'records:replay',
    target: 'record',
    body: () => ({ sourceField: 'status', keep: 'source' }),
  },
  'POST /api/records/replay': {
    permission: 'records:replay',
    refs: ['record'],
    body: (ids) => ({ recordIds: [ids.record] }),
  },
  'GET /api/exceptions': { permission: 'exceptions:read', refs: ['integration'], query: byIntegration },
  'POST /api/exceptions/{id}/resolve': { permission: 'exceptions:resolve', target: 'exception' },
  'GET /api/insights': {
    permission: 'insights:read',
    refs: ['integration'],
    query: (ids) => `${NINETY_DAYS}&${byIntegration(ids)}`,
  },
  'GET /api/audit': { permission: 'audit:read' },
  'GET /api/node-types': { permission: 'integrations:read' },
  'POST /api/embed-tokens': {
    permission: 'embed:manage',
    refs: ['integration'],
    body: (ids) => ({ integrationIds: [ids.integration], views: ['runs'] }),
  },
  'GET /api/connection-hosts': { permission: 'connections:read' },
  'GET /api/connector-definitions/schema': { permission: 'connections:read' },
  'GET /api/connector-definitions/shipped': { permission: 'connections:read' },
  'POST /api/connector-definitions/test': {
    permission: 'systems:manage',
    // Refused before anything is sent: the address is on the outbound floor.
    body: () => ({ definition: TABLE_API_DEFINITION, baseUrl: 'http://169.254.169.254', endpoint: 'list' }),
  },
  'GET /api/tenant-systems': { permission: 'connections:read' },
  'POST /api/tenant-systems': {
    permission: 'systems:manage',
    body: () => ({ name: `System ${++systemNames}`, label: 'SYS', definition: TABLE_API_DEFINITION }),
  },
  'GET /api/tenant-systems/{id}': { permission: 'connections:read', target: 'tenant-system' },
  'PUT /api/tenant-systems/{id}': {
    permission: 'systems:manage',
    target: 'tenant-system',
    body: () => ({ name: `System ${++systemNames}`, label: 'SYS', definition: TABLE_API_DEFINITION }),
  },
  'GET /api/tenant-systems/{id}/versions': { permission: 'connections:read', target: 'tenant-system' },
  'DELETE /api/tenant-systems/{id}': { permission: 'systems:manage', target: 'tenant-system' },
  'PUT /api/connection-hosts': { permission: 'settings:manage', body: () => ({ hosts: [] }) },
  'PUT /api/embed-origins': { permission: 'embed:manage', body: () => ({ origins: [] }) },
};

/**
 * Whose objects a case names: the caller's tenant's, the other tenant's, its own target with the other
 * tenant's in the query or body, or (for objects a user owns) a colleague's in the same tenant.
 */
type Variant = 'own' | 'other' | 'own target, other references' | "a colleague's";
/** Objects that belong to one user, not to the whole tenant. */
const PERSONAL: readonly ObjectKind[] = ['token'];
type Expected = 'allowed' | 'unauthorized' | 'forbidden' | 'not found' | 'refused';

interface Caller {
  name: string;
  role: Role | null;
  user: User | null;
  /** A client for one case: the shared one, or a new sign-in for rules that end the session. */
  client(fresh: boolean): Promise<ApiClient>;
}

function expectedAnswer(rule: Rule, role: Role | null, variant: Variant): Expected {
  if (rule.permission === 'public') return 'allowed';
  if (role === null) return 'unauthorized';
  if (rule.permission !== null && !can(role, rule.permission)) return 'forbidden';
  if (variant === 'own' || (rule.platform && role === 'platform-admin')) return 'allowed';
  if (variant === "a colleague's" && rule.colleague && can(role, rule.colleague)) return 'allowed';
  return (variant === 'other' && rule.target) || variant === "a colleague's" ? 'not found' : 'refused';
}

interface Answer {
  status: number;
  json: Record<string, any>;
  text: string;
}

/** Why the answer is not the expected one, or null when it is. */
function mismatch(expected: Expected, answer: Answer, rule: Rule, foreignIds: Set<string>): string | null {
  const code = answer.json?.error?.code as string | undefined;
  const got = `${answer.status}${code ? ` ${code}` : ''}`;
  if (answer.status >= 500) return `a ${got}`;
  const gate =
    (answer.status === 401 && code === 'unauthorized') ||
    (answer.status === 403 && (code === 'forbidden' || code === 'csrf_failed'));
  const names = [...foreignIds].find((id) => answer.text.includes(id));
  switch (expected) {
    case 'unauthorized':
      return answer.status === 401 && code === 'unauthorized' ? null : got;
    case 'forbidden':
      return answer.status === 403 &&
        code === 'forbidden' &&
        answer.json.error.details?.permission === rule.permission
        ? null
        : got;
    case 'not found':
      return answer.status === 404 && code === 'not_found' ? null : got;
    case 'allowed':
      if (gate || (rule.target && answer.status === 404)) return got;
      return answer.status < 300 && names && !rule.platform
        ? `${got} naming the other tenant's ${names}`
        : null;
    case 'refused':
      if (answer.status === 400 || answer.status === 404) return null;
      if (answer.status >= 300) return got;
      return names ? `${got} naming the other tenant's ${names}` : null;
  }
}

describe('access to every route', () => {
  let world: ApiWorld;
  let plangrid: RunningSimulator<PlanGridControl>;
  let nuvolo: RunningSimulator<NuvoloControl>;
  let objects: TenantObjects;
  let document: { paths: Record<string, Record<string, unknown>> };
  let callers: Caller[];
  /** Every object of the other tenant: no answer to the caller's tenant may name one. */
  const foreignIds = new Set<string>();

  beforeAll(async () => {
    [world, plangrid, nuvolo] = await Promise.all([
      apiWorld(),
      startPlanGrid({ records: 0, rateLimit: false }),
      startNuvolo({ records: 0, rateLimit: false }),
    ]);
    objects = new TenantObjects(world.deps, { plangrid: plangrid.url, nuvolo: nuvolo.url });
    document = (await world.anonymous().get('/api/openapi.json')).json as typeof document;
    const { acme, globex } = world;
    // Room for every object the cases create, so creating routes answer what they do, not a limit.
    await world.store.tenants.update(acme.tenant.id, {
      limits: { maxIntegrations: 10_000, maxUsers: 10_000 },
    });
    foreignIds.add(globex.tenant.id);
    for (const user of Object.values(globex.users)) foreignIds.add(user.id);
    // Every kind of object in the other tenant, so lists and searches have something to leak.
    for (const kind of [
      'connection',
      'source-connection',
      'record',
      'exception',
      'token',
      'tenant-system',
    ] as const)
      foreignIds.add(await objects.create(kind, globex.tenant.id, globex.users.editor.id));
    for (const integration of (await world.store.integrations.list(globex.tenant.id)).items)
      foreignIds.add(integration.id);

    const signedIn = (user: User, actFor?: string) => async () => {
      const client = await world.as(user);
      if (actFor) await client.post('/api/auth/switch-tenant', { tenantId: actFor });
      return client;
    };
    const reused = (name: string, role: Role | null, user: User | null, make: () => Promise<ApiClient>) => {
      const shared = make();
      return { name, role, user, client: (fresh: boolean) => (fresh ? make() : shared) };
    };
    const automation = await world.as(acme.users.editor);
    const { token } = (
      await automation.post('/api/auth/tokens', {
        name: 'access matrix',
        scopes: ['read', 'operate', 'edit', 'admin'],
      })
    ).json;
    callers = [
      reused('anonymous', null, null, async () => world.anonymous()),
      ...(['viewer', 'editor', 'tenant-admin'] as const).map((role) =>
        reused(role, role, acme.users[role], signedIn(acme.users[role])),
      ),
      reused(
        'platform-admin acting for acme',
        'platform-admin',
        world.platformAdmin,
        signedIn(world.platformAdmin, acme.tenant.id),
      ),
      reused('editor with an API token', 'editor', acme.users.editor, async () => world.withToken(token)),
    ];
  });
  afterAll(async () => {
    console.log(tally.line('access'));
    await world?.close();
    await Promise.all([plangrid?.close(), nuvolo?.close()]);
  });

  const documented = () =>
    Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );

  it('documents exactly the routes the app serves, in a valid OpenAPI 3.1 document', async () => {
    const served = world.app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
      // The OpenAPI document, its reference page and the built editor's files (SPA fallback) are not API routes.
      .filter((r) => !['GET /api/openapi.json', 'GET /api/docs', 'GET /*'].includes(r));
    expect([...new Set(served)].sort()).toEqual(documented().sort());
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('answers every route × caller × tenant as the RBAC matrix says', async () => {
    const { acme, globex } = world;
    const from = tally.violations.length;
    for (const key of documented().sort()) {
      const rule = RULES[key];
      if (!rule) {
        tally.check(key, 'no access rule (add it to RULES in access-matrix.test.ts)');
        continue;
      }
      const [method, pathTemplate] = key.split(' ') as [string, string];
      for (const caller of callers) {
        const variants: Variant[] =
          caller.role === null || rule.permission === 'public'
            ? ['own']
            : [
                'own',
                ...(rule.target || rule.refs ? (['other'] as const) : []),
                ...(rule.target && rule.refs ? (['own target, other references'] as const) : []),
                ...(rule.target && PERSONAL.includes(rule.target) ? (["a colleague's"] as const) : []),
              ];
        for (const variant of variants) {
          const targetOwner =
            variant === 'other' ? 'foreign' : variant === "a colleague's" ? 'colleague' : 'mine';
          const refsOwner =
            variant === 'other' || variant === 'own target, other references' ? 'foreign' : 'mine';
          const made: { kind: ObjectKind; tenantId: string; id: string; userId: string; before: unknown }[] =
            [];
          const make = async (kind: ObjectKind, whose: 'mine' | 'colleague' | 'foreign') => {
            const mine = caller.user ?? acme.users.editor;
            const colleague = mine.id === acme.users.viewer.id ? acme.users.editor : acme.users.viewer;
            const owner = { mine, colleague, foreign: globex.users.editor }[whose];
            const tenantId =
              whose === 'foreign'
                ? globex.tenant.id
                : PERSONAL.includes(kind)
                  ? owner.tenantId
                  : acme.tenant.id;
            const id = await objects.create(kind, tenantId, owner.id);
            if (whose !== 'mine') {
              if (whose === 'foreign') foreignIds.add(id);
              made.push({
                kind,
                tenantId,
                id,
                userId: owner.id,
                before: await objects.read(kind, tenantId, id, owner.id),
              });
            }
            return id;
          };
          const ids: Ids = {};
          for (const kind of rule.refs ?? []) ids[kind] = await make(kind, refsOwner);
          const targetId = rule.target ? await make(rule.target, targetOwner) : undefined;
          const path =
            pathTemplate
              .replace('{id}', targetId ?? '')
              .replace('{view}', 'runs')
              .replace('{version}', '1') + (rule.query ? `?${rule.query(ids)}` : '');
          const client = await caller.client(Boolean(rule.freshSession));
          const answer = await client.request(method, path, rule.body?.(ids));
          const expected = expectedAnswer(rule, caller.role, variant);
          const wrong = mismatch(expected, answer, rule, rule.platform ? new Set() : foreignIds);
          const where = `${key} as ${caller.name} (${variant})`;
          const problems = wrong ? [`expected ${expected}, got ${wrong}`] : [];
          // The platform admin may change any tenant through a platform route; an allowed case its object.
          const mayChange = (rule.platform && caller.role === 'platform-admin') || expected === 'allowed';
          for (const object of mayChange ? [] : made) {
            const after = await objects.read(object.kind, object.tenantId, object.id, object.userId);
            if (JSON.stringify(after) !== JSON.stringify(object.before))
              problems.push(`changed someone else's ${object.kind} ${object.id}`);
          }
          tally.check(where, problems.length > 0 ? problems.join('; ') : null);
        }
      }
    }
    const found = tally.since(from);
    expect(found, found.join('\n')).toEqual([]);
  });

  it('lets no one grant more than their role has, and a changed role applies at once', async () => {
    const from = tally.violations.length;
    const { acme } = world;
    const admin = await world.as(acme.users['tenant-admin']);
    tally.answer(
      'a tenant admin creating a platform admin',
      await admin.post('/api/users', { email: 'root2@acme.test', name: 'Root', role: 'platform-admin' }),
      400,
      'validation_failed',
    );
    tally.answer(
      'a tenant admin making someone a platform admin',
      await admin.patch(`/api/users/${acme.users.viewer.id}`, { role: 'platform-admin' }),
      400,
      'validation_failed',
    );
    tally.answer(
      'a tenant admin changing their own role',
      await admin.patch(`/api/users/${acme.users['tenant-admin'].id}`, { role: 'editor' }),
      409,
    );
    tally.answer(
      'a tenant admin changing a platform admin',
      await admin.patch(`/api/users/${world.platformAdmin.id}`, { name: 'Mine now' }),
      404,
      'not_found',
    );
    const demoted = await objects.create('user', acme.tenant.id, '');
    await world.store.users.update(acme.tenant.id, demoted, {
      role: 'editor',
      status: 'active',
      passwordHash: await hashPassword(PASSWORD),
    });
    const user = (await world.store.users.get(acme.tenant.id, demoted))!;
    const session = await world.as(user);
    const token = (await session.post('/api/auth/tokens', { name: 'before demotion', scopes: ['edit'] })).json
      .token as string;
    const create = (client: ApiClient) =>
      client.post('/api/integrations', { title: 'By the demoted', description: '' });
    tally.answer('an editor creating an integration', await create(session), 201);
    tally.answer(
      'demoting the editor to viewer',
      await admin.patch(`/api/users/${demoted}`, { role: 'viewer' }),
      200,
    );
    tally.answer("the demoted user's session", await create(session), 403, 'forbidden');
    tally.answer("the demoted user's API token", await create(world.withToken(token)), 403, 'forbidden');
    const found = tally.since(from);
    expect(found, found.join('\n')).toEqual([]);
  });
});
