import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../errors.js';
import { pulledIssues } from '../../testing/factories.js';
import type { Store } from '../port.js';
import { type ContractWorld } from './world.js';

/** The store contract for tenants: every adapter gives the same answers. */
export function tenantsContract(world: ContractWorld): void {
  describe('tenants', () => {
    let store: Store;
    let clock: ContractWorld['clock'];
    beforeEach(() => {
      ({ store, clock } = world);
    });
    const { aTenant, anIntegration } = world;
    it('creates a tenant with default limits and finds it by id and slug', async () => {
      const tenant = await store.tenants.create({
        name: 'Acme Facilities',
        slug: 'acme',
        limits: { maxUsers: 3 },
      });
      expect(tenant).toMatchObject({ name: 'Acme Facilities', slug: 'acme', status: 'active' });
      expect(tenant.limits).toEqual({
        maxIntegrations: 25,
        minScheduleSeconds: 60,
        maxRecordsPerMonth: 100_000,
        maxUsers: 3,
        allowedEmbedOrigins: [],
        allowedPrivateHosts: [],
      });
      expect(await store.tenants.get(tenant.id)).toEqual(tenant);
      expect(await store.tenants.getBySlug('acme')).toEqual(tenant);
      expect(await store.tenants.get('missing')).toBeNull();
    });

    it('refuses a second tenant with a taken slug', async () => {
      await aTenant('acme');
      await expect(aTenant('acme')).rejects.toBeInstanceOf(ConflictError);
    });

    it('updates name, status and some limits, keeping the other limits', async () => {
      const tenant = await aTenant();
      const updated = await store.tenants.update(tenant.id, {
        name: 'Acme Corp',
        status: 'suspended',
        limits: { maxIntegrations: 2, allowedEmbedOrigins: ['https://portal.acme.test'] },
      });
      expect(updated).toMatchObject({ name: 'Acme Corp', status: 'suspended' });
      expect(updated?.limits).toMatchObject({ maxIntegrations: 2, maxUsers: 25 });
      expect(await store.tenants.get(tenant.id)).toEqual(updated);
      // Regression: a patch of one limit used to reset every other limit to its default.
      const again = await store.tenants.update(tenant.id, {
        limits: { allowedPrivateHosts: ['10.0.0.0/8'] },
      });
      expect(again?.limits).toMatchObject({
        maxIntegrations: 2,
        allowedEmbedOrigins: ['https://portal.acme.test'],
        allowedPrivateHosts: ['10.0.0.0/8'],
      });
      expect(await store.tenants.update('missing', { name: 'x' })).toBeNull();
    });

    it('lists tenants newest first, page by page', async () => {
      for (const slug of ['t1', 't2', 't3', 't4', 't5']) await aTenant(slug);
      const first = await store.tenants.list({ limit: 2 });
      expect(first.items.map((t) => t.slug)).toEqual(['t5', 't4']);
      const second = await store.tenants.list({ limit: 2, cursor: first.nextCursor! });
      expect(second.items.map((t) => t.slug)).toEqual(['t3', 't2']);
      const third = await store.tenants.list({ limit: 2, cursor: second.nextCursor! });
      expect(third.items.map((t) => t.slug)).toEqual(['t1']);
      expect(third.nextCursor).toBeNull();
    });

    it('reports usage: live integrations, enabled users and records first pulled this month', async () => {
      const tenant = await aTenant();
      const kept = await anIntegration(tenant);
      const archived = await anIntegration(tenant, 'Old');
      await store.integrations.update(tenant.id, archived.id, { status: 'archived' });
      await store.users.create(tenant.id, { email: 'a@acme.test', name: 'A', role: 'editor' });
      const disabled = await store.users.create(tenant.id, {
        email: 'b@acme.test',
        name: 'B',
        role: 'viewer',
      });
      await store.users.update(tenant.id, disabled.id, { status: 'disabled' });
      clock.set('2026-02-27T10:00:00.000Z');
      await store.records.upsertPulled(tenant.id, kept.id, pulledIssues(2, 'feb-'), null);
      clock.set('2026-03-02T10:00:00.000Z');
      await store.records.upsertPulled(tenant.id, kept.id, pulledIssues(3, 'mar-'), null);
      expect(await store.tenants.usage(tenant.id, new Date('2026-03-15T00:00:00Z'))).toEqual({
        integrations: 1,
        users: 1,
        recordsThisMonth: 3,
      });
    });
  });
}
