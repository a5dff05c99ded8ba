import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { executeRun } from './engine/run.js';
import type { RunSummary } from '@isync/core';
import { WORK_ORDERS } from '@isync/simulators';
import type { RunJobOutcome } from './schedulers/bullmq.js';
import { spawnWorker, type ChildWorker } from './testing/child-worker.js';
import { syncWorld, type SyncWorld } from './testing/harness.js';
import { overlaps } from './testing/runs.js';
import { REDIS_URL, redisAvailable, testPrefix } from './testing/redis.js';
import { seededRandom, sleep, until } from './testing/wait.js';

const redis = await redisAvailable();

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function world(records: number): Promise<SyncWorld> {
  const w = await syncWorld({ plangrid: { records } });
  cleanups.push(() => w.close());
  await w.store.integrations.update(w.tenant.id, w.integration.id, {
    schedule: { kind: 'interval', everySeconds: 1 },
  });
  // Slow creates: pushes take long enough for kills to land in the middle of them.
  w.nuvolo.control.addFault({ path: `*/${WORK_ORDERS}`, method: 'POST', fault: 'slow', delayMs: 20 });
  return w;
}

function worker(w: SyncWorld, name: string, env: Record<string, string>): ChildWorker {
  const started = spawnWorker(w, name, {
    ISYNC_TEST_PUSH_CONCURRENCY: '4',
    ISYNC_TEST_BATCH_SIZE: '50',
    ...env,
  });
  cleanups.push(async () => {
    started.kill('SIGKILL');
    await started.exited;
  });
  return started;
}

/**
 * Starts a worker, waits until it pushes, lets it push for a random while, and SIGKILLs it as soon as it
 * makes another work order; again and again. Answers how many kills there were and how many landed during
 * pushes: a work order was made just before the kill or a create was on the wire at it, and some were
 * still to create.
 */
async function killRepeatedly(w: SyncWorld, kills: number, seed: number, env: Record<string, string> = {}) {
  const random = seededRandom(seed);
  const total = w.issues().length;
  const made = () => w.workOrders().length;
  let midPush = 0;
  /** Work orders made when each kill landed. */
  const points: string[] = [];
  for (let kill = 1; kill <= kills; kill++) {
    const victim = worker(w, `worker-${kill}`, env);
    await victim.ready;
    const before = made();
    await until(() => made() > before, `worker ${kill} pushes (${victim.stderr()})`);
    await sleep(random() * 400);
    // The kill lands the moment another work order is seen made: mid-push, however busy the machine
    // (a fixed wait could fall between two batches).
    const shortlyBefore = made();
    await until(() => made() > shortlyBefore || made() >= total, `worker ${kill} pushes again`);
    const atKill = made();
    victim.kill('SIGKILL');
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // A create on the wire at the kill is held by the simulator and still lands just after it.
    await sleep(60);
    const after = made();
    points.push(`${atKill}${after > atKill ? `(+${after - atKill} on the wire)` : ''}`);
    if ((atKill > shortlyBefore || after > atKill) && atKill < total) midPush += 1;
  }
  return { kills, midPush, points: points.join(', '), madeBeforeLastRun: made(), total };
}

/** A last worker runs until every issue is pushed, then stops on SIGTERM and exits 0. */
async function finishCleanly(w: SyncWorld, env: Record<string, string> = {}) {
  const last = worker(w, 'worker-final', env);
  await last.ready;
  await until(
    async () => {
      const counts = await w.store.records.countByStatus(w.tenant.id, w.integration.id);
      const running = await w.store.runs.running(w.tenant.id, w.integration.id);
      return counts.pushed === w.issues().length && !running;
    },
    'the last worker pushed everything',
    60_000,
  );
  last.kill('SIGTERM');
  expect(await last.exited).toEqual({ code: 0, signal: null });
}

/** Every PlanGrid issue of the project has exactly one work order, and no work order is duplicated. */
function expectExactlyOnce(w: SyncWorld) {
  const orders = w.workOrders();
  const byCorrelation = new Map<string, number>();
  for (const order of orders) {
    const key = String(order.correlation_id);
    byCorrelation.set(key, (byCorrelation.get(key) ?? 0) + 1);
  }
  expect([...byCorrelation].filter(([, n]) => n > 1)).toEqual([]);
  expect(w.issues().filter((issue) => byCorrelation.get(String(issue.uid)) !== 1)).toEqual([]);
  expect(orders).toHaveLength(w.issues().length);
}

async function allRuns(w: SyncWorld): Promise<RunSummary[]> {
  return (await w.store.runs.list(w.tenant.id, { integrationId: w.integration.id }, { limit: 500 })).items;
}

