import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateMasterKey, keyring, openSqliteStore, type Schedule, type Store } from '@isync/core';
import { syncWorld } from '../testing/harness.js';
import { quietLogger } from '../testing/world.js';
import { REDIS_URL, redisAvailable, testPrefix } from '../testing/redis.js';
import { QueueScheduler } from './bullmq.js';
import { offsetFor } from './spread.js';
import { SUSPENDED } from './containment.js';
import { InProcessScheduler } from './in-process.js';
import type { Scheduler } from './scheduler.js';

const redis = await redisAvailable();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two tenants with active integrations stored before schedules were checked: some cannot be scheduled. */
async function storedIntegrations() {
  const dir = mkdtempSync(join(tmpdir(), 'isync-containment-'));
  const store: Store = openSqliteStore({ file: join(dir, 'isync.db') });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => store.close());
  const engine = { store, keyring: keyring(generateMasterKey()), logger: quietLogger() };
  const active = async (tenantId: string, title: string, schedule: Schedule, timezone = 'UTC') => {
    const created = await store.integrations.create(tenantId, { title, description: '' });
    await store.integrations.update(tenantId, created.id, {
      status: 'active',
      planVersion: 1,
      schedule,
      settings: { dateRange: { from: null, to: null }, timezone, statusMappings: [] },
    });
    return created.id;
  };
  const acme = await store.tenants.create({ name: 'Acme', slug: 'acme' });
  const globex = await store.tenants.create({ name: 'Globex', slug: 'globex' });
  const broken = {
    steppingByZero: await active(acme.id, 'Stepping by 0', { kind: 'cron', expression: '*/0 * * * *' }),
    notACron: await active(acme.id, 'Words', { kind: 'cron', expression: 'not a cron at all' }),
    outOfRange: await active(globex.id, 'Out of range', { kind: 'cron', expression: '99 99 99 99 99' }),
    lostZone: await active(globex.id, 'Lost zone', { kind: 'cron', expression: '0 * * * *' }, 'Mars/Olympus'),
  };
  const fine = {
    hourly: await active(acme.id, 'Hourly', { kind: 'cron', expression: '0 * * * *' }, 'Europe/Paris'),
    interval: await active(globex.id, 'Every hour', { kind: 'interval', everySeconds: 3600 }),
  };
  const tenantOf = (id: string) =>
    [broken.steppingByZero, broken.notACron, fine.hourly].includes(id) ? acme.id : globex.id;
  return { store, engine, broken, fine, tenantOf, tenants: { acme, globex } };
}

async function expectContained(scheduler: Scheduler, world: Awaited<ReturnType<typeof storedIntegrations>>) {
  await expect(scheduler.start()).resolves.toBeUndefined();
  for (const id of Object.values(world.broken)) {
    const integration = await world.store.integrations.get(world.tenantOf(id), id);
    expect(integration).toMatchObject({
      status: 'error',
      statusReason: expect.stringContaining('cannot be scheduled'),
    });
    expect(await scheduler.nextRunAt(world.tenantOf(id), id)).toBeNull();
  }
  const steppingByZero = await world.store.integrations.get(
    world.tenants.acme.id,
    world.broken.steppingByZero,
  );
  expect(steppingByZero!.statusReason).toContain('illegal stepping');
  for (const id of Object.values(world.fine)) {
    expect((await world.store.integrations.get(world.tenantOf(id), id))!.status).toBe('active');
    expect(await scheduler.nextRunAt(world.tenantOf(id), id)).toBeInstanceOf(Date);
  }
}

