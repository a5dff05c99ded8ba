import { beforeEach, describe, expect, it } from 'vitest';
import type { Tenant } from '../../domain/tenant.js';
import type { ExceptionKind } from '../../domain/exception.js';
import type { Insights } from '../../domain/insights.js';
import type { Integration } from '../../domain/integration.js';
import { emptyRunCounts } from '../../domain/run.js';
import type { Store } from '../port.js';
import { type ContractWorld } from './world.js';

/** The store contract for insights: every adapter gives the same answers. */
export function insightsContract(world: ContractWorld): void {
  describe('insights', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = world);
    });
    const { aTenant, anIntegration, aRun } = world;
    type Counts = Partial<ReturnType<typeof emptyRunCounts>>;
    /** A run of `integration` that started and finished at the given times with these counts. */
    const aFinishedRun = async (
      tenant: Tenant,
      integration: Integration,
      startedAt: string,
      seconds: number,
      status: 'succeeded' | 'partial' | 'failed',
      counts: Counts = {},
    ) => {
      const run = await aRun(tenant, integration, new Date(startedAt));
      await store.runs.finish(
        tenant.id,
        run.id,
        { status, counts: { ...emptyRunCounts(), ...counts }, cursorAfter: null, nodeTraces: [] },
        new Date(Date.parse(startedAt) + seconds * 1000),
      );
      return run;
    };
    const anException = (integration: Integration, kind: ExceptionKind, at: string) => ({
      integrationId: integration.id,
      runId: null,
      phase: 'push' as const,
      kind,
      message: `Nuvolo: ${kind}`,
      httpStatus: null,
      responseSnippet: null,
      nodeId: 'dest',
      recordId: null,
      at,
    });
    const outcomes = (counts: Partial<Insights['totals']['records']>) => ({
      initiated: 0,
      'update-request': 0,
      created: 0,
      updated: 0,
      skipped: 0,
      failed: 0,
      ...counts,
    });
    const statuses = (counts: Partial<Insights['runsByDay'][number]['statuses']>) => ({
      running: 0,
      succeeded: 0,
      partial: 0,
      failed: 0,
      ...counts,
    });
    const MARCH_1_2 = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' };

    /** Two days of runs and exceptions in one integration, plus another integration and noise around. */
    async function twoDays(tenant: Tenant) {
      const integration = await anIntegration(tenant);
      const other = await anIntegration(tenant, 'Other');
      const runs: [Integration, string, number, 'succeeded' | 'partial' | 'failed', Counts?][] = [
        // Day 1: two runs in the same hour (one rollup row, summed): 60 s and 30 s.
        [
          integration,
          '2026-03-01T08:00:00.000Z',
          60,
          'succeeded',
          { pulled: 3, new: 3, created: 2, failed: 1 },
        ],
        [
          integration,
          '2026-03-01T08:30:00.000Z',
          30,
          'partial',
          { pulled: 5, changed: 1, unchanged: 4, updated: 1 },
        ],
        // Day 2: a run started before midnight counts on the day it started (90 s); a failed one (120 s).
        [
          integration,
          '2026-03-02T23:59:00.000Z',
          90,
          'partial',
          { pulled: 2, changed: 2, updated: 1, skipped: 1 },
        ],
        [integration, '2026-03-02T12:00:00.000Z', 120, 'failed'],
        // Outside the range, and in the other integration.
        [integration, '2026-03-03T00:00:00.000Z', 1, 'succeeded', { pulled: 7, new: 7 }],
        [other, '2026-03-01T09:00:00.000Z', 10, 'succeeded', { pulled: 4, new: 4, created: 4 }],
      ];
      const [first] = await Promise.all(runs.map((run) => aFinishedRun(tenant, ...run)));
      // Still running: not counted until it finishes. Finishing a run twice counts it once.
      await aRun(tenant, integration, new Date('2026-03-02T10:00:00.000Z'));
      expect(
        await store.runs.finish(tenant.id, first!.id, {
          status: 'failed',
          counts: { ...emptyRunCounts(), pulled: 100 },
          cursorAfter: null,
          nodeTraces: [],
        }),
      ).toBeNull();
      await store.exceptions.add(tenant.id, [
        anException(integration, 'api-5xx', '2026-03-01T08:00:30.000Z'),
        anException(integration, 'api-5xx', '2026-03-01T08:59:59.999Z'),
        anException(integration, 'mapping', '2026-03-02T23:59:10.000Z'),
        anException(integration, 'api-5xx', '2026-03-03T00:00:01.000Z'),
        anException(other, 'timeout', '2026-03-01T09:00:05.000Z'),
      ]);
      expect(await store.exceptions.add(tenant.id, [])).toEqual([]);
      return { integration, other };
    }

    it('counts what finished runs did per day: records by outcome, runs by status, exception kinds', async () => {
      const tenant = await aTenant();
      const { integration } = await twoDays(tenant);
      expect(await store.insights.insights(tenant.id, MARCH_1_2, integration.id)).toEqual({
        recordsByDay: [
          {
            day: '2026-03-01',
            outcomes: outcomes({ initiated: 3, 'update-request': 1, created: 2, updated: 1, failed: 1 }),
          },
          { day: '2026-03-02', outcomes: outcomes({ 'update-request': 2, updated: 1, skipped: 1 }) },
        ],
        runsByDay: [
          { day: '2026-03-01', statuses: statuses({ succeeded: 1, partial: 1 }) },
          { day: '2026-03-02', statuses: statuses({ partial: 1, failed: 1 }) },
        ],
        topExceptionKinds: [
          { kind: 'api-5xx', count: 2 },
          { kind: 'mapping', count: 1 },
        ],
        totals: {
          records: outcomes({
            initiated: 3,
            'update-request': 3,
            created: 2,
            updated: 2,
            skipped: 1,
            failed: 1,
          }),
          runs: 4,
          averageRunMs: 75_000,
        },
      });
    });

    it('covers every integration of the tenant when none is named', async () => {
      const tenant = await aTenant();
      await twoDays(tenant);
      const insights = await store.insights.insights(tenant.id, MARCH_1_2);
      expect(insights.recordsByDay[0]).toEqual({
        day: '2026-03-01',
        outcomes: outcomes({ initiated: 7, 'update-request': 1, created: 6, updated: 1, failed: 1 }),
      });
      expect(insights.runsByDay[0]).toEqual({
        day: '2026-03-01',
        statuses: statuses({ succeeded: 2, partial: 1 }),
      });
      expect(insights.topExceptionKinds).toEqual([
        { kind: 'api-5xx', count: 2 },
        { kind: 'mapping', count: 1 },
        { kind: 'timeout', count: 1 },
      ]);
      expect(insights.totals).toMatchObject({ runs: 5, averageRunMs: 62_000 });
    });

    it('widens a range to whole hours: every hour it overlaps counts whole', async () => {
      const tenant = await aTenant();
      const { integration } = await twoDays(tenant);
      const within = await store.insights.insights(
        tenant.id,
        { from: '2026-03-01T08:45:00.000Z', to: '2026-03-01T08:45:00.001Z' },
        integration.id,
      );
      expect(within.runsByDay).toEqual([
        { day: '2026-03-01', statuses: statuses({ succeeded: 1, partial: 1 }) },
      ]);
      expect(within.totals.records.initiated).toBe(3);
      expect(within.topExceptionKinds).toEqual([{ kind: 'api-5xx', count: 2 }]);
      // [09:00, 10:00) starts after the 08:00 hour: nothing of this integration.
      const next = await store.insights.insights(
        tenant.id,
        { from: '2026-03-01T09:00:00.000Z', to: '2026-03-01T10:00:00.000Z' },
        integration.id,
      );
      expect(next.totals.runs).toBe(0);
      expect(next.topExceptionKinds).toEqual([]);
      // An hour starting exactly at `to` is left out.
      const before = await store.insights.insights(
        tenant.id,
        { from: '2026-03-01T07:00:00.000Z', to: '2026-03-01T08:00:00.000Z' },
        integration.id,
      );
      expect(before.totals.runs).toBe(0);
    });

    it('counts each hour once over a range of whole days with partial days at both ends', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      // One run and one exception an hour, from Feb 27 22:00 to Mar 3 00:00 (75 hours).
      const first = Date.parse('2026-02-27T22:00:00.000Z');
      for (let hour = 0; hour < 75; hour++) {
        const at = new Date(first + hour * 3_600_000 + 600_000).toISOString();
        await aFinishedRun(tenant, integration, at, 1, 'succeeded', { new: 1 });
        await store.exceptions.add(tenant.id, [anException(integration, 'timeout', at)]);
      }
      // Reads the hours 23:00 on Feb 27 to 00:00 on Mar 3: every hour but the first.
      const insights = await store.insights.insights(
        tenant.id,
        { from: '2026-02-27T23:30:00.000Z', to: '2026-03-03T00:30:00.000Z' },
        integration.id,
      );
      expect(insights.runsByDay.map(({ day, statuses }) => [day, statuses.succeeded])).toEqual([
        ['2026-02-27', 1],
        ['2026-02-28', 24],
        ['2026-03-01', 24],
        ['2026-03-02', 24],
        ['2026-03-03', 1],
      ]);
      expect(insights.totals.records.initiated).toBe(74);
      expect(insights.topExceptionKinds).toEqual([{ kind: 'timeout', count: 74 }]);
    });

    it('puts each hour in the local day of the time zone asked for', async () => {
      const tenant = await aTenant();
      const integration = await anIntegration(tenant);
      await aFinishedRun(tenant, integration, '2026-03-01T23:30:00.000Z', 60, 'succeeded', { created: 2 });
      await aFinishedRun(tenant, integration, '2026-03-02T01:00:00.000Z', 60, 'succeeded', { created: 3 });
      const range = { from: '2026-02-28T00:00:00.000Z', to: '2026-03-04T00:00:00.000Z' };
      const days = async (zone?: string) =>
        (await store.insights.insights(tenant.id, range, undefined, zone)).recordsByDay.map(
          ({ day, outcomes: { created } }) => [day, created],
        );
      expect(await days()).toEqual([
        ['2026-03-01', 2],
        ['2026-03-02', 3],
      ]);
      expect(await days('UTC')).toEqual(await days());
      // New York is five hours behind in March: both runs are on the evening of the 1st.
      expect(await days('America/New_York')).toEqual([['2026-03-01', 5]]);
      // Tokyo is nine hours ahead: both are on the morning of the 2nd.
      expect(await days('Asia/Tokyo')).toEqual([['2026-03-02', 5]]);
      const tokyo = await store.insights.insights(tenant.id, range, integration.id, 'Asia/Tokyo');
      expect(tokyo.runsByDay).toEqual([{ day: '2026-03-02', statuses: statuses({ succeeded: 2 }) }]);
      expect(tokyo.totals.runs).toBe(2);
    });

    it('answers an empty range with empty series', async () => {
      const tenant = await aTenant();
      await twoDays(tenant);
      const insights = await store.insights.insights(tenant.id, {
        from: '2025-01-01T00:00:00.000Z',
        to: '2025-02-01T00:00:00.000Z',
      });
      expect(insights).toEqual({
        recordsByDay: [],
        runsByDay: [],
        topExceptionKinds: [],
        totals: { records: outcomes({}), runs: 0, averageRunMs: null },
      });
    });

    it("never counts another tenant's runs or exceptions", async () => {
      const a = await aTenant('tenant-a');
      const b = await aTenant('tenant-b');
      await twoDays(a);
      const bIntegration = await anIntegration(b);
      await aFinishedRun(b, bIntegration, '2026-03-01T08:10:00.000Z', 2, 'succeeded', {
        pulled: 1,
        new: 1,
        created: 1,
      });
      await store.exceptions.add(b.id, [anException(bIntegration, 'auth', '2026-03-01T08:10:01.000Z')]);
      expect(await store.insights.insights(b.id, MARCH_1_2)).toEqual({
        recordsByDay: [{ day: '2026-03-01', outcomes: outcomes({ initiated: 1, created: 1 }) }],
        runsByDay: [{ day: '2026-03-01', statuses: statuses({ succeeded: 1 }) }],
        topExceptionKinds: [{ kind: 'auth', count: 1 }],
        totals: { records: outcomes({ initiated: 1, created: 1 }), runs: 1, averageRunMs: 2_000 },
      });
      expect((await store.insights.insights(a.id, MARCH_1_2)).totals.runs).toBe(5);
    });
  });
}
