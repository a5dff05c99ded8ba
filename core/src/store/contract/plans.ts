import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../port.js';
import { type ContractWorld } from './world.js';

/** The store contract for plans: every adapter gives the same answers. */
export function plansContract(world: ContractWorld): void {
  describe('plans', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = world);
    });
    const { aTenant, anIntegration } = world;
    const stages = [{ nodeId: 'src', type: 'source', label: 'PlanGrid issues', config: {}, inputs: [] }];

    it('numbers plan versions per integration and reads them back', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const other = await anIntegration(tenant, 'Other');
      const v1 = await store.plans.save(tenant.id, integration.id, { hash: 'h1', stages });
      const v2 = await store.plans.save(tenant.id, integration.id, { hash: 'h2', stages });
      const otherV1 = await store.plans.save(tenant.id, other.id, { hash: 'h3', stages });
      expect([v1.version, v2.version, otherV1.version]).toEqual([1, 2, 1]);
      expect(await store.plans.get(tenant.id, integration.id, 1)).toEqual(v1);
      expect(await store.plans.latest(tenant.id, integration.id)).toEqual(v2);
      expect((await store.plans.list(tenant.id, integration.id)).items.map((p) => p.version)).toEqual([2, 1]);
      expect(await store.plans.get(tenant.id, integration.id, 3)).toBeNull();
    });

    it('keeps the flow a version was published from and the version it rolled back to', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const flow = {
        schemaVersion: 1 as const,
        nodes: [{ id: 'src', type: 'source', position: { x: 0, y: 0 }, data: { config: {} } }],
        edges: [],
      };
      const v1 = await store.plans.save(tenant.id, integration.id, { hash: 'h1', stages, flow });
      const v2 = await store.plans.save(tenant.id, integration.id, {
        hash: 'h1',
        stages,
        flow,
        rolledBackFrom: 1,
      });
      expect(v1).toMatchObject({ flow, rolledBackFrom: null });
      expect(await store.plans.get(tenant.id, integration.id, 2)).toEqual(v2);
      expect(v2).toMatchObject({ version: 2, flow, rolledBackFrom: 1 });
      const legacy = await store.plans.save(tenant.id, integration.id, { hash: 'h2', stages });
      expect(legacy.flow).toBeNull();
    });

    it('reads the versions asked for together, in this tenant only', async () => {
      const tenant = await aTenant();
      const [first, second] = [await anIntegration(tenant), await anIntegration(tenant, 'Second')];
      const f1 = await store.plans.save(tenant.id, first.id, { hash: 'h1', stages });
      await store.plans.save(tenant.id, first.id, { hash: 'h2', stages });
      const s1 = await store.plans.save(tenant.id, second.id, { hash: 'h3', stages });
      const found = await store.plans.getMany(tenant.id, [
        { integrationId: first.id, version: 1 },
        { integrationId: second.id, version: 1 },
        { integrationId: second.id, version: 7 },
      ]);
      expect(found.sort((a, b) => a.hash.localeCompare(b.hash))).toEqual([f1, s1]);
      expect(await store.plans.getMany(tenant.id, [])).toEqual([]);
      const stranger = await aTenant('stranger');
      expect(await store.plans.getMany(stranger.id, [{ integrationId: first.id, version: 1 }])).toEqual([]);
    });

    it('gives concurrent saves distinct versions', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const saved = await Promise.all(
        [1, 2, 3, 4].map((n) => store.plans.save(tenant.id, integration.id, { hash: `h${n}`, stages })),
      );
      expect(saved.map((p) => p.version).sort()).toEqual([1, 2, 3, 4]);
    });
  });
}
