import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../port.js';
import { type ContractWorld } from './world.js';

/** The store contract for exceptions: every adapter gives the same answers. */
export function exceptionsContract(world: ContractWorld): void {
  describe('exceptions', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = world);
    });
    const { aTenant, anIntegration, aRun } = world;
    it('adds, filters, pages and resolves exception log entries', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const run = await aRun(tenant, integration);
      const [timeout, badState, mapping] = await store.exceptions.add(tenant.id, [
        {
          integrationId: integration.id,
          runId: run.id,
          phase: 'push',
          kind: 'timeout',
          message: 'Nuvolo did not answer within 30 s',
          httpStatus: null,
          responseSnippet: null,
          nodeId: 'dest',
          recordId: null,
          at: '2026-03-02T09:00:00.000Z',
        },
        {
          integrationId: integration.id,
          runId: run.id,
          phase: 'push',
          kind: 'api-4xx',
          message: "Nuvolo answered 400: Invalid state value 'Open '",
          httpStatus: 400,
          responseSnippet: '{"error":{"message":"Invalid state"}}',
          nodeId: 'dest',
          recordId: null,
          at: '2026-03-02T10:00:00.000Z',
        },
        {
          integrationId: integration.id,
          runId: run.id,
          phase: 'transform',
          kind: 'mapping',
          message: 'due_at is not a date',
          httpStatus: null,
          responseSnippet: null,
          nodeId: 'map',
          recordId: null,
          at: '2026-03-03T10:00:00.000Z',
        },
      ]);
      expect(badState).toMatchObject({ httpStatus: 400, resolvedAt: null, resolvedBy: null });
      expect(await store.exceptions.get(tenant.id, badState!.id)).toEqual(badState);
      const ids = async (filter: Parameters<Store['exceptions']['list']>[1]) =>
        (await store.exceptions.list(tenant.id, filter)).items.map((e) => e.id);
      expect(await ids({})).toEqual([mapping!.id, badState!.id, timeout!.id]);
      expect(await ids({ nodeId: 'dest' })).toEqual([badState!.id, timeout!.id]);
      expect(await ids({ kind: 'mapping' })).toEqual([mapping!.id]);
      expect(await ids({ from: '2026-03-02T09:30:00.000Z', to: '2026-03-03T00:00:00.000Z' })).toEqual([
        badState!.id,
      ]);

      const resolved = await store.exceptions.resolve(
        tenant.id,
        timeout!.id,
        'user-1',
        new Date('2026-03-04T00:00:00Z'),
      );
      expect(resolved).toMatchObject({ resolvedAt: '2026-03-04T00:00:00.000Z', resolvedBy: 'user-1' });
      const again = await store.exceptions.resolve(tenant.id, timeout!.id, 'user-2');
      expect(again).toMatchObject({ resolvedBy: 'user-1' });
      expect(await ids({ resolved: true })).toEqual([timeout!.id]);
      expect(await ids({ resolved: false })).toEqual([mapping!.id, badState!.id]);
      const page1 = await store.exceptions.list(tenant.id, {}, { limit: 1 });
      const page2 = await store.exceptions.list(tenant.id, {}, { limit: 1, cursor: page1.nextCursor! });
      expect(page2.items.map((e) => e.id)).toEqual([badState!.id]);
    });
  });
}
