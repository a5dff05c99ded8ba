import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Integration, Run } from '@isync/core';
import { decideConflict, executeRun } from '@isync/executor';
import { simulatorWorld, type SimulatorWorld } from '@isync/executor/testing/world';
import type { LoggedRequest } from '@isync/simulators';
import {
  editBothSides,
  expectEachChangeOnce,
  expectSyncedEndState,
  installTwoWay,
  WORK_ORDERS,
} from './testing/two-way-edits.js';

/**
 * Issue 21's acceptance, against both simulators: 500 linked records; people edit 50 in PlanGrid, 50 in
 * Nuvolo, 10 in both (the same field) and 10 in both (different fields); after two rounds every real change
 * arrived on the other side exactly once, nothing iSync wrote came back, the same-field conflicts are held,
 * and a third round writes nothing. Then a person decides the conflicts and their values travel once.
 */
describe('PlanGrid issues ⇄ Nuvolo work orders', () => {
  let world: SimulatorWorld;
  let integration: Integration;

  const round = async (): Promise<{ run: Run; toPlanGrid: LoggedRequest[]; toNuvolo: LoggedRequest[] }> => {
    world.plangrid.control.clearRequests();
    world.nuvolo.control.clearRequests();
    const run = (await executeRun(world.engine, {
      tenantId: world.tenant.id,
      integrationId: integration.id,
      trigger: 'manual',
    }))!;
    const writes = (requests: LoggedRequest[]) => requests.filter((r) => r.method !== 'GET');
    return {
      run,
      toPlanGrid: writes(world.plangrid.control.requests()),
      toNuvolo: writes(world.nuvolo.control.requests()),
    };
  };

  beforeAll(async () => {
    world = await simulatorWorld({ plangrid: { records: 1000 } });
    integration = await installTwoWay(world);
  }, 120_000);
  afterAll(() => world.close());

  it('syncs every real change once each way, never echoes, holds same-field conflicts and then rests', async () => {
    const first = await round();
    expect(first.run.error).toBeNull();
    expect(first.run.status).toBe('succeeded');
    expect(first.run.counts.created).toBe(500);
    // The next round pulls the 500 work orders it created: iSync's own records, nothing travels.
    const settle = await round();
    expect(settle.run.status).toBe('succeeded');
    expect(settle.toNuvolo).toEqual([]);
    expect(settle.toPlanGrid).toEqual([]);

    const records = await world.store.records.search(
      world.tenant.id,
      { integrationId: integration.id },
      { limit: 500 },
    );
    expect(records.items).toHaveLength(500);
    const edits = await editBothSides(world, records.items);

    const rounds = [await round(), await round()];
    expectEachChangeOnce(edits, {
      toNuvolo: rounds.flatMap((r) => r.toNuvolo),
      toPlanGrid: rounds.flatMap((r) => r.toPlanGrid),
    });
    // Held conflicts wait for a person: the run says so.
    expect(rounds[0]!.run.status).toBe('partial');
    // A third round has nothing to do; it pulls back iSync's own writes to PlanGrid and sends nothing on.
    const third = await round();
    expect(third.toNuvolo).toEqual([]);
    expect(third.toPlanGrid).toEqual([]);
    // iSync's own writes came back in the second round and stopped at the pull: nothing to reconcile since.
    expect(rounds[1]!.run.counts).toMatchObject({ changed: 0, updated: 0 });
    expect(third.run.counts).toMatchObject({ changed: 0, updated: 0 });
    await expectSyncedEndState(world, integration, edits);

    // A person keeps PlanGrid's status on half of the conflicts and Nuvolo's state on the other half.
    const runNow = { runNow: async () => ({}) as never };
    const [keepSource, keepDestination] = [edits.sameField.slice(0, 5), edits.sameField.slice(5)];
    for (const [pairs, keep] of [
      [keepSource, 'source'],
      [keepDestination, 'destination'],
    ] as const) {
      for (const { issue } of pairs) {
        const record = (await world.store.records.getBySourceId(world.tenant.id, integration.id, issue))!;
        await decideConflict(
          world,
          runNow,
          world.tenant.id,
          record.id,
          { sourceField: 'status', keep },
          null,
        );
      }
    }
    const decided = await round();
    expect(decided.run.status).toBe('succeeded');
    const idOf = (request: LoggedRequest) => request.path.split('/').at(-1)!;
    expect(decided.toNuvolo.map(idOf).sort()).toEqual(keepSource.map((p) => p.order).sort());
    expect(decided.toPlanGrid.map(idOf).sort()).toEqual(keepDestination.map((p) => p.issue).sort());
    const orders = new Map(world.nuvolo.control.rows(WORK_ORDERS).map((row) => [row.sys_id, row]));
    // PlanGrid's `pending` is Nuvolo's On Hold (4), its `closed` Closed Complete (5).
    for (const { order, otherStatus } of keepSource)
      expect(orders.get(order)?.state).toBe(otherStatus === 'pending' ? '4' : '5');
    // Nuvolo's Closed Incomplete goes back to PlanGrid as `open`.
    for (const request of decided.toPlanGrid) expect(JSON.parse(request.body!)).toEqual({ status: 'open' });
    expect(
      (await world.store.exceptions.list(world.tenant.id, { kind: 'conflict', resolved: false })).items,
    ).toEqual([]);
    const rest = await round();
    expect([...rest.toNuvolo, ...rest.toPlanGrid]).toEqual([]);
  }, 300_000);
});
