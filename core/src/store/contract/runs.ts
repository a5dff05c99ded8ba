import { beforeEach, describe, expect, it } from 'vitest';
import { emptyRunCounts } from '../../domain/run.js';
import type { Store } from '../port.js';
import { type ContractWorld } from './world.js';

/** The store contract for runs: every adapter gives the same answers. */
export function runsContract(world: ContractWorld): void {
  describe('runs', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = world);
    });
    const { aTenant, anIntegration, aRun } = world;
    it('starts a run, finishes it once, and finds the latest and the running one', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const run = await aRun(tenant, integration, new Date('2026-03-02T09:00:00.000Z'));
      expect(run).toMatchObject({
        status: 'running',
        finishedAt: null,
        counts: emptyRunCounts(),
        nodeTraces: [],
      });
      expect(await store.runs.running(tenant.id, integration.id)).toEqual(run);
      const trace = {
        nodeId: 'src',
        type: 'source',
        in: 0,
        out: 3,
        skipped: 0,
        failed: 0,
        durationMs: 12,
        samples: [],
      };
      const finished = await store.runs.finish(
        tenant.id,
        run.id,
        {
          status: 'succeeded',
          counts: { ...emptyRunCounts(), pulled: 3, new: 3, created: 3 },
          cursorAfter: '2026-03-02T08:59:00.000Z',
          nodeTraces: [trace],
        },
        new Date('2026-03-02T09:00:05.000Z'),
      );
      expect(finished).toMatchObject({
        status: 'succeeded',
        finishedAt: '2026-03-02T09:00:05.000Z',
        counts: { pulled: 3, created: 3 },
        cursorAfter: '2026-03-02T08:59:00.000Z',
        nodeTraces: [trace],
        error: null,
      });
      expect(await store.runs.get(tenant.id, run.id)).toEqual(finished);
      expect(await store.runs.running(tenant.id, integration.id)).toBeNull();
      const { nodeTraces: _traces, ...summary } = finished!;
      expect(await store.runs.latest(tenant.id, integration.id)).toEqual(summary);
      const again = await store.runs.finish(tenant.id, run.id, {
        status: 'failed',
        counts: emptyRunCounts(),
        cursorAfter: null,
        nodeTraces: [],
        error: 'late',
      });
      expect(again).toBeNull();
      expect((await store.runs.get(tenant.id, run.id))?.status).toBe('succeeded');
    });

    it("stores a running run's progress, and leaves a finished run as it is", async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const run = await aRun(tenant, integration);
      const trace = {
        nodeId: 'src',
        type: 'source',
        in: 0,
        out: 7,
        skipped: 0,
        failed: 0,
        durationMs: 3,
        samples: [],
      };
      const counts = { ...emptyRunCounts(), pulled: 7, created: 2 };
      expect(await store.runs.progress(tenant.id, run.id, { counts, nodeTraces: [trace] })).toBe(true);
      expect(await store.runs.get(tenant.id, run.id)).toMatchObject({
        status: 'running',
        counts,
        nodeTraces: [trace],
      });
      const other = await aTenant('other');
      expect(await store.runs.progress(other.id, run.id, { counts: emptyRunCounts(), nodeTraces: [] })).toBe(
        false,
      );
      await store.runs.finish(tenant.id, run.id, {
        status: 'succeeded',
        counts,
        cursorAfter: null,
        nodeTraces: [],
      });
      expect(await store.runs.progress(tenant.id, run.id, { counts: emptyRunCounts(), nodeTraces: [] })).toBe(
        false,
      );
      expect((await store.runs.get(tenant.id, run.id))?.counts).toEqual(counts);
    });

    it('lists runs newest first, filtered by integration, status and time', async () => {
      const tenant = await aTenant();
      const one = await anIntegration(tenant, 'One');
      const two = await anIntegration(tenant, 'Two');
      const r1 = await aRun(tenant, one, new Date('2026-03-01T10:00:00Z'));
      const r2 = await aRun(tenant, two, new Date('2026-03-02T10:00:00Z'));
      const r3 = await aRun(tenant, one, new Date('2026-03-03T10:00:00Z'));
      await store.runs.finish(tenant.id, r1.id, {
        status: 'failed',
        counts: emptyRunCounts(),
        cursorAfter: null,
        nodeTraces: [],
        error: 'Nuvolo refused the credentials',
      });
      const list = async (filter: Parameters<Store['runs']['list']>[1]) =>
        (await store.runs.list(tenant.id, filter)).items.map((r) => r.id);
      expect(await list({})).toEqual([r3.id, r2.id, r1.id]);
      expect(await list({ integrationId: one.id })).toEqual([r3.id, r1.id]);
      expect(await list({ status: 'failed' })).toEqual([r1.id]);
      expect(await list({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' })).toEqual([
        r2.id,
      ]);
      const page1 = await store.runs.list(tenant.id, {}, { limit: 2 });
      const page2 = await store.runs.list(tenant.id, {}, { limit: 2, cursor: page1.nextCursor! });
      expect(page2.items.map((r) => r.id)).toEqual([r1.id]);
    });

    it('queues one run per integration at a time, which asking again answers', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const other = await anIntegration(tenant, 'Other');
      const asked = new Date('2026-03-02T09:00:00.000Z');
      const first = await store.runs.queue(
        tenant.id,
        { integrationId: integration.id, planVersion: 2, trigger: 'manual' },
        asked,
      );
      expect(first).toMatchObject({ created: true });
      expect(first.run).toMatchObject({
        status: 'queued',
        planVersion: 2,
        trigger: 'manual',
        startedAt: asked.toISOString(),
        finishedAt: null,
        counts: emptyRunCounts(),
        cursorBefore: null,
      });
      const again = await store.runs.queue(tenant.id, {
        integrationId: integration.id,
        planVersion: 2,
        trigger: 'replay',
      });
      expect(again).toEqual({ run: first.run, created: false });
      const elsewhere = await store.runs.queue(tenant.id, {
        integrationId: other.id,
        planVersion: 1,
        trigger: 'manual',
      });
      expect(elsewhere.created).toBe(true);
      expect(await store.runs.queued(tenant.id, integration.id)).toEqual(first.run);
      // Queued is not running: a run in hand is another matter.
      expect(await store.runs.running(tenant.id, integration.id)).toBeNull();
      expect((await store.runs.list(tenant.id, { status: 'queued' })).items.map((r) => r.id).sort()).toEqual(
        [first.run.id, elsewhere.run.id].sort(),
      );
      const stranger = await aTenant('stranger');
      expect(await store.runs.queued(stranger.id, integration.id)).toBeNull();
    });

    it('starts a queued run once, with the plan version and cursor it starts from', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const { run } = await store.runs.queue(
        tenant.id,
        { integrationId: integration.id, planVersion: 1, trigger: 'manual' },
        new Date('2026-03-02T09:00:00.000Z'),
      );
      const start = { planVersion: 3, cursorBefore: '2026-03-01T00:00:00.000Z', executorId: 'executor-a' };
      const stranger = await aTenant('stranger');
      expect(await store.runs.take(stranger.id, run.id, start)).toBeNull();
      const started = await store.runs.take(tenant.id, run.id, start, new Date('2026-03-02T09:00:07.000Z'));
      expect(started).toMatchObject({
        id: run.id,
        status: 'running',
        planVersion: 3,
        cursorBefore: '2026-03-01T00:00:00.000Z',
        executorId: 'executor-a',
        startedAt: '2026-03-02T09:00:07.000Z',
      });
      expect(await store.runs.take(tenant.id, run.id, start)).toBeNull();
      expect(await store.runs.running(tenant.id, integration.id)).toEqual(started);
      expect(await store.runs.queued(tenant.id, integration.id)).toBeNull();
      // Once it started, the next ask queues a new run.
      const next = await store.runs.queue(tenant.id, {
        integrationId: integration.id,
        planVersion: 3,
        trigger: 'manual',
      });
      expect(next.created).toBe(true);
      expect(next.run.id).not.toBe(run.id);
    });

    it('records a tick that could not start as a skipped run saying why, counted nowhere in insights', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const at = new Date('2026-03-02T09:01:00.000Z');
      const reason = 'The run started at 09:00 was still going: this tick was skipped.';
      const skipped = await store.runs.skip(
        tenant.id,
        { integrationId: integration.id, planVersion: 2, reason },
        at,
      );
      expect(skipped).toMatchObject({
        status: 'skipped',
        trigger: 'schedule',
        planVersion: 2,
        startedAt: at.toISOString(),
        finishedAt: at.toISOString(),
        error: reason,
        counts: emptyRunCounts(),
      });
      expect(await store.runs.get(tenant.id, skipped.id)).toEqual(skipped);
      expect((await store.runs.list(tenant.id, { status: 'skipped' })).items.map((r) => r.id)).toEqual([
        skipped.id,
      ]);
      expect(await store.runs.running(tenant.id, integration.id)).toBeNull();
      const insights = await store.insights.insights(tenant.id, {
        from: '2026-03-01T00:00:00.000Z',
        to: '2026-03-03T00:00:00.000Z',
      });
      expect(insights.totals.runs).toBe(0);
    });

    it('answers the newest run of each integration of a page in one query, skipped ticks aside', async () => {
      const tenant = await aTenant();
      const [a, b, none] = [
        await anIntegration(tenant, 'A'),
        await anIntegration(tenant, 'B'),
        await anIntegration(tenant, 'None'),
      ];
      await aRun(tenant, a, new Date('2026-03-02T09:00:00.000Z'));
      const newestOfA = await aRun(tenant, a, new Date('2026-03-02T09:01:00.000Z'));
      const onlyOfB = await aRun(tenant, b, new Date('2026-03-02T09:00:30.000Z'));
      await store.runs.skip(
        tenant.id,
        { integrationId: a.id, planVersion: 1, reason: 'Skipped: still going' },
        new Date('2026-03-02T09:02:00.000Z'),
      );
      const latest = await store.runs.latestOf(tenant.id, [a.id, b.id, none.id]);
      expect([...latest.keys()].sort()).toEqual([a.id, b.id].sort());
      expect(latest.get(a.id)).toMatchObject({ id: newestOfA.id, status: 'running' });
      expect(latest.get(b.id)?.id).toBe(onlyOfB.id);
      expect(latest.get(a.id)).not.toHaveProperty('nodeTraces');
      expect(await store.runs.latestOf((await aTenant('stranger')).id, [a.id])).toEqual(new Map());
    });

    it('closes a queued run that will never start, and only a queued one', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const { run } = await store.runs.queue(tenant.id, {
        integrationId: integration.id,
        planVersion: 1,
        trigger: 'manual',
      });
      const canceled = await store.runs.closeQueued(
        tenant.id,
        run.id,
        { status: 'canceled', error: 'Canceled by Ada before it started.' },
        new Date('2026-03-02T09:01:00.000Z'),
      );
      expect(canceled).toMatchObject({
        status: 'canceled',
        error: 'Canceled by Ada before it started.',
        finishedAt: '2026-03-02T09:01:00.000Z',
      });
      expect(
        await store.runs.take(tenant.id, run.id, { planVersion: 1, cursorBefore: null, executorId: null }),
      ).toBeNull();
      expect((await store.runs.get(tenant.id, run.id))?.status).toBe('canceled');
      expect(await store.runs.closeQueued(tenant.id, run.id, { status: 'failed', error: 'late' })).toBeNull();
      const running = await aRun(tenant, integration);
      expect(
        await store.runs.closeQueued(tenant.id, running.id, { status: 'canceled', error: 'x' }),
      ).toBeNull();
      expect((await store.runs.get(tenant.id, running.id))?.status).toBe('running');
      // A canceled running run is finished with what it did.
      const stopped = await store.runs.finish(tenant.id, running.id, {
        status: 'canceled',
        counts: { ...emptyRunCounts(), pulled: 4, created: 2 },
        cursorAfter: null,
        nodeTraces: [],
        error: 'Canceled by Ada.',
      });
      expect(stopped).toMatchObject({ status: 'canceled', counts: { pulled: 4, created: 2 } });
    });

    it('lists runs and the latest one without their node traces, which only get reads', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      const run = await aRun(tenant, integration);
      const trace = {
        nodeId: 'src',
        type: 'source',
        in: 0,
        out: 1,
        skipped: 0,
        failed: 0,
        durationMs: 3,
        samples: [{ input: null, output: { title: 'x'.repeat(10_000) } }],
      };
      await store.runs.finish(tenant.id, run.id, {
        status: 'succeeded',
        counts: emptyRunCounts(),
        cursorAfter: null,
        nodeTraces: [trace],
      });
      const [listed] = (await store.runs.list(tenant.id)).items;
      expect(listed).toMatchObject({ id: run.id, status: 'succeeded' });
      expect(listed).not.toHaveProperty('nodeTraces');
      expect(await store.runs.latest(tenant.id, integration.id)).not.toHaveProperty('nodeTraces');
      expect((await store.runs.get(tenant.id, run.id))?.nodeTraces).toEqual([trace]);
    });
  });
}
