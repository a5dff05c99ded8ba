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

    it('saves the source cursor', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      expect(await store.integrations.saveCursor(tenant.id, integration.id, '2026-03-01T00:00:00.000Z')).toBe(
        true,
      );
      expect((await store.integrations.get(tenant.id, integration.id))?.cursor).toBe(
        '2026-03-01T00:00:00.000Z',
      );
    });
  });
}
