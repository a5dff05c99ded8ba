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
    const next = await scheduler.nextRunsAt(w.tenant.id, [w.integration.id, 'not-scheduled']);
    expect([...next.keys()]).toEqual([w.integration.id]);
    expect(next.get(w.integration.id)).toEqual(await scheduler.nextRunAt(w.tenant.id, w.integration.id));
    await until(
      async () => (await w.store.runs.list(w.tenant.id, { status: 'succeeded' })).items.length >= 2,
    );
    await scheduler.close();
    // Ticks that met a run still going are recorded skipped; the runs themselves never overlap.
    const runs = (await w.store.runs.list(w.tenant.id)).items.filter((run) => run.status !== 'skipped');
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
      schedule: { kind: 'cron', expression: '0 0 1 1 *', spread: false },
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

  it('records a tick that meets its integration still running as a skipped run saying why', async () => {
    const { w, scheduler } = await scheduled(1);
    // Every page of issues takes a while: each run spans one-second ticks.
    w.plangrid.control.addFault({ path: '*issues*', method: 'GET', fault: 'slow', delayMs: 1500 });
    await scheduler.start();
    await until(async () => (await w.store.runs.list(w.tenant.id, { status: 'skipped' })).items.length >= 2);
    await scheduler.close();
    const runs = (await w.store.runs.list(w.tenant.id)).items;
    const skipped = runs.filter((run) => run.status === 'skipped');
    for (const tick of skipped) {
      expect(tick).toMatchObject({ trigger: 'schedule', counts: { pulled: 0 }, finishedAt: tick.startedAt });
      expect(tick.error).toMatch(/^Skipped: the integration's run \(started .+ UTC\) was still going/);
      // Each skipped tick fell inside a run that was going.
      expect(
        runs.some(
          (run) =>
            run.status !== 'skipped' &&
            run.startedAt <= tick.startedAt &&
            (run.finishedAt === null || run.finishedAt >= tick.startedAt),
        ),
      ).toBe(true);
    }
  });

  it("starts another tenant's minute run beside a tenant's first syncs against a slowed destination", async () => {
    const w = await syncWorld({ plangrid: { records: 200 } });
    cleanups.push(() => w.close());
    w.nuvolo.control.addFault({ path: '*work_orders*', method: 'POST', fault: 'slow', delayMs: 100 });
    const firstSync = w.integration;
    const secondSync = await w.addIntegration('Second first sync');
    // Another tenant's integration, synced before: its runs are incremental (only what changed since its cursor).
    const minute = await w.addTenantIntegration('globex', 'Minute run');
    await w.store.integrations.saveCursor(minute.tenantId, minute.id, '2100-01-01T00:00:00.000Z');
    const scheduler = new InProcessScheduler(w.engine, { concurrency: 2 });
    cleanups.push(() => scheduler.close());
    await scheduler.runNow(w.tenant.id, firstSync.id);
    await scheduler.runNow(w.tenant.id, secondSync.id);
    await until(async () => (await w.store.runs.running(w.tenant.id, firstSync.id)) !== null);
    const asked = await scheduler.runNow(minute.tenantId, minute.id);
    await scheduler.idle();
    const only = async (integrationId: string) =>
      (await w.store.runs.list(w.tenant.id, { integrationId })).items.filter((r) => r.status !== 'skipped');
    const [first] = await only(firstSync.id);
    const [second] = await only(secondSync.id);
    const minuteRun = (await w.store.runs.get(minute.tenantId, asked.run.id))!;
    expect([first!.status, second!.status, minuteRun.status]).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    // The minute run went by while the first sync was pushing; the second first sync waited for a bulk slot.
    expect(minuteRun.startedAt < first!.finishedAt!).toBe(true);
    expect(second!.startedAt >= first!.finishedAt!).toBe(true);
    await scheduler.idle();
  });

  it('closes within its grace when a run hangs on a destination that never answers: the run is aborted and says so', async () => {
    const { w } = await scheduled(3600);
    // Every work-order write hangs for two minutes: without a bound, close() would wait for them.
    w.nuvolo.control.addFault({ path: '*work_orders*', method: 'POST', fault: 'slow', delayMs: 120_000 });
    const scheduler = new InProcessScheduler(w.engine, { concurrency: 2, closeGraceMs: 300 });
    const asked = await scheduler.runNow(w.tenant.id, w.integration.id);
    await until(async () => (await w.store.runs.get(w.tenant.id, asked.run.id))?.status === 'running');
    // A write is held by the simulator now.
    await until(async () => (w.nuvolo.control.faults()[0]?.fired ?? 0) > 0);
    await scheduler.close();
    const run = await w.store.runs.get(w.tenant.id, asked.run.id);
    expect(run).toMatchObject({ status: 'failed', error: expect.stringContaining('aborted') });
    expect(w.workOrders()).toHaveLength(0);
  }, 30_000);
});
