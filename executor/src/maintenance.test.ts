import { emptyRunCounts, openSqliteStore, type Store } from '@isync/core';
import { afterEach, describe, expect, it } from 'vitest';
import { pruneAll, scheduleDailyPrune } from './maintenance.js';
import { until } from './testing/wait.js';

const NOW = new Date('2026-03-01T00:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

describe('pruneAll', () => {
  let store: Store;
  afterEach(() => store.close());

  /** A tenant with one run and one exception `days` ago, finished a minute after it started. */
  async function tenantWithRunsAt(slug: string, days: number[]) {
    const tenant = await store.tenants.create({ name: slug, slug });
    const integration = await store.integrations.create(tenant.id, { title: 'PG → NV', description: '' });
    for (const day of days) {
      const run = await store.runs.start(
        tenant.id,
        { integrationId: integration.id, planVersion: 1, trigger: 'schedule', cursorBefore: null },
        daysAgo(day),
      );
      await store.runs.finish(
        tenant.id,
        run.id,
        {
          status: 'succeeded',
          counts: { ...emptyRunCounts(), pulled: 1 },
          cursorAfter: null,
          nodeTraces: [],
        },
        new Date(daysAgo(day).getTime() + 60_000),
      );
      await store.exceptions.add(tenant.id, [
        {
          integrationId: integration.id,
          runId: run.id,
          phase: 'push',
          kind: 'timeout',
          message: `Nuvolo did not answer within 30 s (${slug}, ${day} days ago)`,
          httpStatus: null,
          responseSnippet: null,
          nodeId: 'dest',
          recordId: null,
          at: daysAgo(day).toISOString(),
        },
      ]);
    }
    return tenant;
  }

  it('prunes every tenant, batch after batch, keeping what is younger than the retention period', async () => {
    store = openSqliteStore({ file: ':memory:' });
    const a = await tenantWithRunsAt('acme', [90, 60, 31, 29, 1]);
    const b = await tenantWithRunsAt('globex', [45, 2]);
    const year = { from: daysAgo(400).toISOString(), to: NOW.toISOString() };
    const insightsBefore = await store.insights.insights(a.id, year);

    expect(
      await pruneAll(store, { retentionDays: 30, eventRetentionDays: 365 }, NOW, { batchSize: 1 }),
    ).toEqual({
      tenants: 2,
      runs: 4,
      exceptions: 4,
      recordEvents: 0,
    });
    expect((await store.runs.list(a.id)).items).toHaveLength(2);
    expect((await store.runs.list(b.id)).items).toHaveLength(1);
    expect((await store.exceptions.list(a.id)).items).toHaveLength(2);
    expect(await store.insights.insights(a.id, year)).toEqual(insightsBefore);

    expect(await pruneAll(store, { retentionDays: 30, eventRetentionDays: 365 }, NOW)).toEqual({
      tenants: 2,
      runs: 0,
      exceptions: 0,
      recordEvents: 0,
    });
  });
});

describe('scheduleDailyPrune', () => {
  it('prunes after the first delay, then every period, and stops on close', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    await store.tenants.create({ name: 'Acme', slug: 'acme' });
    const passes: unknown[] = [];
    const logger = { info: (fields: unknown) => passes.push(fields), error: () => undefined } as never;
    const daily = scheduleDailyPrune(store, { retentionDays: 30, eventRetentionDays: 365 }, logger, {
      firstDelayMs: 5,
      everyMs: 20,
      clock: () => NOW,
    });
    await until(() => passes.length >= 2, 'two passes ran', 5_000);
    await daily.close();
    const after = passes.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(passes.length).toBe(after);
    expect(passes[0]).toEqual({ pruned: { tenants: 1, runs: 0, exceptions: 0, recordEvents: 0 } });
    await store.close();
  });
});
