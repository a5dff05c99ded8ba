import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../port.js';
import type { ContractWorld } from './world.js';

const tableApi = (table: string) => ({
  auth: { kind: 'basic', username: '{{secrets.user}}', password: '{{secrets.password}}' },
  objects: [{ name: table }],
  list: {
    path: `/api/now/table/{{object}}`,
    records: '$.result',
    paginate: { kind: 'offset', offsetParam: 'sysparm_offset', limitParam: 'sysparm_limit' },
    cursor: { field: 'sys_updated_on' },
  },
});

const ADA = { id: 'u-ada', name: 'Ada Admin' };
const BOB = { id: 'u-bob', name: 'Bob Admin' };

/** The store contract for tenant systems (the connector builder's saved definitions). */
export function tenantSystemsContract(world: ContractWorld): void {
  describe('tenant systems', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = world);
    });
    const { aTenant } = world;

    it('a saved system is version 1 and lists newest first', async () => {
      const tenant = await aTenant();
      const first = await store.tenantSystems.create(
        tenant.id,
        { name: 'Facilities desk', label: 'FD', definition: tableApi('incident') },
        ADA,
      );
      expect(first).toMatchObject({
        tenantId: tenant.id,
        name: 'Facilities desk',
        label: 'FD',
        version: 1,
        updatedBy: ADA,
        definition: tableApi('incident'),
      });
      const second = await store.tenantSystems.create(
        tenant.id,
        { name: 'Asset register', label: 'AR', definition: tableApi('alm_asset') },
        null,
      );
      expect(await store.tenantSystems.get(tenant.id, first.id)).toEqual(first);
      const page = await store.tenantSystems.list(tenant.id, { withTotal: true });
      expect(page.items.map((s) => s.id)).toEqual([second.id, first.id]);
      expect(page.total).toBe(2);
    });

    it('each save is a new version; the system answers the latest and keeps every version', async () => {
      const tenant = await aTenant();
      const created = await store.tenantSystems.create(
        tenant.id,
        { name: 'Facilities desk', label: 'FD', definition: tableApi('incident') },
        ADA,
      );
      const v2 = await store.tenantSystems.saveVersion(
        tenant.id,
        created.id,
        { name: 'Facilities desk', label: 'FD', definition: tableApi('wm_order') },
        BOB,
      );
      const v3 = await store.tenantSystems.saveVersion(
        tenant.id,
        created.id,
        { name: 'Facilities service desk', label: 'FSD', definition: tableApi('wm_task') },
        ADA,
      );
      expect(v2).toMatchObject({ version: 2, updatedBy: BOB, createdAt: created.createdAt });
      expect(v3).toMatchObject({ version: 3, name: 'Facilities service desk', label: 'FSD' });
      expect(await store.tenantSystems.get(tenant.id, created.id)).toEqual(v3);
      const versions = await store.tenantSystems.versions(tenant.id, created.id);
      expect(versions.items.map((v) => [v.version, v.savedBy?.name, v.definition])).toEqual([
        [3, 'Ada Admin', tableApi('wm_task')],
        [2, 'Bob Admin', tableApi('wm_order')],
        [1, 'Ada Admin', tableApi('incident')],
      ]);
      expect(versions.items.every((v) => v.systemId === created.id && v.tenantId === tenant.id)).toBe(true);
    });

    it('another tenant can neither read, version nor delete a system', async () => {
      const acme = await aTenant('acme');
      const other = await aTenant('other');
      const system = await store.tenantSystems.create(
        acme.id,
        { name: 'Facilities desk', label: 'FD', definition: tableApi('incident') },
        ADA,
      );
      const input = { name: 'Mine now', label: 'MN', definition: tableApi('x') };
      expect(await store.tenantSystems.get(other.id, system.id)).toBeNull();
      expect((await store.tenantSystems.list(other.id)).items).toEqual([]);
      expect((await store.tenantSystems.versions(other.id, system.id)).items).toEqual([]);
      expect(await store.tenantSystems.saveVersion(other.id, system.id, input, BOB)).toBeNull();
      expect(await store.tenantSystems.delete(other.id, system.id)).toBe(false);
      expect(await store.tenantSystems.get(acme.id, system.id)).toEqual(system);
    });

    it('deleting a system deletes its versions', async () => {
      const tenant = await aTenant();
      const system = await store.tenantSystems.create(
        tenant.id,
        { name: 'Facilities desk', label: 'FD', definition: tableApi('incident') },
        ADA,
      );
      await store.tenantSystems.saveVersion(
        tenant.id,
        system.id,
        { name: 'Facilities desk', label: 'FD', definition: tableApi('wm_order') },
        ADA,
      );
      expect(await store.tenantSystems.delete(tenant.id, system.id)).toBe(true);
      expect(await store.tenantSystems.get(tenant.id, system.id)).toBeNull();
      expect((await store.tenantSystems.versions(tenant.id, system.id)).items).toEqual([]);
      expect(await store.tenantSystems.delete(tenant.id, system.id)).toBe(false);
      expect(
        await store.tenantSystems.saveVersion(
          tenant.id,
          system.id,
          { name: 'x', label: 'X', definition: {} },
          ADA,
        ),
      ).toBeNull();
    });
  });
}
