import { beforeEach, describe, expect, it } from 'vitest';
import type { Tenant } from '../../domain/tenant.js';
import type { Store } from '../port.js';
import { type ContractWorld } from './world.js';

/** The store contract for audit log: every adapter gives the same answers. */
export function auditContract(world: ContractWorld): void {
  describe('audit log', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = world);
    });
    const { aTenant } = world;
    const admin = { kind: 'user', userId: 'u-admin', email: 'admin@acme.test' } as const;
    const robot = { kind: 'api-token', userId: 'u-robot', email: 'robot@acme.test' } as const;
    const HOUR = (hour: number) => `2026-03-02T${String(hour).padStart(2, '0')}:00:00.000Z`;

    /** Three changes by two actors to two objects, an hour apart. */
    async function changes(tenant: Tenant) {
      const created = await store.audit.record(tenant.id, {
        at: HOUR(9),
        actor: admin,
        action: 'connection.created',
        target: { type: 'connection', id: 'c1' },
        summary: 'Created connection "PlanGrid"',
        details: { system: 'plangrid' },
      });
      const updated = await store.audit.record(tenant.id, {
        at: HOUR(10),
        actor: admin,
        action: 'connection.updated',
        target: { type: 'connection', id: 'c1' },
        summary: 'Updated connection "PlanGrid"',
        details: { credentials: 'credentials replaced' },
      });
      const activated = await store.audit.record(tenant.id, {
        at: HOUR(11),
        actor: robot,
        action: 'integration.activated',
        target: { type: 'integration', id: 'i1' },
        summary: 'Activated integration "PlanGrid → Nuvolo"',
      });
      return { created, updated, activated };
    }

    it('records who changed what and lists the changes newest first', async () => {
      const tenant = await aTenant();
      const { created, updated, activated } = await changes(tenant);
      expect(created).toMatchObject({ tenantId: tenant.id, at: HOUR(9), actor: admin });
      expect(activated.details).toEqual({});
      const page = await store.audit.list(tenant.id);
      expect(page).toEqual({ items: [activated, updated, created], nextCursor: null });
    });

    it('filters by action, actor, target and time range', async () => {
      const tenant = await aTenant();
      const { created, updated, activated } = await changes(tenant);
      const ids = async (filter: Parameters<Store['audit']['list']>[1]) =>
        (await store.audit.list(tenant.id, filter)).items.map((entry) => entry.id);
      expect(await ids({ action: 'connection.updated' })).toEqual([updated.id]);
      expect(await ids({ actorId: 'u-robot' })).toEqual([activated.id]);
      expect(await ids({ targetId: 'c1' })).toEqual([updated.id, created.id]);
      expect(await ids({ from: HOUR(10), to: HOUR(11) })).toEqual([updated.id]);
      expect(await ids({ actorId: 'u-admin', targetId: 'i1' })).toEqual([]);
    });

    it('pages through the log with a cursor', async () => {
      const tenant = await aTenant();
      const { created, updated, activated } = await changes(tenant);
      const first = await store.audit.list(tenant.id, {}, { limit: 2 });
      expect(first.items).toEqual([activated, updated]);
      expect(first.nextCursor).not.toBeNull();
      const second = await store.audit.list(tenant.id, {}, { limit: 2, cursor: first.nextCursor! });
      expect(second).toEqual({ items: [created], nextCursor: null });
    });

    it("never shows one tenant's entries to another", async () => {
      const tenant = await aTenant();
      const other = await aTenant('other');
      await changes(tenant);
      expect(await store.audit.list(other.id)).toEqual({ items: [], nextCursor: null });
      expect((await store.audit.list(other.id, { targetId: 'c1' })).items).toEqual([]);
    });
  });
}
