import { beforeEach, describe, expect, it } from 'vitest';
import { emptyPairState, type PairState } from '../../domain/two-way.js';
import { pulledIssue } from '../../testing/factories.js';
import type { Store } from '../port.js';
import { type ContractWorld } from './world.js';

/** The store contract for two-way pairs: the ledger a linked pair keeps, saved only from a fresh read. */
export function pairsContract(world: ContractWorld): void {
  describe('two-way pairs', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = world);
    });
    const { aTenant, anIntegration, aRun } = world;

    /** A record pushed to destination `destinationId`. */
    const aLinkedRecord = async (sourceId: string, destinationId: string) => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const run = await aRun(tenant, integration);
      await store.records.upsertPulled(tenant.id, integration.id, [pulledIssue(sourceId)], run.id);
      const record = (await store.records.getBySourceId(tenant.id, integration.id, sourceId))!;
      await store.records.markPushed(tenant.id, record.id, {
        runId: run.id,
        destinationId,
        operation: 'created',
      });
      return { tenant, integration, run, record };
    };

    const withBaseline = (pair: PairState, destination: Record<string, unknown>): PairState => ({
      ...pair,
      baseline: { source: { title: 'A' }, destination },
    });

    it('finds records by the destination ids they are linked to and by source ids, only in the integration asked', async () => {
      const { tenant, integration, record } = await aLinkedRecord('pg-1', 'd'.repeat(32));
      const other = await anIntegration(tenant, 'Other');
      expect(
        (await store.records.linkedTo(tenant.id, integration.id, ['d'.repeat(32), 'e'.repeat(32)])).map(
          (r) => r.id,
        ),
      ).toEqual([record.id]);
      expect(await store.records.linkedTo(tenant.id, other.id, ['d'.repeat(32)])).toEqual([]);
      expect(await store.records.linkedTo(tenant.id, integration.id, [])).toEqual([]);
      const stranger = await aTenant('stranger');
      expect(await store.records.linkedTo(stranger.id, integration.id, ['d'.repeat(32)])).toEqual([]);
      expect(
        (await store.records.bySourceIds(tenant.id, integration.id, ['pg-1', 'pg-2'])).map((r) => r.id),
      ).toEqual([record.id]);
      expect(await store.records.bySourceIds(tenant.id, other.id, ['pg-1'])).toEqual([]);
      expect(await store.records.bySourceIds(stranger.id, integration.id, ['pg-1'])).toEqual([]);
      expect(await store.records.bySourceIds(tenant.id, integration.id, [])).toEqual([]);
    });

    it('saves a pair from a fresh read only, numbering its revisions, and never another tenant’s', async () => {
      const { tenant, run, record } = await aLinkedRecord('pg-1', 'd'.repeat(32));
      const at = new Date('2026-03-02T10:00:00.000Z');
      const first = withBaseline(emptyPairState('pushed'), { state: '1' });
      expect(
        await store.records.savePairs(tenant.id, [
          { recordId: record.id, expectedRevision: null, pair: first, runId: run.id, at },
        ]),
      ).toEqual([record.id]);
      const saved = (await store.records.get(tenant.id, record.id))!;
      expect(saved.pair).toEqual({ ...first, revision: 0 });
      expect(saved.status).toBe('pushed');

      // A save from a read older than the stored revision changes nothing.
      const stale = withBaseline(first, { state: '9' });
      expect(
        await store.records.savePairs(tenant.id, [
          { recordId: record.id, expectedRevision: null, pair: stale, runId: run.id, at },
        ]),
      ).toEqual([]);
      const stranger = await aTenant('stranger');
      expect(
        await store.records.savePairs(stranger.id, [
          { recordId: record.id, expectedRevision: 0, pair: stale, runId: null, at },
        ]),
      ).toEqual([]);
      expect((await store.records.get(tenant.id, record.id))!.pair).toEqual({ ...first, revision: 0 });

      expect(
        await store.records.savePairs(tenant.id, [
          { recordId: record.id, expectedRevision: 0, pair: stale, runId: run.id, at },
        ]),
      ).toEqual([record.id]);
      expect((await store.records.get(tenant.id, record.id))!.pair).toEqual({ ...stale, revision: 1 });
    });

    it('changes the status with its lifecycle event, clears the failure, and stores a quiet source', async () => {
      const { tenant, run, record } = await aLinkedRecord('pg-1', 'd'.repeat(32));
      await store.records.markFailed(tenant.id, record.id, {
        runId: run.id,
        error: 'Nuvolo answered 503',
        nextAttemptAt: new Date('2026-03-02T11:00:00.000Z'),
      });
      const at = new Date('2026-03-02T10:00:00.000Z');
      const pair = withBaseline(emptyPairState('pushed'), { state: '2' });
      await store.records.savePairs(tenant.id, [
        {
          recordId: record.id,
          expectedRevision: null,
          pair,
          status: 'updated',
          detail: { wrote: { destination: ['state'] } },
          wrote: true,
          source: { sourceHash: 'h2', sourceData: { uid: 'pg-1', title: 'Quiet' }, sourceStatus: 'open' },
          runId: run.id,
          at,
        },
      ]);
      const saved = (await store.records.get(tenant.id, record.id))!;
      expect(saved).toMatchObject({
        status: 'updated',
        attempts: 0,
        nextAttemptAt: null,
        lastError: null,
        sourceHash: 'h2',
        sourceData: { uid: 'pg-1', title: 'Quiet' },
        pushedAt: at.toISOString(),
        lastRunId: run.id,
      });
      const events = await store.recordEvents.timeline(tenant.id, record.id);
      expect(events.at(-1)).toMatchObject({
        kind: 'lifecycle',
        from: 'failed',
        to: 'updated',
        runId: run.id,
        detail: { wrote: { destination: ['state'] } },
      });

      // Without a status, nothing is told in the timeline and the status stays.
      await store.records.savePairs(tenant.id, [
        { recordId: record.id, expectedRevision: 0, pair, runId: run.id, at },
      ]);
      expect((await store.records.get(tenant.id, record.id))!.status).toBe('updated');
      expect(await store.recordEvents.timeline(tenant.id, record.id)).toHaveLength(events.length);
    });
  });
}
