import { afterEach, describe, expect, it } from 'vitest';
import { executeRun } from '@isync/executor';
import { spawnWorker, until, type ChildWorker } from '@isync/executor/testing';
import { simulatorWorld, type SimulatorWorld } from '@isync/executor/testing/world';
import type { LoggedRequest } from '@isync/simulators';
import {
  editBothSides,
  expectEachChangeOnce,
  expectSyncedEndState,
  installTwoWay,
} from './testing/two-way-edits.js';

/*
 * Issue 21's second acceptance line: the same edits as the two-way test, synced by executor processes
 * against simulators answering 30 % of requests with 429 or 503, one SIGKILLed while it writes to Nuvolo
 * and the next while it writes to PlanGrid: the same end state, no write twice, no echo.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Every write each simulator answered, gathered as it happens (their logs keep only the latest requests). */
function gatherWrites(world: SimulatorWorld) {
  const written = { toPlanGrid: [] as LoggedRequest[], toNuvolo: [] as LoggedRequest[] };
  const seen = { toPlanGrid: 0, toNuvolo: 0 };
  const gather = () => {
    for (const [key, sim] of [
      ['toPlanGrid', world.plangrid],
      ['toNuvolo', world.nuvolo],
    ] as const) {
      const fresh = sim.control.requests({ sinceSeq: seen[key] });
      if (fresh.length > 0) seen[key] = fresh.at(-1)!.seq;
      written[key].push(...fresh.filter((request) => request.method !== 'GET'));
    }
  };
  const timer = setInterval(gather, 25);
  const applied = (key: keyof typeof written) => written[key].filter((r) => r.status === 200).length;
  return { written, gather, applied, stop: () => clearInterval(timer) };
}

describe('two-way sync through faults and kills', () => {
  it('reaches the same end state, with each change written once and nothing echoed', async () => {
    const world = await simulatorWorld({ plangrid: { records: 1000 } });
    cleanups.push(() => world.close());
    const integration = await installTwoWay(world, { kind: 'interval', everySeconds: 1 });
    // Linked first, quietly: 500 work orders created, then pulled back as iSync's own.
    for (let round = 0; round < 2; round++)
      await executeRun(world.engine, {
        tenantId: world.tenant.id,
        integrationId: integration.id,
        trigger: 'manual',
      });
    const records = await world.store.records.search(
      world.tenant.id,
      { integrationId: integration.id },
      { limit: 500 },
    );
    const edits = await editBothSides(world, records.items);

    for (const sim of [world.plangrid, world.nuvolo]) {
      // 15 %, then 18 % of the rest: 30 % of requests are refused; writes take a little while.
      sim.control.addFault({ path: '*', fault: '429', probability: 0.15 });
      sim.control.addFault({ path: '*', fault: '503', probability: 0.18 });
      sim.control.addFault({ path: '*', method: 'PATCH', fault: 'slow', delayMs: 30 });
    }
    const writes = gatherWrites(world);
    cleanups.push(writes.stop);
    const worker = (name: string): ChildWorker => {
      const started = spawnWorker(world, name, {
        ISYNC_TEST_PUSH_CONCURRENCY: '4',
        ISYNC_TEST_BATCH_SIZE: '40',
      });
      cleanups.push(async () => {
        started.kill('SIGKILL');
        await started.exited;
      });
      return started;
    };
    const changes = edits.planGridOnly.length + edits.differentFields.length;

    // Killed while writing to Nuvolo…
    const first = worker('two-way-1');
    await first.ready;
    await until(() => writes.applied('toNuvolo') >= 3, `writes reach Nuvolo (${first.stderr()})`);
    first.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    writes.gather();
    const atFirstKill = `${writes.applied('toNuvolo')} to Nuvolo, ${writes.applied('toPlanGrid')} to PlanGrid`;
    // …and while writing to PlanGrid.
    const second = worker('two-way-2');
    await second.ready;
    const before = writes.applied('toPlanGrid');
    await until(
      () => writes.applied('toPlanGrid') >= before + 3,
      `writes reach PlanGrid (${second.stderr()})`,
    );
    second.kill('SIGKILL');
    expect(await second.exited).toEqual({ code: null, signal: 'SIGKILL' });
    writes.gather();
    const atSecondKill = `${writes.applied('toNuvolo')} to Nuvolo, ${writes.applied('toPlanGrid')} to PlanGrid`;
    // Both kills landed with writes still to make.
    expect(writes.applied('toNuvolo') + writes.applied('toPlanGrid')).toBeLessThan(2 * changes);

    const last = worker('two-way-final');
    await last.ready;
    const synced = async () => {
      try {
        await expectSyncedEndState(world, integration, edits);
        return true;
      } catch {
        return false;
      }
    };
    await until(synced, `the last worker syncs the rest (${last.stderr()})`, 120_000, 200);
    // Then it rests: two more runs end without a write.
    const finished = async () =>
      (
        await world.store.runs.list(world.tenant.id, { integrationId: integration.id }, { limit: 500 })
      ).items.filter((run) => run.finishedAt !== null).length;
    const settledAt = await finished();
    writes.gather();
    const writesBefore = writes.written.toNuvolo.length + writes.written.toPlanGrid.length;
    await until(async () => (await finished()) >= settledAt + 2, 'two more runs', 60_000, 100);
    writes.gather();
    expect(writes.written.toNuvolo.length + writes.written.toPlanGrid.length).toBe(writesBefore);
    last.kill('SIGTERM');
    expect((await last.exited).code).toBe(0);

    writes.stop();
    writes.gather();
    expectEachChangeOnce(edits, writes.written);
    await expectSyncedEndState(world, integration, edits);
    const runs = (
      await world.store.runs.list(world.tenant.id, { integrationId: integration.id }, { limit: 500 })
    ).items;
    expect(runs.filter((run) => run.status === 'running')).toEqual([]);
    const refused = [world.plangrid, world.nuvolo]
      .flatMap((sim) => sim.control.faults())
      .filter((fault) => fault.fault !== 'slow')
      .reduce((n, fault) => n + fault.fired, 0);
    console.info(
      `two-way crash: killed at ${atFirstKill} and at ${atSecondKill} writes (of ${changes} each way), ${refused} requests refused with 429/503, ${runs.length} runs, ${writes.applied('toNuvolo') + writes.applied('toPlanGrid')} writes in all`,
    );
    expect(
      runs.filter((run) => run.error?.includes('stopped before it finished')).length,
    ).toBeGreaterThanOrEqual(2);
  }, 300_000);
});
