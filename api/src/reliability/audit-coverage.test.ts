import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditAction } from '@isync/core';
import {
  startNuvolo,
  startPlanGrid,
  type NuvoloControl,
  type PlanGridControl,
  type RunningSimulator,
} from '@isync/simulators';
import { apiWorld, type ApiClient, type ApiWorld } from '../testing/api-world.js';
import { failedPush } from '../testing/failed-push.js';
import { holdConflict } from '../testing/held-conflict.js';
import { connectSimulators, NUVOLO_PASSWORD, PLANGRID_KEY } from '../testing/simulator-connections.js';
import { TABLE_API_DEFINITION } from '../testing/tenant-objects.js';

/*
 * Every route that changes something leaves an audit entry. The write routes come from the OpenAPI
 * document; each is either driven here, successfully, and must add an entry with its action, actor and
 * target, or is listed below as not audited with the reason. A new write route in neither list fails.
 */

/** Write routes that change no tenant configuration, and why they leave no entry. */
const NOT_AUDITED: Record<string, string> = {
  'POST /api/auth/logout': 'signing out changes no configuration',
  'POST /api/auth/setup': 'the first platform admin, before anyone can read an audit log',
  'POST /api/auth/accept-invite':
    'sets the invited user’s own password; the invitation itself is audited (user.invited)',
  'POST /api/auth/switch-tenant': 'changes which tenant a platform admin looks at, nothing in it',
  'POST /api/connections/{id}/test': 'reads the source or destination; changes nothing',
  'POST /api/integrations/{id}/compile': 'compiles the flow to show problems; stores nothing',
  'POST /api/schedules/preview': 'works out the next runs of a schedule; stores nothing',
  'POST /api/expressions/preview': 'evaluates an expression on a sample record in a sandbox; stores nothing',
};

const WORK_ORDERS = 'x_nuvo_eam_facilities_work_orders';

interface Step {
  route: string;
  action: AuditAction;
  /** The tenant whose log must hold the entry, when not the tenant admin's (Acme). */
  logOf?: () => string;
  /** Makes the change; answers the response status and the id of what the entry must name. */
  run: () => Promise<{ status: number; targetId: string }>;
}

