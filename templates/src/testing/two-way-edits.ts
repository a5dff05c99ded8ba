import { expect } from 'vitest';
import type { Integration, SyncRecord } from '@isync/core';
import type { SimulatorWorld } from '@isync/executor/testing/world';
import type { LoggedRequest } from '@isync/simulators';
import { findTemplate, instantiate } from '../index.js';

/*
 * Issue 21's scenario on the PlanGrid issues ⇄ Nuvolo work orders template, shared by the plain and the
 * crash test: people edit linked records on both sides, and the end state says which changes must have
 * travelled where.
 */

export const WORK_ORDERS = 'x_nuvo_eam_facilities_work_orders';
export const TWO_WAY_TEMPLATE = 'plangrid-issues-nuvolo-work-orders-two-way';

/** A new active integration of the two-way template, over the world's connections and project. */
export function installTwoWay(
  world: SimulatorWorld,
  schedule?: Integration['schedule'],
): Promise<Integration> {
  const flow = instantiate(findTemplate(TWO_WAY_TEMPLATE)!, {
    sourceConnectionId: world.connections.plangrid.id,
    destinationConnectionId: world.connections.nuvolo.id,
    project: world.project,
  });
  return world.activate('PlanGrid ⇄ Nuvolo', flow, schedule);
}

export interface LinkedPair {
  issue: string;
  order: string;
  /** A status the issue does not have yet, for the same-field conflicts. */
  otherStatus: string;
}

/** The edits people made, by kind: each list holds the pairs edited that way. */
export interface TwoWayEdits {
  planGridOnly: LinkedPair[];
  nuvoloOnly: LinkedPair[];
  sameField: LinkedPair[];
  differentFields: LinkedPair[];
}

/** A person's edit in the system's own UI (not through the API, so never in its request log). */
export async function edit(
  world: SimulatorWorld,
  simulator: 'plangrid' | 'nuvolo',
  id: string,
  fields: Record<string, unknown>,
) {
  const object = simulator === 'plangrid' ? 'issues' : WORK_ORDERS;
  const response = await fetch(`${world[simulator].url}/__sim/records/edit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ object, id, fields }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

/**
 * On linked pairs whose work order is not closed yet (so completing it is a change): 50 issues renamed in
 * PlanGrid, 50 work orders completed in Nuvolo, 10 pairs with the status changed on both sides (a conflict
 * on a field written both ways), 10 with the title changed in PlanGrid and the work order completed.
 */
export async function editBothSides(world: SimulatorWorld, records: SyncRecord[]): Promise<TwoWayEdits> {
  const open = records.filter((r) => r.sourceData.status !== 'closed' && r.sourceData.deleted !== true);
  expect(open.length).toBeGreaterThanOrEqual(120);
  const pairs = open.map((r) => ({
    issue: r.sourceId,
    order: r.destinationId!,
    otherStatus: r.sourceData.status === 'pending' ? 'closed' : 'pending',
  }));
  const edits: TwoWayEdits = {
    planGridOnly: pairs.slice(0, 50),
    nuvoloOnly: pairs.slice(50, 100),
    sameField: pairs.slice(100, 110),
    differentFields: pairs.slice(110, 120),
  };
  for (const [i, { issue }] of edits.planGridOnly.entries())
    await edit(world, 'plangrid', issue, { title: `Renamed ${i}` });
  for (const [i, { order }] of edits.nuvoloOnly.entries())
    await edit(world, 'nuvolo', order, { state: '5', close_notes: `Replaced the part ${i}` });
  for (const { issue, order, otherStatus } of edits.sameField) {
    await edit(world, 'plangrid', issue, { status: otherStatus });
    await edit(world, 'nuvolo', order, { state: '6' });
  }
  for (const [i, { issue, order }] of edits.differentFields.entries()) {
    await edit(world, 'plangrid', issue, { title: `Both sides ${i}` });
    await edit(world, 'nuvolo', order, { state: '5', close_notes: `Done ${i}` });
  }
  return edits;
}

const idOf = (request: LoggedRequest) => request.path.split('/').at(-1)!;
const bodyOf = (request: LoggedRequest) => JSON.parse(request.body ?? '{}') as Record<string, unknown>;

/**
 * The writes iSync made (answered 200) after the edits: every real change arrived on the other side exactly
 * once, and nothing else was written — no echo of iSync's own writes, nothing for the held conflicts.
 */
export function expectEachChangeOnce(
  edits: TwoWayEdits,
  written: { toPlanGrid: LoggedRequest[]; toNuvolo: LoggedRequest[] },
): void {
  const toNuvolo = written.toNuvolo.filter((r) => r.status === 200);
  const toPlanGrid = written.toPlanGrid.filter((r) => r.status === 200);
  // Titles travel PlanGrid → Nuvolo, once each, and nothing else is written there.
  expect(toNuvolo.map((r) => r.method)).toEqual(toNuvolo.map(() => 'PATCH'));
  expect(toNuvolo.map(idOf).sort()).toEqual(
    [...edits.planGridOnly, ...edits.differentFields].map((p) => p.order).sort(),
  );
  for (const request of toNuvolo) expect(Object.keys(bodyOf(request))).toEqual(['short_description']);
  // The technicians' progress travels back once each: the status and the completion note.
  expect(toPlanGrid.map((r) => r.method)).toEqual(toPlanGrid.map(() => 'PATCH'));
  expect(toPlanGrid.map(idOf).sort()).toEqual(
    [...edits.nuvoloOnly, ...edits.differentFields].map((p) => p.issue).sort(),
  );
  for (const request of toPlanGrid) {
    expect(['status', 'description']).toEqual(expect.arrayContaining(Object.keys(bodyOf(request))));
    expect(String(bodyOf(request).description)).toMatch(/Completed: (Replaced the part|Done) \d+$/);
  }
}

/** Both systems and the ledger as the edits must leave them once synced. */
export async function expectSyncedEndState(
  world: SimulatorWorld,
  integration: Integration,
  edits: TwoWayEdits,
): Promise<void> {
  const orders = new Map(world.nuvolo.control.rows(WORK_ORDERS).map((row) => [row.sys_id, row]));
  for (const [i, { order }] of edits.planGridOnly.entries())
    expect(orders.get(order)?.short_description).toBe(`Renamed ${i}`);
  const record = async (issue: string) =>
    (await world.store.records.getBySourceId(world.tenant.id, integration.id, issue))!;
  for (const [i, { issue, order }] of edits.differentFields.entries()) {
    expect(orders.get(order)?.short_description).toBe(`Both sides ${i}`);
    expect((await record(issue)).sourceData).toMatchObject({ title: `Both sides ${i}`, status: 'in_review' });
  }
  for (const { issue } of edits.nuvoloOnly) expect((await record(issue)).sourceData.status).toBe('in_review');
  // The same-field conflicts are held for review: nothing written, each in the exceptions inbox once.
  for (const { issue, order, otherStatus } of edits.sameField) {
    expect(orders.get(order)?.state).toBe('6');
    const held = await record(issue);
    expect(held.status).toBe('failed');
    expect(held.pair?.held).toMatchObject([
      { sourceField: 'status', destinationField: 'state', sourceValue: otherStatus, destinationValue: '6' },
    ]);
  }
  const conflicts = await world.store.exceptions.list(world.tenant.id, { kind: 'conflict', resolved: false });
  expect(conflicts.items.map((e) => e.recordId).sort()).toEqual(
    (await Promise.all(edits.sameField.map(({ issue }) => record(issue)))).map((r) => r.id).sort(),
  );
}
