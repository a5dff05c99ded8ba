import { afterEach, describe, expect, it } from 'vitest';
import type { Flow, NodeTrace } from '@isync/core';
import { WORK_ORDERS } from '@isync/simulators';
import { issuesToWorkOrdersFlow } from '../testing/flows.js';
import { simulatorWorld, type SimulatorWorld } from '../testing/world.js';
import { testRun } from '../test-run.js';
import { executeRun } from './run.js';

/*
 * The destination side of a run against the simulators: what goes in is what is stored, and records that
 * already exist in Nuvolo are linked, not duplicated.
 */

const worlds: SimulatorWorld[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((world) => world.close()));
});

async function world(records: number) {
  const created = await simulatorWorld({ plangrid: { records } });
  worlds.push(created);
  return created;
}

type Row = Record<string, string>;

/** The standard flow with the destination node's config changed. */
function flowWith(w: SimulatorWorld, destination: Record<string, unknown>): Flow {
  const flow = issuesToWorkOrdersFlow(w.connections.plangrid.id, w.connections.nuvolo.id, w.project);
  const node = flow.nodes.find((n) => n.id === 'destination')!;
  node.data.config = { ...node.data.config, ...destination };
  return flow;
}

function issuesOf(w: SimulatorWorld): Record<string, unknown>[] {
  const state = w.plangrid.control.dump().state as {
    projects: { project: { uid: string }; issues: Record<string, unknown>[] }[];
  };
  return state.projects.find((p) => p.project.uid === w.project)!.issues;
}

const run = (w: SimulatorWorld, integrationId: string) =>
  executeRun(w.engine, { tenantId: w.tenant.id, integrationId, trigger: 'manual' });

/** ServiceNow keeps every value as text, empty when unset. */
const asStored = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** Every field of every destination sample, as the trace says it went in, against the stored work order. */
function expectSamplesStored(w: SimulatorWorld, trace: NodeTrace | undefined) {
  expect(trace?.samples.length).toBeGreaterThan(0);
  const rows = new Map(w.nuvolo.control.rows(WORK_ORDERS).map((row) => [row.sys_id, row]));
  for (const sample of trace!.samples) {
    const sent = sample.input as Record<string, unknown>;
    const row = rows.get((sample.output as { id: string }).id);
    expect(row, 'the work order the sample names').toBeDefined();
    expect(Object.keys(sent).length).toBeGreaterThan(0);
    for (const [field, value] of Object.entries(sent))
      expect([field, row![field]]).toEqual([field, asStored(value)]);
  }
}