describe('audit coverage: every change to a tenant is recorded', () => {
  let world: ApiWorld;
  let admin: ApiClient;
  let root: ApiClient;
  let plangrid: RunningSimulator<PlanGridControl>;
  let nuvolo: RunningSimulator<NuvoloControl>;
  let writeRoutes: string[] = [];
  const driven = new Set<string>();
  const problems: string[] = [];

  beforeAll(async () => {
    world = await apiWorld();
    admin = await world.as(world.acme.users['tenant-admin']);
    root = await world.as(world.platformAdmin);
    [plangrid, nuvolo] = await Promise.all([
      startPlanGrid({ records: 5, rateLimit: false }),
      startNuvolo({ records: 0, rateLimit: false }),
    ]);
    const document = (await world.anonymous().get('/api/openapi.json')).json as {
      paths: Record<string, Record<string, unknown>>;
    };
    writeRoutes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((method) => !['get', 'head', 'options', 'parameters'].includes(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
  });

  afterAll(async () => {
    const audited = writeRoutes.length - Object.keys(NOT_AUDITED).length;
    console.log(
      `reliability: audit: ${writeRoutes.length} write routes, ${driven.size} of ${audited} audited routes ` +
        `checked, ${problems.length} missing entries`,
    );
    await Promise.all([plangrid?.close(), nuvolo?.close()]);
    await world?.close();
  });

  const seen = new Set<string>();

  /**
   * Runs one step and looks, among the entries written since the last look, for one with its action, its
   * target and a signed-in actor, in the log of the tenant acted for (a new tenant's own log for its creation).
   */
  async function check(step: Step): Promise<void> {
    const { status, targetId } = await step.run();
    expect(status, `${step.route} answered ${status}`).toBeLessThan(300);
    driven.add(step.route);
    const tenantId = step.logOf?.() ?? world.acme.tenant.id;
    const added = (await world.store.audit.list(tenantId, {}, { limit: 200 })).items.filter(
      (entry) => !seen.has(entry.id),
    );
    for (const entry of added) seen.add(entry.id);
    const found = added.some(
      (entry) => entry.action === step.action && entry.target.id === targetId && entry.actor.userId !== null,
    );
    if (!found) problems.push(`${step.route}: no ${step.action} entry for ${targetId} by a signed-in user`);
  }

  const answer = (response: { status: number }, targetId: string) => ({ status: response.status, targetId });

  it('drives every audited write route and finds its entry', async () => {
    const acme = world.acme.tenant.id;
    const editor = await world.as(world.acme.users.editor);

    // Signing in, and failing to.
    await check({
      route: 'POST /api/auth/login',
      action: 'user.sign-in-failed',
      run: async () => {
        const failed = await world.anonymous().post('/api/auth/login', {
          email: world.acme.users.viewer.email,
          password: 'not the password at all',
        });
        return { status: failed.status === 401 ? 200 : failed.status, targetId: world.acme.users.viewer.id };
      },
    });
    await check({
      route: 'POST /api/auth/login',
      action: 'user.signed-in',
      run: async () => {
        const client = world.anonymous();
        const signedIn = await client.login(world.acme.users.viewer.email);
        return answer(signedIn, world.acme.users.viewer.id);
      },
    });

    // Tenants and people.
    let initech = '';
    await check({
      route: 'POST /api/tenants',
      action: 'tenant.created',
      logOf: () => initech,
      run: async () => {
        const created = await root.post('/api/tenants', { name: 'Initech', slug: 'initech' });
        initech = created.json?.tenant?.id ?? '';
        return answer(created, initech);
      },
    });
    await check({
      route: 'PATCH /api/tenants/{id}',
      action: 'tenant.updated',
      run: async () =>
        answer(await root.patch(`/api/tenants/${acme}`, { limits: { maxIntegrations: 50 } }), acme),
    });
    let invitedId = '';
    await check({
      route: 'POST /api/tenants/{id}/invitations',
      action: 'user.invited',
      run: async () => {
        const invited = await root.post(`/api/tenants/${acme}/invitations`, {
          email: 'ops@acme.test',
          name: 'Ops',
        });
        invitedId = invited.json?.user?.id ?? '';
        return answer(invited, invitedId);
      },
    });
    let userId = '';
    await check({
      route: 'POST /api/users',
      action: 'user.created',
      run: async () => {
        const added = await admin.post('/api/users', {
          email: 'new@acme.test',
          name: 'New',
          role: 'viewer',
          password: 'a long enough password',
        });
        userId = added.json?.user?.id ?? '';
        return answer(added, userId);
      },
    });
    await check({
      route: 'PATCH /api/users/{id}',
      action: 'user.updated',
      run: async () => answer(await admin.patch(`/api/users/${userId}`, { role: 'editor' }), userId),
    });
    let tokenId = '';
    await check({
      route: 'POST /api/auth/tokens',
      action: 'api-token.created',
      run: async () => {
        const token = await admin.post('/api/auth/tokens', { name: 'Jenkins' });
        tokenId = token.json?.apiToken?.id ?? '';
        return answer(token, tokenId);
      },
    });
    await check({
      route: 'DELETE /api/auth/tokens/{id}',
      action: 'api-token.revoked',
      run: async () => answer(await admin.delete(`/api/auth/tokens/${tokenId}`), tokenId),
    });

    // Connections.
    await check({
      route: 'PUT /api/connection-hosts',
      action: 'connection-hosts.updated',
      run: async () => answer(await admin.put('/api/connection-hosts', { hosts: ['10.20.0.0/16'] }), acme),
    });
    const { source, destination } = await connectSimulators(editor, plangrid, nuvolo);
    let spareId = '';
    await check({
      route: 'POST /api/connections',
      action: 'connection.created',
      run: async () => {
        const spare = await editor.post('/api/connections', {
          system: 'plangrid',
          name: 'Spare',
          baseUrl: plangrid.url,
          authKind: 'api-key',
          credentials: { apiKey: PLANGRID_KEY },
        });
        spareId = spare.json?.id ?? '';
        return answer(spare, spareId);
      },
    });
    await check({
      route: 'PATCH /api/connections/{id}',
      action: 'connection.updated',
      run: async () =>
        answer(await editor.patch(`/api/connections/${spareId}`, { name: 'Spare 2' }), spareId),
    });
    await check({
      route: 'DELETE /api/connections/{id}',
      action: 'connection.deleted',
      run: async () => answer(await editor.delete(`/api/connections/${spareId}`), spareId),
    });

    // Tenant systems, defined in the connector builder, and a write the builder sent.
    let systemId = '';
    const system = (name: string) => ({ name, label: 'FD', definition: TABLE_API_DEFINITION });
    await check({
      route: 'POST /api/tenant-systems',
      action: 'tenant-system.created',
      run: async () => {
        const created = await admin.post('/api/tenant-systems', system('Facilities desk'));
        systemId = created.json?.id ?? '';
        return answer(created, systemId);
      },
    });
    await check({
      route: 'PUT /api/tenant-systems/{id}',
      action: 'tenant-system.updated',
      run: async () =>
        answer(await admin.put(`/api/tenant-systems/${systemId}`, system('Facilities desk 2')), systemId),
    });
    await check({
      route: 'DELETE /api/tenant-systems/{id}',
      action: 'tenant-system.deleted',
      run: async () => answer(await admin.delete(`/api/tenant-systems/${systemId}`), systemId),
    });
    await check({
      route: 'POST /api/connector-definitions/test',
      action: 'connector-definition.write-sent',
      run: async () => {
        const sent = await admin.post('/api/connector-definitions/test', {
          definition: {
            ...TABLE_API_DEFINITION,
            create: { path: '/api/now/table/{{object}}', record: '$.result' },
          },
          baseUrl: nuvolo.url,
          credentials: { username: 'admin', password: NUVOLO_PASSWORD },
          endpoint: 'create',
          fields: { short_description: 'Sent from the connector builder' },
          confirm: true,
        });
        return { status: sent.json?.sent === true ? sent.status : 500, targetId: acme };
      },
    });

    // Integrations: the wizard, the canvas and the lifecycle actions.
    let id = '';
    await check({
      route: 'POST /api/integrations',
      action: 'integration.created',
      run: async () => {
        const created = await editor.post('/api/integrations', { title: 'HQ defects', description: '' });
        id = created.json?.id ?? '';
        return answer(created, id);
      },
    });
    const project = plangrid.control.projects()[0]!.uid;
    const wizard: [string, string, unknown][] = [
      ['PATCH /api/integrations/{id}', '', { description: 'Defects of the HQ tower' }],
      [
        'PUT /api/integrations/{id}/source',
        '/source',
        { connectionId: source.id, object: 'issues', project },
      ],
      [
        'PUT /api/integrations/{id}/destination',
        '/destination',
        { connectionId: destination.id, object: WORK_ORDERS },
      ],
      [
        'PUT /api/integrations/{id}/mappings',
        '/mappings',
        {
          create: [{ target: 'short_description', value: { kind: 'path', path: 'title' } }],
          update: [{ target: 'short_description', value: { kind: 'path', path: 'title' } }],
        },
      ],
      [
        'PUT /api/integrations/{id}/settings',
        '/settings',
        {
          schedule: { kind: 'interval', everySeconds: 3600 },
          dateRange: { from: null, to: null },
          timezone: 'UTC',
          statusMappings: [],
        },
      ],
    ];
    for (const [route, suffix, body] of wizard) {
      await check({
        route,
        action: 'integration.updated',
        run: async () =>
          answer(
            await (route.startsWith('PATCH') ? editor.patch : editor.put)(
              `/api/integrations/${id}${suffix}`,
              body,
            ),
            id,
          ),
      });
    }
    const flow = (await editor.get(`/api/integrations/${id}/flow`)).json;
    await check({
      route: 'PUT /api/integrations/{id}/flow',
      action: 'integration.updated',
      run: async () => answer(await editor.put(`/api/integrations/${id}/flow`, flow), id),
    });
    const lifecycle: [string, AuditAction][] = [
      ['activate', 'integration.activated'],
      ['pause', 'integration.paused'],
      ['resume', 'integration.resumed'],
      ['run', 'integration.run-requested'],
    ];
    for (const [verb, action] of lifecycle) {
      await check({
        route: `POST /api/integrations/{id}/${verb}`,
        action,
        run: async () => answer(await admin.post(`/api/integrations/${id}/${verb}`), id),
      });
    }
    await check({
      route: 'POST /api/integrations/{id}/test-run',
      action: 'integration.test-run',
      run: async () => answer(await editor.post(`/api/integrations/${id}/test-run`, {}), id),
    });
    await editor.put(`/api/integrations/${id}/mappings`, {
      update: [{ target: 'description', value: { kind: 'path', path: 'title' } }],
    });
    await check({
      route: 'POST /api/integrations/{id}/publish',
      action: 'integration.published',
      run: async () => answer(await editor.post(`/api/integrations/${id}/publish`), id),
    });
    await check({
      route: 'POST /api/integrations/{id}/plans/{version}/rollback',
      action: 'integration.rolled-back',
      run: async () => answer(await editor.post(`/api/integrations/${id}/plans/1/rollback`), id),
    });
    let copyId = '';
    await check({
      route: 'POST /api/integrations/{id}/duplicate',
      action: 'integration.duplicated',
      run: async () => {
        const copy = await editor.post(`/api/integrations/${id}/duplicate`);
        copyId = copy.json?.id ?? '';
        return answer(copy, copyId);
      },
    });
    await check({
      route: 'DELETE /api/integrations/{id}',
      action: 'integration.archived',
      run: async () => answer(await editor.delete(`/api/integrations/${copyId}`), copyId),
    });
    await check({
      route: 'POST /api/integrations/from-template',
      action: 'integration.created',
      run: async () => {
        const created = await editor.post('/api/integrations/from-template', {
          templateId: 'plangrid-issues-to-nuvolo-work-orders',
          sourceConnectionId: source.id,
          destinationConnectionId: destination.id,
          project,
          title: 'From the template',
        });
        return answer(created, created.json?.id ?? '');
      },
    });

    // Failed records and exceptions.
    const failed = await failedPush(world.store, acme);
    await world.store.integrations.update(acme, failed.integration.id, { planVersion: 1 });
    await check({
      route: 'POST /api/records/replay',
      action: 'records.replayed',
      run: async () =>
        answer(await admin.post('/api/records/replay', { recordIds: [failed.record.id] }), failed.record.id),
    });
    await world.store.records.markFailed(acme, failed.record.id, {
      runId: failed.run.id,
      error: 'Nuvolo answered 503',
      nextAttemptAt: null,
    });
    await check({
      route: 'POST /api/runs/{id}/replay',
      action: 'records.replayed',
      run: async () => answer(await admin.post(`/api/runs/${failed.run.id}/replay`), failed.run.id),
    });
    // A two-way conflict held for review, decided by a person.
    await holdConflict(world.store, acme, failed.record.id);
    await check({
      route: 'POST /api/records/{id}/conflicts/decide',
      action: 'records.conflict-decided',
      run: async () =>
        answer(
          await admin.post(`/api/records/${failed.record.id}/conflicts/decide`, {
            sourceField: 'status',
            keep: 'destination',
          }),
          failed.record.id,
        ),
    });
    const { run: queued } = await world.store.runs.queue(acme, {
      integrationId: failed.integration.id,
      planVersion: 1,
      trigger: 'manual',
    });
    await check({
      route: 'POST /api/runs/{id}/cancel',
      action: 'run.canceled',
      run: async () => answer(await admin.post(`/api/runs/${queued.id}/cancel`), queued.id),
    });
    await check({
      route: 'POST /api/exceptions/{id}/resolve',
      action: 'exception.resolved',
      run: async () =>
        answer(await admin.post(`/api/exceptions/${failed.exception.id}/resolve`), failed.exception.id),
    });

    // Embedding.
    await check({
      route: 'PUT /api/embed-origins',
      action: 'embed-origins.updated',
      run: async () =>
        answer(await admin.put('/api/embed-origins', { origins: ['https://portal.acme.test'] }), acme),
    });
    await check({
      route: 'POST /api/embed-tokens',
      action: 'embed-token.issued',
      run: async () =>
        answer(await admin.post('/api/embed-tokens', { integrationIds: [id], views: ['runs'] }), acme),
    });

    expect(problems).toEqual([]);
  });

  it('knows every write route: each is audited and driven above, or says why it is not audited', () => {
    const unknown = writeRoutes.filter((route) => !(route in NOT_AUDITED) && !driven.has(route));
    expect(
      unknown,
      'write routes with no audit check: drive them above or explain them in NOT_AUDITED',
    ).toEqual([]);
    expect(Object.keys(NOT_AUDITED).filter((route) => !writeRoutes.includes(route))).toEqual([]);
  });
});
