import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../errors.js';
import type { Store } from '../port.js';
import { type ContractWorld } from './world.js';

/** The store contract for users: every adapter gives the same answers. */
export function usersContract(world: ContractWorld): void {
  describe('users', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = world);
    });
    const { aTenant } = world;
    it('creates, reads, lists, updates and counts users of a tenant', async () => {
      const tenant = await aTenant();
      const ana = await store.users.create(tenant.id, {
        email: 'Ana@Acme.test',
        name: 'Ana',
        role: 'tenant-admin',
      });
      expect(ana).toMatchObject({
        email: 'ana@acme.test',
        status: 'active',
        passwordHash: null,
        lastLoginAt: null,
      });
      const bo = await store.users.create(tenant.id, { email: 'bo@acme.test', name: 'Bo', role: 'viewer' });
      expect(await store.users.get(tenant.id, ana.id)).toEqual(ana);
      expect((await store.users.list(tenant.id)).items.map((u) => u.name)).toEqual(['Bo', 'Ana']);
      const promoted = await store.users.update(tenant.id, bo.id, {
        role: 'editor',
        passwordHash: 'argon2id$…',
      });
      expect(promoted).toMatchObject({ role: 'editor', passwordHash: 'argon2id$…', name: 'Bo' });
      expect(await store.users.count(tenant.id)).toBe(2);
      await store.users.update(tenant.id, bo.id, { status: 'disabled' });
      expect(await store.users.count(tenant.id)).toBe(1);
    });

    it('keeps emails unique across the platform, whatever their case', async () => {
      const acme = await aTenant('acme');
      const globex = await aTenant('globex');
      await store.users.create(acme.id, { email: 'ana@acme.test', name: 'Ana', role: 'editor' });
      await expect(
        store.users.create(globex.id, { email: 'ANA@acme.test', name: 'Ana 2', role: 'editor' }),
      ).rejects.toBeInstanceOf(ConflictError);
    });

    it('finds a user by email for sign-in, whatever the case typed', async () => {
      const tenant = await aTenant();
      const ana = await store.users.create(tenant.id, {
        email: 'ana@acme.test',
        name: 'Ana',
        role: 'editor',
      });
      expect(await store.users.findByEmailForLogin('ANA@acme.TEST')).toEqual(ana);
      expect(await store.users.findByEmailForLogin('nobody@acme.test')).toBeNull();
    });
  });
}
