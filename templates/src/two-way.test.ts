import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Integration, Run } from '@isync/core';
import { executeRun } from '@isync/executor';
import { simulatorWorld, type SimulatorWorld } from '@isync/executor/testing/world';
import type { LoggedRequest } from '@isync/simulators';
import { findTemplate, instantiate } from './index.js';

const WORK_ORDERS = 'x_nuvo_eam_facilities_work_orders';
const TEMPLATE = 'plangrid-issues-nuvolo-work-orders-two-way';

/**
 * Issue 21's acceptance, against both simulators: 500 linked records; people edit 50 in PlanGrid, 50 in
 * Nuvolo, 10 in both (the same field) and 10 in both (different fields); after two rounds every real change
 * arrived on the other side exactly once, nothing iSync wrote came back, the same-field conflicts are held,
 * and a third round writes nothing.
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

  /** A person's edit in the system's own UI (not through the API). */
  const edit = async (simulator: 'plangrid' | 'nuvolo', id: string, fields: Record<string, unknown>) => {
    const object = simulator === 'plangrid' ? 'issues' : WORK_ORDERS;
    const response = await fetch(`${world[simulator].url}/__sim/records/edit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ object, id, fields }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
  };

  const idOf = (request: LoggedRequest) => request.path.split('/').at(-1)!;
  const bodyOf = (request: LoggedRequest) => JSON.parse(request.body ?? '{}') as Record<string, unknown>;

  beforeAll(async () => {
    world = await simulatorWorld({ plangrid: { records: 1000 } });
    const flow = instantiate(findTemplate(TEMPLATE)!, {
      sourceConnectionId: world.connections.plangrid.id,
      destinationConnectionId: world.connections.nuvolo.id,
      project: world.project,
    });
    integration = await world.activate('Two-way', flow);
  }, 120_000);
  afterAll(() => world.close());

  it('syncs every real change once each way, never echoes, holds same-field conflicts and then rests', async () => {
    const first = await round();
    expect(first.run.status).toBe('succeeded');
    expect(first.run.counts.created).toBe(500);
    // The next round pulls the 500 work orders it created: iSync's own records, nothing travels.
    const settle = await round();
    expect(settle.run.status).toBe('succeeded');
    expect(settle.toNuvolo).toEqual([]);
    expect(settle.toPlanGrid).toEqual([]);

    const records = (
      await world.store.records.search(world.tenant.id, { integrationId: integration.id }, { limit: 500 })
    ).items;
    expect(records).toHaveLength(500);
    // Work orders not closed yet, so that completing one is a change.
    const open = records.filter((r) => r.sourceData.status !== 'closed' && r.sourceData.deleted !== true);
    expect(open.length).toBeGreaterThanOrEqual(120);
    const pairs = open.map((r) => ({
      issue: r.sourceId,
      order: r.destinationId!,
      // A status the issue does not have yet, for the same-field conflicts.
      otherStatus: r.sourceData.status === 'pending' ? 'closed' : 'pending',
    }));
    const [planGridOnly, nuvoloOnly, sameField, differentFields] = [
      pairs.slice(0, 50),
      pairs.slice(50, 100),
      pairs.slice(100, 110),
      pairs.slice(110, 120),
    ];
    for (const [i, { issue }] of planGridOnly.entries())
      await edit('plangrid', issue, { title: `Renamed ${i}` });
    for (const [i, { order }] of nuvoloOnly.entries())
      await edit('nuvolo', order, { state: '5', close_notes: `Replaced the part ${i}` });
    for (const { issue, order, otherStatus } of sameField) {
      await edit('plangrid', issue, { status: otherStatus });
      await edit('nuvolo', order, { state: '6' });
    }
    for (const [i, { issue, order }] of differentFields.entries()) {
      await edit('plangrid', issue, { title: `Both sides ${i}` });
      await edit('nuvolo', order, { state: '5', close_notes: `Done ${i}` });
    }

    const rounds = [await round(), await round()];
    const toNuvolo = rounds.flatMap((r) => r.toNuvolo);
    const toPlanGrid = rounds.flatMap((r) => r.toPlanGrid);

    // Titles travel PlanGrid → Nuvolo, once each, and nothing else is written there.
    expect(toNuvolo.map((r) => r.method)).toEqual(toNuvolo.map(() => 'PATCH'));
    expect(toNuvolo.map(idOf).sort()).toEqual(
      [...planGridOnly, ...differentFields].map((p) => p.order).sort(),
    );
    for (const request of toNuvolo) expect(Object.keys(bodyOf(request))).toEqual(['short_description']);
    // The technicians' progress travels back, once each: in review, with the completion note.
    expect(toPlanGrid.map(idOf).sort()).toEqual(
      [...nuvoloOnly, ...differentFields].map((p) => p.issue).sort(),
    );
    for (const request of toPlanGrid) {
      expect(['status', 'description']).toEqual(expect.arrayContaining(Object.keys(bodyOf(request))));
      expect(String(bodyOf(request).description)).toMatch(/Completed: (Replaced the part|Done) \d+$/);
    }
    const orders = new Map(world.nuvolo.control.rows(WORK_ORDERS).map((row) => [row.sys_id, row]));
    for (const [i, { order }] of planGridOnly.entries())
      expect(orders.get(order)?.short_description).toBe(`Renamed ${i}`);

    // The same-field conflicts are held for review: nothing written, each in the exceptions inbox once.
    for (const { issue, order, otherStatus } of sameField) {
      expect(orders.get(order)?.state).toBe('6');
      const record = (await world.store.records.getBySourceId(world.tenant.id, integration.id, issue))!;
      expect(record.status).toBe('failed');
      expect(record.pair?.held).toMatchObject([
        {
          sourceField: 'status',
          destinationField: 'state',
          sourceValue: otherStatus,
          destinationValue: '6',
          decision: null,
        },
      ]);
    }
    const conflicts = await world.store.exceptions.list(world.tenant.id, {
      kind: 'conflict',
      resolved: false,
    });
    expect(conflicts.items).toHaveLength(10);
    expect(rounds[0]!.run.status).toBe('partial');

    // A third round has nothing to do; it pulls back iSync's own writes to PlanGrid, and sends nothing on.
    const third = await round();
    expect(third.toNuvolo).toEqual([]);
    expect(third.toPlanGrid).toEqual([]);
    for (const { issue } of [...nuvoloOnly, ...differentFields]) {
      const record = (await world.store.records.getBySourceId(world.tenant.id, integration.id, issue))!;
      expect(record.sourceData.status).toBe('in_review');
    }
    for (const [i, { issue }] of differentFields.entries()) {
      const record = (await world.store.records.getBySourceId(world.tenant.id, integration.id, issue))!;
      expect(record.sourceData).toMatchObject({ title: `Both sides ${i}` });
      expect(orders.get(record.destinationId!)?.short_description).toBe(`Both sides ${i}`);
    }
  }, 300_000);
});
