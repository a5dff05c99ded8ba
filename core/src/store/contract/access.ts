import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../port.js';
import { type ContractWorld } from './world.js';

/** The store contract for sessions and API tokens: every adapter gives the same answers. */
export function accessContract(world: ContractWorld): void {
  describe('sessions and API tokens', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = world);
    });
    const { aTenant } = world;
    const tokenHash = (c: string) => c.repeat(64);
    const aSession = (tenantId: string, userId: string, id = tokenHash('a')) => ({
      id,
      tenantId,
      userId,
      actingTenantId: tenantId,
      csrfToken: 'c'.repeat(43),
      createdAt: '2026-03-02T09:00:00.000Z',
      lastSeenAt: '2026-03-02T09:00:00.000Z',
      expiresAt: '2026-03-03T09:00:00.000Z',
    });

    it('keeps a session by its token hash, records activity, switches tenant and ends it', async () => {
      const tenant = await aTenant();
      const other = await aTenant('other');
      await store.sessions.create(aSession(tenant.id, 'u1'));
      expect(await store.sessions.findByTokenHash(tokenHash('a'))).toEqual(aSession(tenant.id, 'u1'));
      expect(await store.sessions.findByTokenHash(tokenHash('z'))).toBeNull();
      await store.sessions.touch(tokenHash('a'), new Date('2026-03-02T10:00:00.000Z'));
      await store.sessions.switchTenant(tokenHash('a'), other.id);
      expect(await store.sessions.findByTokenHash(tokenHash('a'))).toMatchObject({
        lastSeenAt: '2026-03-02T10:00:00.000Z',
        actingTenantId: other.id,
      });
      await store.sessions.delete(tokenHash('a'));
      expect(await store.sessions.findByTokenHash(tokenHash('a'))).toBeNull();
    });

    it("signs a user out everywhere, only that user, only through the user's tenant", async () => {
      const tenant = await aTenant();
      const other = await aTenant('other');
      await store.sessions.create(aSession(tenant.id, 'u1', tokenHash('a')));
      await store.sessions.create(aSession(tenant.id, 'u1', tokenHash('b')));
      await store.sessions.create(aSession(tenant.id, 'u2', tokenHash('c')));
      expect(await store.sessions.deleteForUser(other.id, 'u1')).toBe(0);
      expect(await store.sessions.deleteForUser(tenant.id, 'u1')).toBe(2);
      expect(await store.sessions.findByTokenHash(tokenHash('c'))).not.toBeNull();
    });

    it('creates, finds, lists, uses and revokes API tokens, scoped to their tenant', async () => {
      const tenant = await aTenant();
      const other = await aTenant('other');
      const token = await store.apiTokens.create(tenant.id, {
        userId: 'u1',
        name: 'Jenkins',
        tokenHash: tokenHash('1'),
        prefix: 'isk_1111',
        expiresAt: null,
      });
      expect(token).toMatchObject({ tenantId: tenant.id, lastUsedAt: null, revokedAt: null });
      expect(await store.apiTokens.findByHash(tokenHash('1'))).toEqual(token);
      expect(await store.apiTokens.list(tenant.id, 'u1')).toEqual([token]);
      expect(await store.apiTokens.list(other.id, 'u1')).toEqual([]);
      await store.apiTokens.touch(tokenHash('1'), new Date('2026-03-02T10:00:00.000Z'));
      expect(await store.apiTokens.findByHash(tokenHash('1'))).toMatchObject({
        lastUsedAt: '2026-03-02T10:00:00.000Z',
      });
      expect(await store.apiTokens.revoke(other.id, token.id)).toBeNull();
      expect(
        await store.apiTokens.revoke(tenant.id, token.id, new Date('2026-03-02T11:00:00.000Z')),
      ).toMatchObject({ revokedAt: '2026-03-02T11:00:00.000Z' });
    });
  });
}