describe('push: what the trace says went in is what Nuvolo stored', () => {
  it('for created and for updated work orders, field by field', async () => {
    const w = await world(60);
    const integration = await w.activate('PlanGrid → Nuvolo', flowWith(w, {}));
    const first = await run(w, integration.id);
    expect(first).toMatchObject({ status: 'succeeded', counts: { created: issuesOf(w).length } });
    const created = first!.nodeTraces.find((t) => t.nodeId === 'destination');
    expectSamplesStored(w, created);
    // The create body is the mapping plus iSync's correlation field, holding the PlanGrid uid.
    for (const sample of created!.samples)
      expect(sample.input).toMatchObject({
        correlation_id: expect.any(String),
        short_description: expect.stringMatching(/^PG-\d+: /),
        u_source_system: 'PlanGrid',
      });

    w.plangrid.control.advanceClock(60_000);
    w.plangrid.control.churn({ update: 15, statusChange: 10 });
    const second = await run(w, integration.id);
    expect(second!.counts).toMatchObject({ created: 0, failed: 0 });
    expect(second!.counts.updated).toBeGreaterThan(0);
    const updated = second!.nodeTraces.find((t) => t.nodeId === 'destination');
    expectSamplesStored(w, updated);
    // An update sends the update mapping only: nothing iSync adds, nothing the create mapping had.
    for (const sample of updated!.samples) {
      expect(sample.input).not.toHaveProperty('correlation_id');
      expect(sample.input).not.toHaveProperty('u_source_system');
    }
  });

  it('fails, and does not overwrite, a mapped correlation field left in a plan compiled before it was refused', async () => {
    const w = await world(10);
    const flow = flowWith(w, {});
    const compiled = await w.compile(flow);
    const map = compiled.plan!.stages.find((s) => s.nodeId === 'map')!;
    const create = map.config.create as unknown[];
    map.config.create = [
      ...create,
      { target: 'correlation_id', value: { kind: 'template', template: 'PG-{{number}}' } },
    ];
    const integration = await w.install('An old plan', flow, compiled.plan!);
    const result = await run(w, integration.id);
    expect(result).toMatchObject({ status: 'partial', counts: { created: 0, failed: issuesOf(w).length } });
    expect(w.nuvolo.control.rows(WORK_ORDERS)).toEqual([]);
    const exceptions = await w.store.exceptions.list(w.tenant.id, { integrationId: integration.id });
    expect(exceptions.items[0]).toMatchObject({
      phase: 'push',
      kind: 'mapping',
      nodeId: 'destination',
      message: expect.stringContaining(`the destination node's correlation field`),
    });
    const [record] = (await w.store.records.search(w.tenant.id, { integrationId: integration.id })).items;
    expect(record).toMatchObject({ status: 'failed', nextAttemptAt: null });
  });
});

