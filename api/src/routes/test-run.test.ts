import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Flow } from '@isync/core';
import {
  startNuvolo,
  startPlanGrid,
  type NuvoloControl,
  type PlanGridControl,
  type RunningSimulator,
} from '@isync/simulators';
import { apiWorld, type ApiClient, type ApiWorld } from '../testing/api-world.js';
import { connectSimulators } from '../testing/simulator-connections.js';

/*
 * "Test with live data" (issue 16): the draft over live records, with what would happen in the destination,
 * and nothing written anywhere.
 */

const until = async (check: () => Promise<boolean>, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** The draft a user is trying: pending issues filtered out, a new summary on update, in_review unmapped. */
function tried(flow: Flow): Flow {
  const edited = structuredClone(flow);
  const map = edited.nodes.find((n) => n.type === 'field-map')!;
  const update = map.data.config.update as { target: string; value: unknown }[];
  update[0] = {
    target: 'short_description',
    value: { kind: 'template', template: 'PG-{{number}}: {{title}}' },
  };
  const statusMap = edited.nodes.find((n) => n.type === 'status-map')!;
  statusMap.data.config.table = (statusMap.data.config.table as { from: string }[]).filter(
    (row) => row.from !== 'in_review',
  );
  edited.nodes.push({
    id: 'not-pending',
    type: 'filter',
    position: { x: 100, y: 100 },
    data: { label: 'Not pending', config: { rule: { '!=': [{ var: 'status' }, 'pending'] } } },
  });
  const out = edited.edges.find((e) => e.source === 'source')!;
  edited.edges = [
    ...edited.edges.filter((e) => e !== out),
    { id: 'source->not-pending', source: 'source', target: 'not-pending' },
    { id: 'not-pending->field-map', source: 'not-pending', target: out.target },
  ];
  return edited;
}

describe('test runs on live data', () => {
  let world: ApiWorld;
  let plangrid: RunningSimulator<PlanGridControl>;
  let nuvolo: RunningSimulator<NuvoloControl>;
  let editor: ApiClient;

  beforeEach(async () => {
    world = await apiWorld();
    plangrid = await startPlanGrid({ records: 40, rateLimit: false });
    nuvolo = await startNuvolo({ records: 0, rateLimit: false });
    editor = await world.as(world.acme.users.editor);
  });
  afterEach(async () => {
    await world.close();
    await Promise.all([plangrid.close(), nuvolo.close()]);
  });

  it('answers create, update with its diff, skip and fail per record, and writes nothing anywhere', async () => {
    const { source, destination } = await connectSimulators(editor, plangrid, nuvolo);
    const created = await editor.post('/api/integrations/from-template', {
      templateId: 'plangrid-issues-to-nuvolo-work-orders',
      title: 'HQ defects',
      sourceConnectionId: source.id,
      destinationConnectionId: destination.id,
      project: plangrid.control.projects()[0]!.uid,
    });
    const id = created.json.id as string;
    const operator = await world.as(world.acme.users['tenant-admin']);
    await operator.post(`/api/integrations/${id}/activate`);
    await until(async () =>
      (await editor.get(`/api/runs?integrationId=${id}&status=succeeded`)).json.items.some(
        (r: { counts: { created: number } }) => r.counts.created > 0,
      ),
    );
    await operator.post(`/api/integrations/${id}/pause`);
    plangrid.control.churn({ create: 12 });
    await editor.put(`/api/integrations/${id}/flow`, tried(created.json.flow));

    const counts = async () => ({
      records: await world.store.records.countByStatus(world.acme.tenant.id, id),
      runs: (await editor.get(`/api/runs?integrationId=${id}&limit=500`)).json.items.length,
      exceptions: (await editor.get(`/api/exceptions?integrationId=${id}&limit=500`)).json.items.length,
      cursor: (await world.store.integrations.get(world.acme.tenant.id, id))!.cursor,
      nuvolo: { ...nuvolo.control.dump(), savedAt: null },
    });
    const before = await counts();
    plangrid.control.clearRequests();
    nuvolo.control.clearRequests();

    const answer = await editor.post(`/api/integrations/${id}/test-run`, { limit: 50 });
    expect(answer.status).toBe(200);
    const records = answer.json.records as {
      sourceId: string;
      source: { status: string };
      known: boolean;
      steps: { nodeId: string; outcome: string }[];
      outcome: Record<string, any>;
    }[];
    const byKind = (kind: string) => records.filter((r) => r.outcome.kind === kind);

    for (const record of byKind('skip')) {
      expect(record.source.status).toBe('pending');
      expect(record.outcome).toMatchObject({
        nodeId: 'not-pending',
        reason: expect.stringContaining('filtered out'),
      });
    }
    for (const record of byKind('fail')) {
      expect(record.source.status).toBe('in_review');
      expect(record.outcome).toMatchObject({
        nodeId: 'status-map',
        message: expect.stringContaining('in_review'),
      });
    }
    for (const record of byKind('create')) {
      expect(record.known).toBe(false);
      expect(record.outcome.body).toMatchObject({
        correlation_id: record.sourceId,
        u_source_system: 'PlanGrid',
      });
    }
    const updates = byKind('update');
    for (const record of updates) {
      expect(record.known).toBe(true);
      const summary = record.outcome.diff.find((d: { field: string }) => d.field === 'short_description');
      expect(summary).toMatchObject({ changed: true, next: expect.stringMatching(/^PG-\d+: /) });
      expect(summary.current).not.toMatch(/^PG-/);
    }
    expect([byKind('create'), updates, byKind('skip'), byKind('fail')].map((r) => r.length > 0)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    const nodes = answer.json.nodes as { nodeId: string; in: number; out: number; skipped: number }[];
    expect(nodes.find((n) => n.nodeId === 'source')!.out).toBe(records.length);
    expect(nodes.find((n) => n.nodeId === 'not-pending')).toMatchObject({ skipped: byKind('skip').length });

    // Nothing was written: no write request reached either system, and iSync's own store is as it was.
    const writes = (requests: { method: string }[]) => requests.filter((r) => r.method !== 'GET');
    expect(writes(nuvolo.control.requests())).toEqual([]);
    expect(writes(plangrid.control.requests())).toEqual([]);
    expect(nuvolo.control.requests().length).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);
    const audit = (await operator.get(`/api/audit?targetId=${id}&action=integration.test-run`)).json.items;
    expect(audit).toHaveLength(1);
  });

  it('refuses a draft with problems, a limit over 50, another tenant’s integration', async () => {
    const draft = (await editor.post('/api/integrations', { title: 'Empty', description: '' })).json;
    const refused = await editor.post(`/api/integrations/${draft.id}/test-run`, {});
    expect(refused.status).toBe(422);
    expect(refused.json.error.details.problems.length).toBeGreaterThan(0);
    expect((await editor.post(`/api/integrations/${draft.id}/test-run`, { limit: 51 })).status).toBe(400);
    const other = await world.as(world.globex.users.editor);
    expect((await other.post(`/api/integrations/${draft.id}/test-run`, {})).status).toBe(404);
    const viewer = await world.as(world.acme.users.viewer);
    expect((await viewer.post(`/api/integrations/${draft.id}/test-run`, {})).status).toBe(403);
  });
});