describe('crash safety: a worker process SIGKILLed during pushes', () => {
  it('in-process scheduler: killed at random points 5 times and restarted, the destination ends exact', async () => {
    const w = await world(1400);
    const result = await killRepeatedly(w, 5, 0x15ec);
    expect(result.madeBeforeLastRun).toBeLessThan(result.total);
    await finishCleanly(w);

    expectExactlyOnce(w);
    const runs = await allRuns(w);
    expect(runs.filter((run) => run.status === 'running')).toEqual([]);
    const abandoned = runs.filter((run) => run.error?.includes('stopped before it finished'));
    expect(abandoned.length).toBeGreaterThanOrEqual(result.midPush);
    expect(overlaps(runs)).toBe(0);
    // Killed runs keep the counts of the batches they stored; creates that landed unheard are found by
    // correlation and counted as recovered, not created again.
    const sum = (key: 'created' | 'recovered', of = runs) => of.reduce((n, run) => n + run.counts[key], 0);
    expect(sum('created', abandoned)).toBeGreaterThan(0);
    expect(sum('recovered')).toBeGreaterThan(0);
    // Every work order is counted once, by the run that heard it created or the one that found it again: a
    // killed run's counts come from the outcomes it stored, even those its last saved progress missed.
    expect(sum('created') + sum('recovered')).toBe(result.total);
    console.info(
      `crash safety (in-process): ${result.kills} kills (at ${result.points} work orders), ${result.midPush} during pushes, ${abandoned.length} abandoned runs closed, ${result.total} issues → ${w.workOrders().length} work orders`,
    );
    expect(result.midPush).toBeGreaterThanOrEqual(5);
  });

  it.skipIf(!redis)(
    'queue mode: a killed worker’s job is taken again once, checks its run, and never runs beside another',
    async () => {
      const w = await world(800);
      const keys = testPrefix();
      cleanups.push(() => keys.clean());
      const jobLog = join(w.file, '..', 'jobs.jsonl');
      const env = {
        REDIS_URL,
        ISYNC_TEST_PREFIX: keys.prefix,
        ISYNC_TEST_LOCK_MS: '1500',
        ISYNC_TEST_STALLED_MS: '500',
        ISYNC_TEST_JOB_LOG: jobLog,
      };
      const result = await killRepeatedly(w, 3, 0xb011, env);
      await finishCleanly(w, env);

      expectExactlyOnce(w);
      const runs = await allRuns(w);
      expect(runs.filter((run) => run.status === 'running')).toEqual([]);
      expect(overlaps(runs)).toBe(0);
      const outcomes = readFileSync(jobLog, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as RunJobOutcome);
      // Each killed worker's job stalled and was taken again by a later worker (run or skipped by the lock).
      const resumed = outcomes.filter((outcome) => outcome.resumed);
      expect(resumed.length).toBeGreaterThanOrEqual(1);
      console.info(
        `crash safety (queue): ${result.kills} kills (at ${result.points} work orders), ${result.midPush} during pushes, ${resumed.length} stalled jobs taken again, ${runs.length} runs, 0 overlaps`,
      );
    },
  );
});

describe('graceful shutdown: a worker process told SIGTERM during a run', () => {
  const modes = [
    { mode: 'in-process', queue: false },
    { mode: 'queue', queue: true },
  ];
  for (const { mode, queue } of modes) {
    it.skipIf(queue && !redis)(
      `${mode}: finishes the batch in hand, closes the run with its counts and cursor, and exits 0`,
      async () => {
        const w = await world(600);
        const env: Record<string, string> = {};
        if (queue) {
          const keys = testPrefix();
          cleanups.push(() => keys.clean());
          Object.assign(env, { REDIS_URL, ISYNC_TEST_PREFIX: keys.prefix });
        }
        const stopping = worker(w, `worker-${mode}`, env);
        await stopping.ready;
        await until(() => w.workOrders().length > 0, `the worker pushes (${stopping.stderr()})`);
        stopping.kill('SIGTERM');
        expect(await stopping.exited).toEqual({ code: 0, signal: null });

        const [stopped] = await allRuns(w);
        expect(stopped).toMatchObject({ status: 'failed', error: expect.stringContaining('shut down') });
        expect(stopped!.cursorAfter).not.toBeNull();
        expect(stopped!.counts.created).toBe(w.workOrders().length);
        expect(stopped!.counts.created).toBeLessThan(w.issues().length);
        expect(stopped!.counts.failed).toBe(0);

        const next = await executeRun(w.engine, {
          tenantId: w.tenant.id,
          integrationId: w.integration.id,
          trigger: 'manual',
        });
        expect(next).toMatchObject({ status: 'succeeded', cursorBefore: stopped!.cursorAfter });
        expectExactlyOnce(w);
      },
    );
  }
});
