import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@isync/core';
import {
  startNuvolo,
  startPlanGrid,
  type NuvoloControl,
  type PlanGridControl,
  type RunningSimulator,
} from '@isync/simulators';
import { apiWorld, type ApiClient, type ApiWorld } from '../testing/api-world.js';
import { failedPush } from '../testing/failed-push.js';
import { connectSimulators, NUVOLO_PASSWORD, PLANGRID_KEY } from '../testing/simulator-connections.js';

const ISSUES_TEMPLATE = 'plangrid-issues-to-nuvolo-work-orders';
const NEW_NUVOLO_PASSWORD = 'rotated-nuvolo-password-42';

/** The tenant's audit log as its admin reads it, oldest first (the API answers newest first). */
/** The log oldest first, without sign-ins (every client of these tests signs in; the sign-in tests check those). */
async function auditLog(client: ApiClient, query = ''): Promise<AuditEntry[]> {
  const answer = await client.get(`/api/audit${query}`);
  expect(answer.status).toBe(200);
  return (answer.json.items as AuditEntry[])
    .filter((entry) => !entry.action.startsWith('user.sign'))
    .slice()
    .reverse();
}

const actions = (entries: AuditEntry[]) => entries.map((entry) => entry.action);

describe('audit log: who changed what, and when', () => {
  let world: ApiWorld;
  let admin: ApiClient;
  beforeEach(async () => {
    world = await apiWorld();
    admin = await world.as(world.acme.users['tenant-admin']);
  });
  afterEach(() => world.close());

  describe('with the PlanGrid and Nuvolo simulators', () => {
    let plangrid: RunningSimulator<PlanGridControl>;
    let nuvolo: RunningSimulator<NuvoloControl>;
    beforeEach(async () => {
      plangrid = await startPlanGrid({ records: 5, rateLimit: false });
      nuvolo = await startNuvolo({ records: 0, rateLimit: false });
    });
    afterEach(async () => {
      await Promise.all([plangrid.close(), nuvolo.close()]);
    });

    it('records every connection and integration change with its actor and target, and no credential', async () => {
      const editor = await world.as(world.acme.users.editor);
      const editorId = world.acme.users.editor.id;
      const { source, destination } = await connectSimulators(editor, plangrid, nuvolo);
      const rotated = await editor.patch(`/api/connections/${destination.id}`, {
        name: 'Nuvolo prod',
        credentials: { username: 'admin', password: NEW_NUVOLO_PASSWORD },
      });
      expect(rotated.status).toBe(200);

      const created = await editor.post('/api/integrations/from-template', {
        templateId: ISSUES_TEMPLATE,
        sourceConnectionId: source.id,
        destinationConnectionId: destination.id,
        project: plangrid.control.projects()[0]!.uid,
        title: 'HQ defects',
      });
      expect(created.status).toBe(201);
      const id = created.json.id as string;
      await editor.patch(`/api/integrations/${id}`, { description: 'Defects of the HQ tower' });
      await editor.put(`/api/integrations/${id}/flow`, created.json.flow);
      expect((await admin.post(`/api/integrations/${id}/activate`)).status).toBe(200);
      expect((await admin.post(`/api/integrations/${id}/pause`)).status).toBe(200);
      expect((await admin.post(`/api/integrations/${id}/resume`)).status).toBe(200);
      expect((await admin.post(`/api/integrations/${id}/run`)).status).toBe(202);
      const copy = await editor.post(`/api/integrations/${id}/duplicate`);
      expect((await editor.delete(`/api/integrations/${copy.json.id}`)).status).toBe(200);
      const spare = await editor.post('/api/connections', {
        system: 'plangrid',
        name: 'Spare',
        baseUrl: plangrid.url,
        authKind: 'api-key',
        credentials: { apiKey: PLANGRID_KEY },
      });
      expect((await editor.delete(`/api/connections/${spare.json.id}`)).status).toBe(204);

      const connectionEntries = await auditLog(admin, `?targetId=${destination.id}`);
      expect(actions(connectionEntries)).toEqual(['connection.created', 'connection.updated']);
      expect(connectionEntries[1]).toMatchObject({
        actor: { kind: 'user', userId: editorId, email: 'editor@acme.test' },
        target: { type: 'connection', id: destination.id },
        summary: 'Updated connection "Nuvolo prod": credentials replaced',
        details: { fields: expect.arrayContaining(['name']), credentials: 'credentials replaced' },
      });

      const integrationEntries = await auditLog(admin, `?targetId=${id}`);
      expect(actions(integrationEntries)).toEqual([
        'integration.created',
        'integration.updated',
        'integration.updated',
        'integration.activated',
        'integration.paused',
        'integration.resumed',
        'integration.run-requested',
      ]);
      expect(integrationEntries[0]).toMatchObject({
        actor: { userId: editorId },
        details: { templateId: ISSUES_TEMPLATE },
      });
      expect(integrationEntries[3]).toMatchObject({
        actor: { kind: 'user', userId: world.acme.users['tenant-admin'].id },
        summary: 'Activated integration "HQ defects"',
        details: { planVersion: 1 },
      });
      expect(actions(await auditLog(admin, `?targetId=${copy.json.id}`))).toEqual([
        'integration.duplicated',
        'integration.archived',
      ]);
      expect(actions(await auditLog(admin, `?targetId=${spare.json.id}`))).toEqual([
        'connection.created',
        'connection.deleted',
      ]);

      // Every entry, read back through the API: not one credential in any of them.
      const everything = JSON.stringify(await auditLog(admin, '?limit=500'));
      for (const secret of [PLANGRID_KEY, NUVOLO_PASSWORD, NEW_NUVOLO_PASSWORD]) {
        expect(everything).not.toContain(secret);
      }
    });
  });

  it("records a platform admin's tenant changes in that tenant's log", async () => {
    const root = await world.as(world.platformAdmin);
    const created = await root.post('/api/tenants', {
      name: 'Initech',
      slug: 'initech',
      admin: { email: 'boss@initech.test', name: 'Bill' },
    });
    const initech = created.json.tenant.id as string;
    await root.patch(`/api/tenants/${world.acme.tenant.id}`, { limits: { maxIntegrations: 3 } });

    const initechLog = await world.store.audit.list(initech);
    expect(actions(initechLog.items.slice().reverse())).toEqual(['tenant.created', 'user.invited']);
    expect(initechLog.items[0]).toMatchObject({
      actor: { kind: 'user', userId: world.platformAdmin.id, email: 'root@isync.test' },
      target: { type: 'user', id: created.json.invitation.user.id },
    });
    const [updated] = await auditLog(admin, '?action=tenant.updated');
    expect(updated).toMatchObject({
      actor: { userId: world.platformAdmin.id },
      target: { type: 'tenant', id: world.acme.tenant.id },
      details: { limits: { maxIntegrations: 3 } },
    });
  });

  it('records user, embed and API token changes, and who made them through a token', async () => {
    const adminId = world.acme.users['tenant-admin'].id;
    const added = await admin.post('/api/users', {
      email: 'new@acme.test',
      name: 'New',
      role: 'viewer',
      password: 'a long enough password',
    });
    await admin.post('/api/users', { email: 'invited@acme.test', name: 'Invited', role: 'editor' });
    await admin.patch(`/api/users/${added.json.user.id}`, { role: 'editor' });
    await admin.put('/api/embed-origins', { origins: ['https://portal.acme.test'] });
    const integration = await admin.post('/api/integrations', { title: 'Embedded', description: '' });
    const embed = await admin.post('/api/embed-tokens', {
      integrationIds: [integration.json.id],
      views: ['runs'],
    });
    expect(embed.status).toBe(201);
    const token = await admin.post('/api/auth/tokens', { name: 'Jenkins', scopes: ['edit'] });
    const robot = world.withToken(token.json.token);
    const viaToken = await robot.post('/api/integrations', { title: 'From CI', description: '' });
    await admin.delete(`/api/auth/tokens/${token.json.apiToken.id}`);

    const log = await auditLog(admin);
    expect(actions(log)).toEqual([
      'user.created',
      'user.invited',
      'user.updated',
      'embed-origins.updated',
      'integration.created',
      'embed-token.issued',
      'api-token.created',
      'integration.created',
      'api-token.revoked',
    ]);
    expect(log[2]).toMatchObject({
      target: { type: 'user', id: added.json.user.id },
      details: { role: 'editor', previousRole: 'viewer' },
    });
    expect(log[7]).toMatchObject({
      actor: { kind: 'api-token', userId: adminId },
      target: { type: 'integration', id: viaToken.json.id },
    });
    const text = JSON.stringify(log);
    expect(text).not.toContain(token.json.token);
    expect(text).not.toContain(embed.json.token);
    expect(text).not.toContain('a long enough password');
    expect(actions(await auditLog(admin, `?actorId=${adminId}&action=api-token.revoked`))).toEqual([
      'api-token.revoked',
    ]);
  });

  it('records replays and resolved exceptions', async () => {
    const { store } = world;
    const tenantId = world.acme.tenant.id;
    const { integration, record, exception } = await failedPush(store, tenantId);
    await store.integrations.update(tenantId, integration.id, { planVersion: 1 });

    expect((await admin.post('/api/records/replay', { recordIds: [record.id] })).status).toBe(202);
    expect((await admin.post(`/api/exceptions/${exception.id}/resolve`)).status).toBe(200);

    const log = await auditLog(admin);
    expect(log).toMatchObject([
      {
        action: 'records.replayed',
        target: { type: 'record', id: record.id },
        summary: 'Replayed 1 failed record',
        details: { requeued: 1 },
      },
      { action: 'exception.resolved', target: { type: 'exception', id: exception.id } },
    ]);
  });

  it('is read by tenant admins only, each seeing only their own tenant', async () => {
    await admin.post('/api/integrations', { title: 'Acme only', description: '' });
    for (const role of ['editor', 'viewer'] as const) {
      const client = await world.as(world.acme.users[role]);
      expect((await client.get('/api/audit')).status).toBe(403);
    }
    const globexAdmin = await world.as(world.globex.users['tenant-admin']);
    expect(await auditLog(globexAdmin)).toEqual([]);
    expect(actions(await auditLog(admin))).toEqual(['integration.created']);
    expect((await admin.get('/api/audit?action=not.an-action')).status).toBe(400);
  });
});
