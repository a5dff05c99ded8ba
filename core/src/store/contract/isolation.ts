import { beforeEach, describe, expect, it } from 'vitest';
import { emptyRunCounts } from '../../domain/run.js';
import { pulledIssues } from '../../testing/factories.js';
import type { Store } from '../port.js';
import { SEALED, type ContractWorld } from './world.js';

/** The store contract for tenant isolation: every adapter gives the same answers. */
export function isolationContract(world: ContractWorld): void {
  describe('tenant isolation', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = world);
    });
    const { aTenant, anIntegration, aRun } = world;
    it("never reads, changes or counts tenant A's objects through tenant B's id", async () => {
      const a = await aTenant('tenant-a');
      const b = await aTenant('tenant-b');
      const user = await store.users.create(a.id, { email: 'ana@a.test', name: 'Ana', role: 'editor' });
      const connection = await store.connections.create(a.id, {
        system: 'nuvolo',
        name: 'Nuvolo',
        baseUrl: 'https://a.service-now.com',
        authKind: 'basic',
        secret: SEALED,
      });
      const integration = await anIntegration(a);
      await store.plans.save(a.id, integration.id, { hash: 'h', stages: [] });
      const run = await aRun(a, integration);
      await store.records.upsertPulled(a.id, integration.id, pulledIssues(3), run.id);
      const [record] = (await store.records.search(a.id, {})).items;
      await store.records.markFailed(a.id, record!.id, { runId: run.id, error: 'x', nextAttemptAt: null });
      const [exception] = await store.exceptions.add(a.id, [
        {
          integrationId: integration.id,
          runId: run.id,
          phase: 'push',
          kind: 'api-5xx',
          message: 'x',
          httpStatus: 500,
          responseSnippet: null,
          nodeId: 'dest',
          recordId: record!.id,
        },
      ]);
      const snapshot = async () => ({
        user: await store.users.get(a.id, user.id),
        connection: await store.connections.get(a.id, connection.id),
        integration: await store.integrations.get(a.id, integration.id),
        record: await store.records.get(a.id, record!.id),
        run: await store.runs.get(a.id, run.id),
        exception: await store.exceptions.get(a.id, exception!.id),
        timeline: await store.recordEvents.timeline(a.id, record!.id),
        plans: await store.plans.list(a.id, integration.id),
      });
      const before = await snapshot();

      // Reads and counts through B see nothing.
      expect(await store.users.get(b.id, user.id)).toBeNull();
      expect((await store.users.list(b.id)).items).toEqual([]);
      expect(await store.users.count(b.id)).toBe(0);
      expect(await store.connections.get(b.id, connection.id)).toBeNull();
      expect((await store.connections.list(b.id)).items).toEqual([]);
      expect(await store.integrations.get(b.id, integration.id)).toBeNull();
      expect((await store.integrations.list(b.id, { includeArchived: true })).items).toEqual([]);
      expect(await store.integrations.count(b.id)).toBe(0);
      expect(await store.plans.get(b.id, integration.id, 1)).toBeNull();
      expect(await store.plans.latest(b.id, integration.id)).toBeNull();
      expect((await store.plans.list(b.id, integration.id)).items).toEqual([]);
      expect(await store.records.get(b.id, record!.id)).toBeNull();
      expect(await store.records.getBySourceId(b.id, integration.id, record!.sourceId)).toBeNull();
      expect((await store.records.search(b.id, { q: record!.sourceId })).items).toEqual([]);
      expect(
        await store.records.claimForPush(b.id, integration.id, {
          limit: 10,
          now: new Date('2100-01-01'),
          maxAttempts: 9,
        }),
      ).toEqual([]);
      expect(Object.values(await store.records.countByStatus(b.id)).every((n) => n === 0)).toBe(true);
      expect(await store.recordEvents.timeline(b.id, record!.id)).toEqual([]);
      expect(await store.runs.get(b.id, run.id)).toBeNull();
      expect((await store.runs.list(b.id)).items).toEqual([]);
      expect(await store.runs.running(b.id, integration.id)).toBeNull();
      expect(await store.runs.latest(b.id, integration.id)).toBeNull();
      expect(await store.exceptions.get(b.id, exception!.id)).toBeNull();
      expect((await store.exceptions.list(b.id)).items).toEqual([]);
      const bInsights = await store.insights.insights(b.id, {
        from: '2000-01-01T00:00:00.000Z',
        to: '2100-01-01T00:00:00.000Z',
      });
      expect(bInsights.recordsByDay).toEqual([]);
      expect(bInsights.totals.runs).toBe(0);
      expect(await store.tenants.usage(b.id)).toEqual({ integrations: 0, users: 0, recordsThisMonth: 0 });

      // Writes through B change nothing.
      expect(await store.users.update(b.id, user.id, { role: 'viewer' })).toBeNull();
      expect(await store.connections.update(b.id, connection.id, { name: 'stolen' })).toBeNull();
      expect(await store.connections.delete(b.id, connection.id)).toBe(false);
      expect(await store.integrations.update(b.id, integration.id, { title: 'stolen' })).toBeNull();
      expect(await store.integrations.saveCursor(b.id, integration.id, 'x')).toBe(false);
      expect(await store.records.markPushIntent(b.id, record!.id)).toBe(false);
      expect(
        await store.records.markPushed(b.id, record!.id, {
          runId: null,
          destinationId: 'x',
          operation: 'created',
        }),
      ).toBeNull();
      expect(
        await store.records.markFailed(b.id, record!.id, { runId: null, error: 'x', nextAttemptAt: null }),
      ).toBeNull();
      expect(await store.records.markSkipped(b.id, record!.id, { runId: null, reason: 'x' })).toBeNull();
      expect(await store.records.markPushIntents(b.id, [record!.id])).toBe(0);
      expect(
        await store.records.markPushedMany(b.id, [
          { recordId: record!.id, runId: null, destinationId: 'x', operation: 'created' },
        ]),
      ).toBe(0);
      expect(
        await store.records.markFailedMany(b.id, [
          { recordId: record!.id, runId: null, error: 'x', nextAttemptAt: null },
        ]),
      ).toBe(0);
      expect(await store.records.requeue(b.id, { recordIds: [record!.id] })).toBe(0);
      expect(await store.records.requeue(b.id, { runId: run.id })).toBe(0);
      expect(
        await store.runs.finish(b.id, run.id, {
          status: 'failed',
          counts: emptyRunCounts(),
          cursorAfter: null,
          nodeTraces: [],
        }),
      ).toBeNull();
      expect(await store.exceptions.resolve(b.id, exception!.id, null)).toBeNull();
      // Pulling the same source ids under B makes B's own records, never touching A's.
      expect(await store.records.upsertPulled(b.id, integration.id, pulledIssues(3), null)).toEqual({
        created: 3,
        changed: 0,
        unchanged: 0,
      });

      expect(await snapshot()).toEqual(before);
    });
  });
}
