import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../port.js';
import { SEALED, type ContractWorld } from './world.js';

/** The store contract for connections: every adapter gives the same answers. */
export function connectionsContract(world: ContractWorld): void {
  describe('connections', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = world);
    });
    const { aTenant } = world;
    it('creates, reads, lists, updates and deletes connections', async () => {
      const tenant = await aTenant();
      const plangrid = await store.connections.create(tenant.id, {
        system: 'plangrid',
        name: 'PlanGrid production',
        baseUrl: 'https://io.plangrid.com',
        authKind: 'api-key',
        secret: SEALED,
      });
      expect(plangrid).toMatchObject({ options: {}, secret: SEALED });
      const nuvolo = await store.connections.create(tenant.id, {
        system: 'nuvolo',
        name: 'Nuvolo',
        baseUrl: 'https://acme.service-now.com',
        authKind: 'basic',
        options: { table: 'x_nuvo_eam_facilities_work_orders' },
        secret: SEALED,
      });
      expect((await store.connections.list(tenant.id)).items.map((c) => c.id)).toEqual([
        nuvolo.id,
        plangrid.id,
      ]);
      const renamed = await store.connections.update(tenant.id, plangrid.id, { name: 'PlanGrid (HQ)' });
      expect(renamed).toMatchObject({ name: 'PlanGrid (HQ)', system: 'plangrid', secret: SEALED });
      expect(await store.connections.delete(tenant.id, plangrid.id)).toBe(true);
      expect(await store.connections.get(tenant.id, plangrid.id)).toBeNull();
      expect(await store.connections.delete(tenant.id, plangrid.id)).toBe(false);
    });
  });
}