describe('push: match existing records by', () => {
  it('links the 50 work orders that exist, creates the other 150, and a second run pushes nothing', async () => {
    const w = await world(400);
    const issues = issuesOf(w);
    expect(issues).toHaveLength(200);
    const existing = issues.filter((_, index) => index % 4 === 1);
    expect(existing).toHaveLength(50);
    const seeded = new Map(
      existing.map((issue) => {
        const row = w.nuvolo.control.insert(WORK_ORDERS, {
          number: `PG-${String(issue.number)}`,
          short_description: 'Entered by hand before iSync',
          state: '1',
        });
        return [String(issue.uid), row];
      }),
    );
    const integration = await w.activate(
      'PlanGrid → Nuvolo, linking',
      flowWith(w, {
        matchExisting: { field: 'number', value: { kind: 'template', template: 'PG-{{number}}' } },
      }),
    );
    w.nuvolo.control.clearRequests();

    const first = await run(w, integration.id);
    expect(first).toMatchObject({ status: 'succeeded', error: null });
    expect(first!.counts).toMatchObject({ pulled: 200, created: 150, linked: 50, updated: 50, failed: 0 });

    const rows = w.nuvolo.control.rows(WORK_ORDERS) as Row[];
    expect(rows).toHaveLength(200);
    const duplicates = (key: string) => {
      const seen = new Map<string, number>();
      for (const row of rows) seen.set(row[key]!, (seen.get(row[key]!) ?? 0) + 1);
      return [...seen].filter(([, n]) => n > 1);
    };
    expect(duplicates('correlation_id')).toEqual([]);
    expect(duplicates('number')).toEqual([]);
    expect(new Set(rows.map((row) => row.correlation_id))).toEqual(new Set(issues.map((i) => String(i.uid))));
    // Each batch asks its keys in IN queries of at most 100 keys, not one lookup per record; each key once.
    const lookups = w.nuvolo.control
      .requests({ method: 'GET' })
      .filter((r) => r.query.sysparm_query?.startsWith('numberIN'));
    const asked = lookups.map((r) =>
      r.query.sysparm_query!.split('^')[0]!.slice('numberIN'.length).split(','),
    );
    expect(asked.every((keys) => keys.length <= 100)).toBe(true);
    expect(asked.flat().sort()).toEqual(issues.map((issue) => `PG-${String(issue.number)}`).sort());
    expect(lookups.length).toBeLessThanOrEqual(3);

    for (const issue of existing) {
      const before = seeded.get(String(issue.uid))!;
      const row = rows.find((r) => r.sys_id === before.sys_id)!;
      // Linked: iSync's correlation field written, then updated with the update mapping.
      expect(row).toMatchObject({
        number: `PG-${String(issue.number)}`,
        correlation_id: String(issue.uid),
        short_description: `PG-${String(issue.number)}: ${String(issue.title)}`,
      });
      const record = await w.store.records.getBySourceId(w.tenant.id, integration.id, String(issue.uid));
      expect(record).toMatchObject({ destinationId: before.sys_id, destinationNumber: before.number });
      const lifecycle = (await w.store.recordEvents.timeline(w.tenant.id, record!.id)).filter(
        (e) => e.kind === 'lifecycle',
      );
      expect(lifecycle.map((e) => e.to)).toEqual(['initiated', 'linked', 'updated']);
      expect(lifecycle[1]!.detail).toEqual({
        destinationId: before.sys_id,
        destinationNumber: before.number,
        matchedBy: { field: 'number', value: `PG-${String(issue.number)}` },
      });
    }
    expect((await w.store.records.countByStatus(w.tenant.id, integration.id)).pushed).toBe(150);

    const second = await run(w, integration.id);
    expect(second!.counts).toMatchObject({ created: 0, linked: 0, updated: 0, failed: 0, changed: 0 });
    expect(w.nuvolo.control.rows(WORK_ORDERS)).toHaveLength(200);
  });

  it('matches by a key an expression computes, in the plan sandbox', async () => {
    const w = await world(40);
    const [a, b] = issuesOf(w);
    for (const issue of [a!, b!])
      w.nuvolo.control.insert(WORK_ORDERS, {
        number: `WO-${String(issue.number).padStart(5, '0')}`,
        short_description: 'Existing',
        state: '2',
      });
    const integration = await w.activate(
      'Linking by an expression',
      flowWith(w, {
        matchExisting: {
          field: 'number',
          value: { kind: 'expression', expression: "'WO-' + String(record.number).padStart(5, '0')" },
        },
      }),
    );
    const result = await run(w, integration.id);
    expect(result!.counts).toMatchObject({ linked: 2, created: issuesOf(w).length - 2, failed: 0 });
    const record = await w.store.records.getBySourceId(w.tenant.id, integration.id, String(a!.uid));
    expect(record!.destinationNumber).toBe(`WO-${String(a!.number).padStart(5, '0')}`);
  });

  it('lets a second integration on the same project and table link what the first created, by correlation id', async () => {
    const w = await world(40);
    const first = await w.activate('PlanGrid → Nuvolo', flowWith(w, {}));
    expect((await run(w, first.id))!.counts.created).toBe(issuesOf(w).length);
    const second = await w.activate(
      'PlanGrid → Nuvolo (copy)',
      flowWith(w, { matchExisting: { field: 'correlation_id', value: { kind: 'path', path: 'uid' } } }),
    );
    const linked = await run(w, second.id);
    expect(linked!.counts).toMatchObject({ created: 0, linked: issuesOf(w).length, failed: 0 });
    expect(w.nuvolo.control.rows(WORK_ORDERS)).toHaveLength(issuesOf(w).length);
    // The work orders already carry the uid: linking writes nothing, the update mapping does.
    const patches = w.nuvolo.control
      .requests({ method: 'PATCH' })
      .map((r) => JSON.parse(r.body ?? '{}') as object);
    expect(patches).toHaveLength(issuesOf(w).length);
    expect(patches.filter((body) => 'correlation_id' in body)).toEqual([]);
  });

  it('creates one work order per key nobody has yet, refusing the other records with it, as the test run said', async () => {
    const w = await world(40);
    const live = issuesOf(w).filter((issue) => !issue.deleted);
    const byStatus = new Map<string, Record<string, unknown>[]>();
    for (const issue of live)
      byStatus.set(String(issue.status), [...(byStatus.get(String(issue.status)) ?? []), issue]);
    expect([...byStatus.values()].some((same) => same.length > 2)).toBe(true);
    const flow = flowWith(w, {
      matchExisting: { field: 'description', value: { kind: 'path', path: 'status' } },
    });
    const integration = await w.activate('Keyed by status', flow);
    const plan = (await w.store.plans.get(w.tenant.id, integration.id, integration.planVersion!))!;
    const preview = await testRun(w.engine, {
      tenantId: w.tenant.id,
      integrationId: integration.id,
      stages: plan.stages,
      limit: 50,
    });
    // Batches of two overlap: a batch looks its keys up before the one before has created its orders.
    const result = await executeRun(
      { ...w.engine, options: { batchSize: 2 } },
      { tenantId: w.tenant.id, integrationId: integration.id, trigger: 'manual' },
    );
    expect(result).toMatchObject({ status: 'partial', counts: { created: byStatus.size } });
    expect(w.nuvolo.control.rows(WORK_ORDERS)).toHaveLength(byStatus.size);
    for (const issues of byStatus.values()) {
      const records = await Promise.all(
        issues.map((issue) => w.store.records.getBySourceId(w.tenant.id, integration.id, String(issue.uid))),
      );
      const [pushed, ...others] = records.filter((r) => r!.status === 'pushed');
      expect(others).toEqual([]);
      for (const refused of records.filter((r) => r !== pushed)) {
        expect(refused).toMatchObject({ status: 'failed', nextAttemptAt: null });
        expect(refused!.lastError).toContain(`Source record ${pushed!.sourceId} has description`);
      }
    }
    // The test run said so, record by record (it reads in the source's order, the run claimed in the same).
    const predicted = Object.fromEntries(preview.records.map((r) => [r.sourceId, r.outcome.kind]));
    const outcomes: Record<string, string> = {};
    for (const issue of live) {
      const record = await w.store.records.getBySourceId(w.tenant.id, integration.id, String(issue.uid));
      outcomes[String(issue.uid)] = record!.status === 'pushed' ? 'create' : 'fail';
    }
    expect(outcomes).toEqual(predicted);
  });

  it('refuses to link one work order to two records, or one that belongs to another record', async () => {
    const w = await world(24);
    const issues = issuesOf(w);
    const open = issues.filter((issue) => issue.status === 'open' && !issue.deleted);
    expect(open.length).toBeGreaterThan(1);
    const shared = w.nuvolo.control.insert(WORK_ORDERS, {
      description: 'open',
      short_description: 'One order for every open issue',
      state: '2',
    });
    const [other] = issues.filter((issue) => issue.status !== 'open');
    w.nuvolo.control.insert(WORK_ORDERS, {
      description: String(other!.status),
      short_description: 'Already synced by someone else',
      correlation_id: 'another-source-record',
      state: '2',
    });
    const integration = await w.activate(
      'Linking by status',
      flowWith(w, { matchExisting: { field: 'description', value: { kind: 'path', path: 'status' } } }),
    );
    const result = await run(w, integration.id);
    expect(result!.status).toBe('partial');
    const byUid = async (issue: Record<string, unknown>) =>
      (await w.store.records.getBySourceId(w.tenant.id, integration.id, String(issue.uid)))!;
    const linked = await byUid(open[0]!);
    expect(linked).toMatchObject({ status: 'updated', destinationId: shared.sys_id });
    for (const issue of open.slice(1)) {
      const record = await byUid(issue);
      expect(record).toMatchObject({ status: 'failed', nextAttemptAt: null });
      expect(record.lastError).toContain(`so has source record ${String(open[0]!.uid)}`);
    }
    expect((await byUid(other!)).lastError).toContain('"another-source-record"');
    const exceptions = await w.store.exceptions.list(w.tenant.id, { integrationId: integration.id });
    expect(new Set(exceptions.items.map((e) => e.kind))).toEqual(new Set(['validation']));
  });
});
