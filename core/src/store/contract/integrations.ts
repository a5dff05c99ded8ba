import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../port.js';
import { type ContractWorld } from './world.js';

/** The store contract for integrations: every adapter gives the same answers. */
export function integrationsContract(world: ContractWorld): void {
  describe('integrations', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = world);
    });
    const { aTenant, anIntegration } = world;
    it('creates a draft with the first wizard step done and sensible defaults', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      expect(integration).toMatchObject({
        status: 'draft',
        wizard: { details: true, source: false, destination: false, mappings: false, settings: false },
        flow: { schemaVersion: 1, nodes: [], edges: [] },
        schedule: { kind: 'interval', everySeconds: 900 },
        settings: { timezone: 'UTC', statusMappings: [], dateRange: { from: null, to: null } },
        planVersion: null,
        cursor: null,
        reverseCursor: null,
      });
      expect(await store.integrations.get(tenant.id, integration.id)).toEqual(integration);
    });

    it('updates only the fields a patch names', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const flow = {
        schemaVersion: 1 as const,
        nodes: [
          { id: 'src', type: 'source', position: { x: 0, y: 0 }, data: { config: { object: 'issues' } } },
        ],
        edges: [],
      };
      const updated = await store.integrations.update(tenant.id, integration.id, {
        flow,
        schedule: { kind: 'cron', expression: '*/5 * * * *' },
        wizard: { ...integration.wizard, mappings: true },
      });
      expect(updated).toMatchObject({ title: integration.title, flow, schedule: { kind: 'cron' } });
      expect(updated?.wizard.mappings).toBe(true);
    });

    it('lists live integrations by status and leaves archived ones out of lists and counts', async () => {
      const tenant = await aTenant();
      const active = await anIntegration(tenant, 'Active');
      await store.integrations.update(tenant.id, active.id, { status: 'active' });
      await anIntegration(tenant, 'Draft');
      const old = await anIntegration(tenant, 'Old');
      await store.integrations.update(tenant.id, old.id, { status: 'archived' });
      expect((await store.integrations.list(tenant.id)).items.map((i) => i.title)).toEqual([
        'Draft',
        'Active',
      ]);
      expect(
        (await store.integrations.list(tenant.id, { status: 'active' })).items.map((i) => i.title),
      ).toEqual(['Active']);
      expect((await store.integrations.list(tenant.id, { includeArchived: true })).items).toHaveLength(3);
      expect(await store.integrations.count(tenant.id)).toBe(2);
    });

    it('saves the draft with the next revision and who saved it, leaving what runs alone', async () => {
      const tenant = await aTenant();
      const user = await store.users.create(tenant.id, {
        email: 'ann@acme.test',
        name: 'Ann',
        role: 'editor',
      });
      const integration = await anIntegration(tenant);
      expect(integration).toMatchObject({ draftRevision: 0, draftSavedBy: null, draftSavedAt: null });
      const first = await store.integrations.saveDraft(
        tenant.id,
        integration.id,
        { description: 'first' },
        { savedBy: { id: user.id, name: user.name }, expectedRevision: 0 },
      );
      expect(first).toEqual({
        saved: expect.objectContaining({
          description: 'first',
          draftRevision: 1,
          draftSavedBy: { id: user.id, name: 'Ann' },
        }),
      });
      const second = await store.integrations.saveDraft(
        tenant.id,
        integration.id,
        { description: 'second' },
        { savedBy: null },
      );
      expect(second && 'saved' in second && second.saved.draftRevision).toBe(2);
      expect((await store.integrations.get(tenant.id, integration.id))?.planVersion).toBeNull();
    });

    it('refuses a draft saved over a newer revision and answers the stored one unchanged', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      await store.integrations.saveDraft(
        tenant.id,
        integration.id,
        { description: 'tab 1' },
        { savedBy: null },
      );
      const stale = await store.integrations.saveDraft(
        tenant.id,
        integration.id,
        { description: 'tab 2' },
        { savedBy: null, expectedRevision: 0 },
      );
      expect(stale).toEqual({
        conflict: expect.objectContaining({ description: 'tab 1', draftRevision: 1 }),
      });
      // Two saves from revision 1 at once: exactly one wins.
      const racing = await Promise.all(
        ['a', 'b'].map((description) =>
          store.integrations.saveDraft(
            tenant.id,
            integration.id,
            { description },
            { savedBy: null, expectedRevision: 1 },
          ),
        ),
      );
      expect(racing.filter((result) => result && 'saved' in result)).toHaveLength(1);
      expect((await store.integrations.get(tenant.id, integration.id))?.draftRevision).toBe(2);
      expect(
        await store.integrations.saveDraft(tenant.id, 'missing', { description: 'x' }, { savedBy: null }),
      ).toBeNull();
    });

    it('saves the source cursor', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      expect(await store.integrations.saveCursor(tenant.id, integration.id, '2026-03-01T00:00:00.000Z')).toBe(
        true,
      );
      expect((await store.integrations.get(tenant.id, integration.id))?.cursor).toBe(
        '2026-03-01T00:00:00.000Z',
      );
      // The way back of a two-way flow keeps its own.
      await store.integrations.saveCursor(tenant.id, integration.id, '2026-03-02T00:00:00.000Z', 'reverse');
      expect(await store.integrations.get(tenant.id, integration.id)).toMatchObject({
        cursor: '2026-03-01T00:00:00.000Z',
        reverseCursor: '2026-03-02T00:00:00.000Z',
      });
    });
  });
}
