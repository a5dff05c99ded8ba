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
    it('counts the same failure of a record as occurrences of one open row, and resolves it when the record goes through', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const run = await aRun(tenant, integration);
      const failure = (message: string, at: string, recordId = 'rec-1') => ({
        integrationId: integration.id,
        runId: run.id,
        phase: 'push' as const,
        kind: 'api-5xx' as const,
        message,
        httpStatus: 503,
        responseSnippet: null,
        nodeId: 'dest',
        recordId,
        at,
      });
      const [first] = await store.exceptions.add(tenant.id, [
        failure(
          'Nuvolo answered 503. iSync tries again at 2026-03-02T09:00:30.000Z (attempt 2 of 5).',
          '2026-03-02T09:00:00.000Z',
        ),
      ]);
      expect(first).toMatchObject({
        occurrences: 1,
        cause: 'Nuvolo answered 503.',
        lastSeenAt: '2026-03-02T09:00:00.000Z',
      });
      const [again, other] = await store.exceptions.add(tenant.id, [
        failure(
          'Nuvolo answered 503. iSync tries again at 2026-03-02T09:01:30.000Z (attempt 3 of 5).',
          '2026-03-02T09:01:00.000Z',
        ),
        failure(
          'Nuvolo answered 503. Tried 5 times; replay it once the cause is fixed.',
          '2026-03-02T09:01:00.000Z',
          'rec-2',
        ),
      ]);
      expect(again).toMatchObject({
        id: first!.id,
        occurrences: 2,
        at: '2026-03-02T09:00:00.000Z',
        lastSeenAt: '2026-03-02T09:01:00.000Z',
        message: expect.stringContaining('attempt 3 of 5'),
      });
      expect(other!.id).not.toBe(first!.id);
      expect((await store.exceptions.list(tenant.id, { integrationId: integration.id })).items).toHaveLength(
        2,
      );

      const next = await aRun(tenant, integration);
      expect(
        await store.exceptions.resolveForRecords(
          tenant.id,
          ['rec-1'],
          next.id,
          new Date('2026-03-02T09:05:00.000Z'),
        ),
      ).toBe(1);
      expect(await store.exceptions.get(tenant.id, first!.id)).toMatchObject({
        resolvedAt: '2026-03-02T09:05:00.000Z',
        resolvedBy: null,
        resolvedByRunId: next.id,
      });
      expect(await store.exceptions.resolveForRecords((await aTenant('other')).id, ['rec-2'], next.id)).toBe(
        0,
      );
      // A failure after the resolution is a new row.
      const [later] = await store.exceptions.add(tenant.id, [
        failure('Nuvolo answered 503.', '2026-03-02T10:00:00.000Z'),
      ]);
      expect(later!.id).not.toBe(first!.id);
    });

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
