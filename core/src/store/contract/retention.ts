import { beforeEach, describe, expect, it } from 'vitest';
import type { Tenant } from '../../domain/tenant.js';
import { emptyRunCounts } from '../../domain/run.js';
import { pulledIssue, pulledIssues } from '../../testing/factories.js';
import type { Store } from '../port.js';
import { type ContractWorld } from './world.js';

/** The store contract for retention: every adapter gives the same answers. */
export function retentionContract(world: ContractWorld): void {
  describe('retention', () => {
    let store: Store;
    let clock: ContractWorld['clock'];
    beforeEach(() => {
      ({ store, clock } = world);
    });
    const { aTenant, anIntegration, aRun } = world;
    const JAN = (day: number, time = '00:00:00') =>
      new Date(`2026-01-${String(day).padStart(2, '0')}T${time}.000Z`);
    const cutoffs = { runsBefore: JAN(20), eventsBefore: JAN(20) };

    /** Old and recent runs, exceptions and record events of one tenant. */
    async function history(tenant: Tenant) {
      const integration = await anIntegration(tenant);
      const finish = (id: string, at: Date) =>
        store.runs.finish(
          tenant.id,
          id,
          {
            status: 'succeeded',
            counts: { ...emptyRunCounts(), pulled: 3, new: 3 },
            cursorAfter: null,
            nodeTraces: [
              {
                nodeId: 'src',
                type: 'source',
                in: 0,
                out: 3,
                skipped: 0,
                failed: 0,
                durationMs: 5,
                samples: [],
              },
            ],
          },
          at,
        );
      const oldRun = await aRun(tenant, integration, JAN(1));
      await finish(oldRun.id, JAN(1, '00:01:00'));
      const stuckRun = await aRun(tenant, integration, JAN(2));
      const recentRun = await aRun(tenant, integration, new Date('2026-03-01T00:00:00.000Z'));
      await finish(recentRun.id, new Date('2026-03-01T00:01:00.000Z'));
      const exception = (at: string) => ({
        integrationId: integration.id,
        runId: oldRun.id,
        phase: 'push' as const,
        kind: 'api-5xx' as const,
        message: `Nuvolo answered 503 at ${at}`,
        httpStatus: 503,
        responseSnippet: null,
        nodeId: 'dest',
        recordId: null,
        at,
      });
      const [, , , recentException] = await store.exceptions.add(tenant.id, [
        exception('2026-01-01T00:00:10.000Z'),
        exception('2026-01-01T00:00:20.000Z'),
        exception('2026-01-19T23:59:59.999Z'),
        exception('2026-01-20T00:00:00.000Z'),
      ]);

      // a: initiated → pushed → (source status open → closed) update-request → updated (recent);
      // b: initiated → failed; c: initiated only.
      clock.set(JAN(1).toISOString());
      await store.records.upsertPulled(tenant.id, integration.id, pulledIssues(3), oldRun.id);
      const [a, b, c] = (
        await store.records.claimForPush(tenant.id, integration.id, {
          limit: 3,
          now: JAN(1),
          maxAttempts: 3,
        })
      ).map((record) => record.id);
      const at = (day: number) => ({ runId: oldRun.id, at: JAN(day) });
      await store.records.markPushed(tenant.id, a!, {
        ...at(2),
        destinationId: 'd-a',
        operation: 'created',
      });
      await store.records.markFailed(tenant.id, b!, { ...at(2), error: '400', nextAttemptAt: null });
      clock.set(JAN(3).toISOString());
      await store.records.upsertPulled(
        tenant.id,
        integration.id,
        [pulledIssue('pg-00000', { status: 'closed' })],
        oldRun.id,
      );
      await store.records.markPushed(tenant.id, a!, {
        runId: recentRun.id,
        destinationId: 'd-a',
        operation: 'updated',
        at: new Date('2026-03-01T00:00:30.000Z'),
      });
      return {
        integration,
        oldRun,
        stuckRun,
        recentRun,
        recentException,
        records: { a: a!, b: b!, c: c! },
      };
    }

    /** Prunes batch after batch until nothing is left; answers each batch's counts. */
    async function pruneAll(tenantId: string, batchSize: number) {
      const batches = [];
      for (;;) {
        const batch = await store.maintenance.prune(tenantId, { ...cutoffs, batchSize });
        batches.push(batch);
        if (batch.runs + batch.exceptions + batch.recordEvents === 0) return batches;
      }
    }

    it('deletes old finished runs with their traces and old exceptions, batch by batch', async () => {
      const tenant = await aTenant();
      const { oldRun, stuckRun, recentRun, recentException } = await history(tenant);
      expect(await pruneAll(tenant.id, 2)).toEqual([
        { runs: 1, exceptions: 2, recordEvents: 2 },
        { runs: 0, exceptions: 1, recordEvents: 2 },
        { runs: 0, exceptions: 0, recordEvents: 0 },
      ]);
      expect(await store.runs.get(tenant.id, oldRun.id)).toBeNull();
      expect((await store.runs.list(tenant.id)).items.map((run) => run.id)).toEqual([
        recentRun.id,
        stuckRun.id,
      ]);
      expect((await store.exceptions.list(tenant.id)).items).toEqual([recentException]);
    });

    it('keeps an exception seen again after the cutoff, however long ago it first happened', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const failure = (at: string) => ({
        integrationId: integration.id,
        runId: null,
        phase: 'push' as const,
        kind: 'api-4xx' as const,
        message: 'Nuvolo refused the state "Closed"',
        httpStatus: 400,
        responseSnippet: null,
        nodeId: 'dest',
        recordId: null,
        at,
      });
      const [recurring] = await store.exceptions.add(tenant.id, [failure('2026-01-01T00:00:00.000Z')]);
      await store.exceptions.add(tenant.id, [failure('2026-02-01T00:00:00.000Z')]);
      expect(await store.maintenance.prune(tenant.id, { ...cutoffs, batchSize: 10 })).toMatchObject({
        exceptions: 0,
      });
      expect((await store.exceptions.list(tenant.id)).items).toEqual([
        expect.objectContaining({
          id: recurring!.id,
          occurrences: 2,
          lastSeenAt: '2026-02-01T00:00:00.000Z',
        }),
      ]);
    });

    it("keeps each record's last event of each kind, so its timeline still explains its status", async () => {
      const tenant = await aTenant();
      const { records } = await history(tenant);
      await pruneAll(tenant.id, 1_000);
      const timeline = async (recordId: string) =>
        (await store.recordEvents.timeline(tenant.id, recordId)).map((event) => [
          event.kind,
          event.to,
          event.at,
        ]);
      expect(await timeline(records.a)).toEqual([
        ['source-status', 'closed', '2026-01-03T00:00:00.000Z'],
        ['lifecycle', 'updated', '2026-03-01T00:00:30.000Z'],
      ]);
      expect(await timeline(records.b)).toEqual([['lifecycle', 'failed', '2026-01-02T00:00:00.000Z']]);
      expect(await timeline(records.c)).toEqual([['lifecycle', 'initiated', '2026-01-01T00:00:00.000Z']]);
      for (const id of Object.values(records)) {
        const record = await store.records.get(tenant.id, id);
        const events = await store.recordEvents.timeline(tenant.id, id);
        expect(events.filter((event) => event.kind === 'lifecycle').at(-1)?.to).toBe(
          record?.status === 'pushed' ? 'pushed' : record?.status,
        );
      }
    });

    it('keeps record events longer than runs when their cutoff is earlier', async () => {
      const tenant = await aTenant();
      await history(tenant);
      expect(
        await store.maintenance.prune(tenant.id, {
          runsBefore: JAN(20),
          eventsBefore: JAN(1),
          batchSize: 100,
        }),
      ).toEqual({ runs: 1, exceptions: 3, recordEvents: 0 });
    });

    it('leaves insights as they were: rollups are never pruned', async () => {
      const tenant = await aTenant();
      await history(tenant);
      const year = { from: '2025-06-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' };
      const before = await store.insights.insights(tenant.id, year);
      expect(before.totals).toMatchObject({ runs: 2, averageRunMs: 60_000 });
      await pruneAll(tenant.id, 2);
      expect(await store.insights.insights(tenant.id, year)).toEqual(before);
    });

    it("never prunes another tenant's history", async () => {
      const a = await aTenant('tenant-a');
      const b = await aTenant('tenant-b');
      const { oldRun, records } = await history(a);
      const timeline = await store.recordEvents.timeline(a.id, records.a);
      expect(await pruneAll(b.id, 10)).toEqual([{ runs: 0, exceptions: 0, recordEvents: 0 }]);
      expect(await store.runs.get(a.id, oldRun.id)).not.toBeNull();
      expect((await store.exceptions.list(a.id)).items).toHaveLength(4);
      expect(await store.recordEvents.timeline(a.id, records.a)).toEqual(timeline);
    });

    it('refuses a batch size that is not a whole number from 1 to 10,000', async () => {
      const tenant = await aTenant();
      for (const batchSize of [0, 1.5, 10_001])
        await expect(store.maintenance.prune(tenant.id, { ...cutoffs, batchSize })).rejects.toThrow(
          /batch size/,
        );
    });
  });
}
