import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../testing/wait.js';
import { syncWorld, type SyncWorld } from '../testing/harness.js';
import { overlaps } from '../testing/runs.js';
import { REDIS_URL, redisAvailable, testPrefix } from '../testing/redis.js';
import { QueueScheduler } from './bullmq.js';

const redis = await redisAvailable();

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function queueWorld() {
  const w: SyncWorld = await syncWorld({ plangrid: { records: 20 } });
  cleanups.push(() => w.close());
  const keys = testPrefix();
  cleanups.push(() => keys.clean());
  const scheduler = (work: boolean) => {
    const created = new QueueScheduler(w.engine, {
      redisUrl: REDIS_URL,
      prefix: keys.prefix,
      work,
      concurrency: 4,
      lockMs: 5_000,
    });
    cleanups.push(() => created.close());
    return created;
  };
  return { w, scheduler };
}

describe.skipIf(!redis)('BullMQ scheduler (queue mode, real Redis)', () => {
  it('runs a run-now through a worker and schedules active integrations', async () => {
    const { w, scheduler } = await queueWorld();
    const api = scheduler(false);
    const worker = scheduler(true);
    await api.start();
    await worker.start();
    expect(await api.nextRunAt(w.tenant.id, w.integration.id)).toBeInstanceOf(Date);
    const next = await api.nextRunsAt(w.tenant.id, [w.integration.id, 'not-scheduled']);
    expect([...next.keys()]).toEqual([w.integration.id]);
    expect(next.get(w.integration.id)).toBeInstanceOf(Date);
    await api.runNow(w.tenant.id, w.integration.id);
    await until(async () => (await w.store.runs.list(w.tenant.id, { status: 'succeeded' })).items.length > 0);
    expect(w.workOrders()).toHaveLength(w.issues().length);

    await w.store.integrations.update(w.tenant.id, w.integration.id, { status: 'paused' });
    await api.sync(w.tenant.id, w.integration.id);
    expect(await api.nextRunAt(w.tenant.id, w.integration.id)).toBeNull();
    expect(await api.nextRunsAt(w.tenant.id, [w.integration.id])).toEqual(new Map());
  });

  it('never overlaps two runs of one integration across two workers, ticking every second', async () => {
    const { w, scheduler } = await queueWorld();
    const every = { kind: 'interval' as const, everySeconds: 1 };
    await w.store.integrations.update(w.tenant.id, w.integration.id, { schedule: every });
    const more = [await w.addIntegration('Second', every), await w.addIntegration('Third', every)];
    const workers = [scheduler(true), scheduler(true)];
    for (const worker of workers) await worker.start();
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    for (const worker of workers) await worker.close();

    for (const integration of [w.integration, ...more]) {
      const runs = (await w.store.runs.list(w.tenant.id, { integrationId: integration.id })).items;
      expect(runs.length).toBeGreaterThanOrEqual(2);
      expect(overlaps(runs)).toBe(0);
    }
  });
});
