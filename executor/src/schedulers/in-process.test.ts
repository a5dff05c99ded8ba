import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../testing/wait.js';
import { syncWorld, type SyncWorld } from '../testing/harness.js';
import { InProcessScheduler } from './in-process.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function scheduled(everySeconds: number) {
  const w: SyncWorld = await syncWorld({ plangrid: { records: 20 } });
  cleanups.push(() => w.close());
  await w.store.integrations.update(w.tenant.id, w.integration.id, {
    schedule: { kind: 'interval', everySeconds },
  });
  const scheduler = new InProcessScheduler(w.engine, { concurrency: 2 });
  cleanups.push(() => scheduler.close());
  return { w, scheduler };
}

describe('in-process scheduler', () => {
  it('runs every active integration on its schedule, never two runs of one at once', async () => {
    const { w, scheduler } = await scheduled(1);
    await scheduler.start();
    expect(await scheduler.nextRunAt(w.tenant.id, w.integration.id)).toBeInstanceOf(Date);
    await until(
      async () => (await w.store.runs.list(w.tenant.id, { status: 'succeeded' })).items.length >= 2,
    );
    await scheduler.close();
    const runs = (await w.store.runs.list(w.tenant.id)).items;
    expect(runs.every((run) => run.trigger === 'schedule')).toBe(true);
    const spans = runs
      .map((run) => [Date.parse(run.startedAt), Date.parse(run.finishedAt!)] as const)
      .sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
    expect(w.workOrders()).toHaveLength(w.issues().length);
  });

  it('stops scheduling a paused integration and still runs it on demand', async () => {
    const { w, scheduler } = await scheduled(3600);
    await scheduler.start();
    const hourly = await scheduler.nextRunAt(w.tenant.id, w.integration.id);
    expect(hourly!.getTime() - Date.now()).toBeGreaterThan(0);
    await w.store.integrations.update(w.tenant.id, w.integration.id, {
      schedule: { kind: 'cron', expression: '0 0 1 1 *' },
    });
    await scheduler.sync(w.tenant.id, w.integration.id);
    // The next tick follows the new schedule, not the one worked out before.
    expect((await scheduler.nextRunAt(w.tenant.id, w.integration.id))!.toISOString()).toMatch(
      /-01-01T00:00:00/,
    );
    await w.store.integrations.update(w.tenant.id, w.integration.id, { status: 'paused' });
    await scheduler.sync(w.tenant.id, w.integration.id);
    expect(await scheduler.nextRunAt(w.tenant.id, w.integration.id)).toBeNull();
    await scheduler.runNow(w.tenant.id, w.integration.id);
    await scheduler.idle();
    const runs = (await w.store.runs.list(w.tenant.id)).items;
    expect(runs.map((run) => [run.trigger, run.status])).toEqual([['manual', 'succeeded']]);
  });
});
