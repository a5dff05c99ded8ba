import { afterEach, describe, expect, it } from 'vitest';
import { executeRun } from './engine/run.js';
import { replay } from './replay.js';
import { InProcessScheduler } from './schedulers/in-process.js';
import { syncWorld, type SyncWorld } from './testing/harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function failedRun() {
  const w: SyncWorld = await syncWorld({ plangrid: { records: 20 } });
  cleanups.push(() => w.close());
  const fault = w.nuvolo.control.addFault({ method: 'POST', fault: '500', times: 3 });
  const run = await executeRun(
    { ...w.engine, options: { pushConcurrency: 1 } },
    { tenantId: w.tenant.id, integrationId: w.integration.id, trigger: 'manual' },
  );
  expect(run).toMatchObject({ status: 'partial', counts: { failed: 3 } });
  w.nuvolo.control.removeFault(fault.id);
  const scheduler = new InProcessScheduler(w.engine, { concurrency: 2 });
  cleanups.push(() => scheduler.close());
  return { w, run: run!, scheduler };
}

describe('replay', () => {
  it('re-queues the records a run failed and pushes them in a replay run', async () => {
    const { w, run, scheduler } = await failedRun();
    expect(await w.store.records.countByStatus(w.tenant.id, w.integration.id)).toMatchObject({ failed: 3 });

    const result = await replay(w.engine, scheduler, w.tenant.id, { runId: run.id });
    expect(result).toEqual({ integrations: [{ integrationId: w.integration.id, requeued: 3 }], requeued: 3 });
    await scheduler.idle();

    const latest = await w.store.runs.latest(w.tenant.id, w.integration.id);
    expect(latest).toMatchObject({ trigger: 'replay', status: 'succeeded', counts: { created: 3 } });
    expect(await w.store.records.countByStatus(w.tenant.id, w.integration.id)).toMatchObject({
      failed: 0,
      pushed: w.issues().length,
    });
    const orders = w.workOrders();
    expect(new Set(orders.map((order) => order.correlation_id)).size).toBe(orders.length);
    expect(orders).toHaveLength(w.issues().length);
  });

  it('re-queues chosen records, and asks for no run when none of them failed', async () => {
    const { w, scheduler } = await failedRun();
    const failed = await w.store.records.search(w.tenant.id, {
      integrationId: w.integration.id,
      status: 'failed',
    });
    const pushed = await w.store.records.search(w.tenant.id, {
      integrationId: w.integration.id,
      status: 'pushed',
    });

    expect(
      await replay(w.engine, scheduler, w.tenant.id, { recordIds: [pushed.items[0]!.id, 'nope'] }),
    ).toEqual({
      integrations: [],
      requeued: 0,
    });
    const picked = failed.items.slice(0, 2).map((record) => record.id);
    const result = await replay(w.engine, scheduler, w.tenant.id, { recordIds: picked });
    expect(result.requeued).toBe(2);
    await scheduler.idle();
    expect(await w.store.records.countByStatus(w.tenant.id, w.integration.id)).toMatchObject({ failed: 1 });
    expect(await w.store.runs.latest(w.tenant.id, w.integration.id)).toMatchObject({ trigger: 'replay' });
  });
});
