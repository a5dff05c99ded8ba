import { afterEach, describe, expect, it } from 'vitest';
import { syncWorld, type SyncWorld } from '../testing/harness.js';
import { executeRun } from './run.js';

/*
 * One failure taxonomy (issue 18): a transform that meets a busy or failing system is tried again at later
 * runs by itself, and the record says so; nothing waits for a replay that a retry would mend.
 */

const worlds: SyncWorld[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((world) => world.close()));
});

describe('transient failures', () => {
  it('lookups failing 30 % of the time converge over later runs without a replay', async () => {
    const w = await syncWorld({ plangrid: { records: 40 } });
    worlds.push(w);
    w.nuvolo.control.addFault({
      path: '/api/now/table/x_nuvo_eam_elocation',
      method: 'GET',
      fault: '500',
      probability: 0.3,
    });
    const engine = {
      ...w.engine,
      // The lookup meets each 500 itself, instead of the HTTP client's own retries hiding it.
      connectorHttp: { ...w.engine.connectorHttp, retry: { maxRetries: 0 } },
      options: { retryBaseMs: 0, maxAttempts: 12 },
    };
    const request = { tenantId: w.tenant.id, integrationId: w.integration.id, trigger: 'manual' as const };

    const first = await executeRun(engine, request);
    expect(first).toMatchObject({ status: 'partial' });
    expect(first!.counts.failed).toBeGreaterThan(0);
    const waiting = await w.store.records.search(w.tenant.id, {
      integrationId: w.integration.id,
      status: 'failed',
    });
    for (const record of waiting.items) {
      expect(record.nextAttemptAt).not.toBeNull();
      expect(record.lastError).toMatch(
        /Looking up x_nuvo_eam_elocation .* iSync tries again at .* \(attempt 2 of 12\)\.$/,
      );
    }

    let runs = 1;
    for (let last = first; last!.status !== 'succeeded' && runs < 12; runs++)
      last = await executeRun(engine, request);
    expect(runs).toBeLessThan(12);
    expect(await w.store.records.countByStatus(w.tenant.id, w.integration.id)).toMatchObject({ failed: 0 });
    // Every exception was resolved by the run its record went through in; repeats were counted, not added.
    const exceptions = (
      await w.store.exceptions.list(w.tenant.id, { integrationId: w.integration.id }, { limit: 500 })
    ).items;
    expect(exceptions.length).toBeGreaterThan(0);
    expect(exceptions.filter((e) => e.resolvedAt === null)).toEqual([]);
    for (const e of exceptions) expect(e.resolvedByRunId).not.toBeNull();
    expect(new Set(exceptions.map((e) => `${e.recordId}:${e.cause}`)).size).toBe(exceptions.length);
    expect(w.workOrders()).toHaveLength(w.issues().length);
  });

  it('a run that leaves records waiting for a retry is partial, with the waiting count', async () => {
    const w = await syncWorld({ plangrid: { records: 20 } });
    worlds.push(w);
    w.nuvolo.control.addFault({
      path: '/api/now/table/x_nuvo_eam_facilities_work_orders',
      method: 'POST',
      fault: '503',
      times: 3,
    });
    const engine = {
      ...w.engine,
      connectorHttp: { ...w.engine.connectorHttp, retry: { maxRetries: 0 } },
      options: { retryBaseMs: 3_600_000, pushConcurrency: 1 },
    };
    const request = { tenantId: w.tenant.id, integrationId: w.integration.id, trigger: 'manual' as const };
    expect(await executeRun(engine, request)).toMatchObject({
      status: 'partial',
      counts: { failed: 3, waiting: 3 },
    });
    // Nothing new fails, but the three still wait for their retry in an hour: not in sync, not succeeded.
    expect(await executeRun(engine, request)).toMatchObject({
      status: 'partial',
      counts: { failed: 0, created: 0, waiting: 3 },
    });
    expect(await w.store.records.waiting(w.tenant.id, w.integration.id)).toEqual({ retry: 3, attention: 0 });
  });
});