describe('an integration that cannot be scheduled never stops the scheduler', () => {
  it('in-process: start-up marks it error with the reason and schedules every other integration', async () => {
    const world = await storedIntegrations();
    const scheduler = new InProcessScheduler(world.engine, { concurrency: 1 });
    cleanups.push(() => scheduler.close());
    await expectContained(scheduler, world);
  });

  it('in-process: a suspended tenant’s schedules stop and come back when it is resumed', async () => {
    const world = await storedIntegrations();
    const scheduler = new InProcessScheduler(world.engine, { concurrency: 1 });
    cleanups.push(() => scheduler.close());
    await scheduler.start();
    const { acme } = world.tenants;
    await world.store.tenants.update(acme.id, { status: 'suspended' });
    await scheduler.sync(acme.id, world.fine.hourly);
    expect(await scheduler.nextRunAt(acme.id, world.fine.hourly)).toBeNull();
    await world.store.tenants.update(acme.id, { status: 'active' });
    await scheduler.sync(acme.id, world.fine.hourly);
    expect(await scheduler.nextRunAt(acme.id, world.fine.hourly)).toBeInstanceOf(Date);
  });

  it('in-process: a fixed schedule clears the reason once it is scheduled again', async () => {
    const world = await storedIntegrations();
    const scheduler = new InProcessScheduler(world.engine, { concurrency: 1 });
    cleanups.push(() => scheduler.close());
    await scheduler.start();
    const { acme } = world.tenants;
    await world.store.integrations.update(acme.id, world.broken.notACron, {
      schedule: { kind: 'cron', expression: '0 6 * * *' },
      status: 'active',
    });
    await scheduler.sync(acme.id, world.broken.notACron);
    expect(await world.store.integrations.get(acme.id, world.broken.notACron)).toMatchObject({
      status: 'active',
      statusReason: null,
    });
  });

  it.skipIf(!redis)(
    'BullMQ: start-up marks it error with the reason and schedules every other integration',
    async () => {
      const world = await storedIntegrations();
      const keys = testPrefix();
      cleanups.push(() => keys.clean());
      const scheduler = new QueueScheduler(world.engine, {
        redisUrl: REDIS_URL,
        prefix: keys.prefix,
        work: false,
        concurrency: 1,
      });
      cleanups.push(() => scheduler.close());
      await expectContained(scheduler, world);
      // The job scheduler's next time comes from croner, in the integration's time zone, at the
      // integration's spread offset within the hour.
      const next = await scheduler.nextRunAt(world.tenants.acme.id, world.fine.hourly);
      const offset = offsetFor(world.fine.hourly, { kind: 'cron', expression: '0 * * * *' }, 'Europe/Paris');
      expect(offset).toBeGreaterThan(0);
      const onTheHour = new Date(next!.getTime() - offset);
      expect([onTheHour.getUTCMinutes(), onTheHour.getUTCSeconds(), onTheHour.getUTCMilliseconds()]).toEqual([
        0, 0, 0,
      ]);
    },
  );
});

describe('a suspended tenant keeps no sync going', () => {
  it('in-process: a running run stops at its next batch with the reason, and no run starts until resumed', async () => {
    const w = await syncWorld({ plangrid: { records: 120 } });
    cleanups.push(() => w.close());
    const scheduler = new InProcessScheduler({ ...w.engine, options: { batchSize: 10 } }, { concurrency: 1 });
    cleanups.push(() => scheduler.close());
    const tenantId = w.tenant.id;
    // The tenant is suspended as soon as the run is stored as running, before its first page.
    const take = w.store.runs.take.bind(w.store.runs);
    w.store.runs.take = async (...args) => {
      const run = await take(...args);
      await w.store.tenants.update(tenantId, { status: 'suspended' });
      await scheduler.sync(tenantId, w.integration.id);
      return run;
    };
    const asked = await scheduler.runNow(tenantId, w.integration.id);
    await scheduler.idle();
    const run = await w.store.runs.get(tenantId, asked.run.id);
    expect(run).toMatchObject({ status: 'failed', error: SUSPENDED });
    expect(w.workOrders().length).toBeLessThan(w.issues().length);
    w.store.runs.take = take;

    // Asked while suspended, a run ends at once with the reason, having done nothing.
    const refused = await scheduler.runNow(tenantId, w.integration.id);
    await scheduler.idle();
    expect(await w.store.runs.get(tenantId, refused.run.id)).toMatchObject({
      status: 'failed',
      error: SUSPENDED,
      counts: { pulled: 0 },
    });
    expect(await scheduler.nextRunAt(tenantId, w.integration.id)).toBeNull();

    await w.store.tenants.update(tenantId, { status: 'active' });
    await scheduler.sync(tenantId, w.integration.id);
    expect(await scheduler.nextRunAt(tenantId, w.integration.id)).toBeInstanceOf(Date);
    const resumed = await scheduler.runNow(tenantId, w.integration.id);
    await scheduler.idle();
    // Resumed, it runs again and carries on from the stored cursor (whatever its records' push outcomes).
    // (A scheduled tick of the resumed schedule may have run or been skipped meanwhile: only asked runs count.)
    const askedRuns = (await w.store.runs.list(tenantId)).items.filter((r) => r.trigger !== 'schedule');
    expect(askedRuns.map((r) => r.id).sort()).toEqual([run!.id, refused.run.id, resumed.run.id].sort());
    const runs = [(await w.store.runs.get(tenantId, resumed.run.id))!];
    expect(runs[0]).toMatchObject({ error: null, cursorBefore: run!.cursorAfter });
  });
});
