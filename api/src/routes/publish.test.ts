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
 * Draft and live (issue 15): what the canvas and the wizard save is a draft; only publishing changes what
 * runs, and every version can be compared and rolled back to.
 */

const ISSUES_TEMPLATE = 'plangrid-issues-to-nuvolo-work-orders';

const until = async (check: () => Promise<boolean>, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** The flow with a filter "Only open issues" inserted between the source and the node after it. */
function withOpenIssuesFilter(flow: Flow): Flow {
  const source = flow.nodes.find((n) => n.type === 'source')!;
  const out = flow.edges.find((e) => e.source === source.id)!;
  return {
    ...flow,
    nodes: [
      ...flow.nodes,
      {
        id: 'only-open',
        type: 'filter',
        position: { x: 130, y: 120 },
        data: { label: 'Only open issues', config: { rule: { '==': [{ var: 'status' }, 'open'] } } },
      },
    ],
    edges: [
      ...flow.edges.filter((e) => e !== out),
      { id: 'source->only-open', source: source.id, target: 'only-open' },
      { id: 'only-open->next', source: 'only-open', target: out.target },
    ],
  };
}

describe('drafts, publishing and versions', () => {
  let world: ApiWorld;
  let plangrid: RunningSimulator<PlanGridControl>;
  let nuvolo: RunningSimulator<NuvoloControl>;
  let editor: ApiClient;
  let ids: { source: string; destination: string; project: string };

  beforeEach(async () => {
    world = await apiWorld();
    plangrid = await startPlanGrid({ records: 30, rateLimit: false });
    nuvolo = await startNuvolo({ records: 0, rateLimit: false });
    editor = await world.as(world.acme.users.editor);
    const { source, destination } = await connectSimulators(editor, plangrid, nuvolo);
    ids = { source: source.id, destination: destination.id, project: plangrid.control.projects()[0]!.uid };
  });
  afterEach(async () => {
    await world.close();
    await Promise.all([plangrid.close(), nuvolo.close()]);
  });

  const fromTemplate = async (title: string) => {
    const created = await editor.post('/api/integrations/from-template', {
      templateId: ISSUES_TEMPLATE,
      title,
      sourceConnectionId: ids.source,
      destinationConnectionId: ids.destination,
      project: ids.project,
    });
    expect(created.status).toBe(201);
    return created.json as { id: string; flow: Flow; draftRevision: number };
  };

  const finishedRun = async (id: string, after: Set<string>) => {
    let found: Record<string, any> | undefined;
    await until(async () => {
      const runs = (await editor.get(`/api/runs?integrationId=${id}`)).json.items;
      found = runs.find((r: { id: string; status: string }) => !after.has(r.id) && r.status !== 'running');
      return found !== undefined;
    });
    return found!;
  };
  const runIds = async (id: string) =>
    new Set<string>(
      (await editor.get(`/api/runs?integrationId=${id}`)).json.items.map((r: { id: string }) => r.id),
    );

  it('runs the published version only; publishing the draft makes the next run apply the new filter', async () => {
    const operator = await world.as(world.acme.users['tenant-admin']);
    const integration = await fromTemplate('HQ defects');
    const activated = await operator.post(`/api/integrations/${integration.id}/activate`);
    expect(activated.json).toMatchObject({ status: 'active', liveVersion: 1, planVersion: 1 });
    const first = await finishedRun(integration.id, new Set());
    expect(first).toMatchObject({ status: 'succeeded', planVersion: 1 });

    // The draft is edited and saved: nothing that runs changes.
    const current = (await editor.get(`/api/integrations/${integration.id}`)).json;
    expect(current.draft).toEqual({ differs: false, changes: [] });
    const saved = await editor.request(
      'PUT',
      `/api/integrations/${integration.id}/flow`,
      withOpenIssuesFilter(current.flow),
      { 'if-match': `"${current.draftRevision}"` },
    );
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ liveVersion: 1, draftRevision: current.draftRevision + 1 });
    const edited = (await editor.get(`/api/integrations/${integration.id}`)).json;
    expect(edited).toMatchObject({ liveVersion: 1, draftSavedBy: { name: world.acme.users.editor.name } });
    expect(edited.draft.differs).toBe(true);
    expect(edited.draft.changes.map((c: { summary: string }) => c.summary)).toEqual(
      expect.arrayContaining([expect.stringContaining('Filter "Only open issues" added')]),
    );
    expect((await editor.get('/api/integrations')).json.items[0].draft.differs).toBe(true);

    // Published, the filter runs: issues that are not open are skipped, with the filter's reason.
    const published = await editor.post(`/api/integrations/${integration.id}/publish`);
    expect(published.status).toBe(200);
    expect(published.json).toMatchObject({ liveVersion: 2, status: 'active' });
    expect((await editor.get(`/api/integrations/${integration.id}`)).json.draft.differs).toBe(false);
    expect((await editor.post(`/api/integrations/${integration.id}/publish`)).json.error.code).toBe(
      'nothing_to_publish',
    );
    // Churn edits issues of both projects; the integration syncs the first.
    const changed = plangrid.control.churn({ update: 20 }).updated;
    const before = await runIds(integration.id);
    expect((await operator.post(`/api/integrations/${integration.id}/run`)).status).toBe(202);
    const second = await finishedRun(integration.id, before);
    const records = (await editor.get(`/api/records?integrationId=${integration.id}&limit=500`)).json.items;
    const synced = new Map<string, string>(
      records.map((r: { sourceId: string; sourceData: { status: string } }) => [
        r.sourceId,
        r.sourceData.status,
      ]),
    );
    const notOpen = [...new Set(changed)].filter((uid) => synced.has(uid) && synced.get(uid) !== 'open');
    expect(notOpen.length).toBeGreaterThan(0);
    expect(second).toMatchObject({ planVersion: 2, counts: { skipped: notOpen.length } });
    const skipped = records.filter((r: { status: string }) => r.status === 'skipped');
    expect(skipped.map((r: { sourceId: string }) => r.sourceId).sort()).toEqual(notOpen.sort());
    const timeline = (await editor.get(`/api/records/${skipped[0].id}/timeline`)).json.events;
    const skippedEvent = timeline.find((e: { to: string }) => e.to === 'skipped');
    expect(skippedEvent.detail.reason).toBe('filtered out by the rule {"==":[{"var":"status"},"open"]}');

    // Versions: who and when, a diff by node and field, and a rollback that publishes version 1 as 3.
    const versions = (await editor.get(`/api/integrations/${integration.id}/plans`)).json.items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions[0]).toMatchObject({
      createdBy: { id: world.acme.users.editor.id, name: world.acme.users.editor.name },
      rolledBackFrom: null,
    });
    const diff = (await editor.get(`/api/integrations/${integration.id}/plans/diff?from=1&to=2`)).json;
    expect(diff.changes.map((c: { kind: string; nodeId: string }) => [c.kind, c.nodeId])).toEqual(
      expect.arrayContaining([['node-added', 'only-open']]),
    );
    const rolledBack = await editor.post(`/api/integrations/${integration.id}/plans/1/rollback`);
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.json).toMatchObject({ liveVersion: 3 });
    expect(rolledBack.json.flow.nodes.some((n: { id: string }) => n.id === 'only-open')).toBe(false);
    const v3 = (await editor.get(`/api/integrations/${integration.id}/plans/3`)).json;
    const v1 = (await editor.get(`/api/integrations/${integration.id}/plans/1`)).json;
    expect(v3).toMatchObject({ version: 3, rolledBackFrom: 1, hash: v1.hash });
    const audit = (await operator.get(`/api/audit?targetId=${integration.id}`)).json.items.map(
      (e: { action: string }) => e.action,
    );
    expect(audit).toEqual(expect.arrayContaining(['integration.published', 'integration.rolled-back']));
  });

  it('refuses to publish a flow with problems, listing them; a bypassed filter is one', async () => {
    const integration = await fromTemplate('Bypassed');
    const flow = withOpenIssuesFilter(integration.flow);
    const source = flow.nodes.find((n) => n.type === 'source')!;
    const next = flow.edges.find((e) => e.source === 'only-open')!.target;
    flow.edges.push({ id: 'shortcut', source: source.id, target: next });
    await editor.put(`/api/integrations/${integration.id}/flow`, flow);
    const refused = await editor.post(`/api/integrations/${integration.id}/publish`);
    expect(refused.status).toBe(422);
    const problem = refused.json.error.details.problems.find((p: { nodeId: string }) => p.nodeId === next);
    expect(problem.message).toMatch(
      /^Field map ".*" has two inputs, .*: records taking the edge from source "PlanGrid issues" bypass filter "Only open issues"/,
    );
    expect(problem.edgeIds.sort()).toEqual(['only-open->next', 'shortcut']);
    expect((await editor.get(`/api/integrations/${integration.id}`)).json.liveVersion).toBeNull();
  });

  it('warns before a second integration syncs the same project into the same table, and proceeds when confirmed', async () => {
    const operator = await world.as(world.acme.users['tenant-admin']);
    const first = await fromTemplate('Tower A');
    expect((await operator.post(`/api/integrations/${first.id}/activate`)).status).toBe(200);
    const second = await fromTemplate('Tower A again');
    const warned = await operator.post(`/api/integrations/${second.id}/activate`);
    expect(warned.status).toBe(409);
    expect(warned.json.error).toMatchObject({
      code: 'overlap',
      details: { overlaps: [{ id: first.id, title: 'Tower A' }] },
    });
    expect(warned.json.error.message).toContain('"Tower A" already syncs');
    expect((await editor.post(`/api/integrations/${second.id}/publish`)).json.error.code).toBe('overlap');
    expect((await editor.get(`/api/integrations/${second.id}`)).json.liveVersion).toBeNull();
    const confirmed = await operator.post(`/api/integrations/${second.id}/activate`, {
      confirmOverlap: true,
    });
    expect(confirmed.json).toMatchObject({ status: 'active', liveVersion: 1 });
    const listed = (await editor.get('/api/integrations')).json.items;
    expect(listed.find((i: { id: string }) => i.id === first.id).overlaps).toEqual([
      { id: second.id, title: 'Tower A again' },
    ]);
  });

  it('lists a page with one read of its live versions and one ask for its next runs, however many it holds', async () => {
    const created = [];
    for (const title of ['Tower A', 'Tower B', 'Tower C', 'Tower D']) {
      const integration = await fromTemplate(title);
      expect((await editor.post(`/api/integrations/${integration.id}/publish`)).status).toBe(200);
      created.push(integration);
    }
    const operator = await world.as(world.acme.users['tenant-admin']);
    expect((await operator.post(`/api/integrations/${created[0]!.id}/activate`)).status).toBe(200);
    const edited = await editor.request(
      'PUT',
      `/api/integrations/${created[1]!.id}/flow`,
      withOpenIssuesFilter(created[1]!.flow),
      {
        'if-match': `"${(await editor.get(`/api/integrations/${created[1]!.id}`)).json.draftRevision}"`,
      },
    );
    expect(edited.status).toBe(200);

    const calls = { get: 0, getMany: 0, nextRunsAt: 0 };
    const { plans } = world.store;
    const [get, getMany] = [plans.get.bind(plans), plans.getMany.bind(plans)];
    plans.get = (...args) => ((calls.get += 1), get(...args));
    plans.getMany = (...args) => ((calls.getMany += 1), getMany(...args));
    const scheduler = world.scheduler;
    const nextRunsAt = scheduler.nextRunsAt.bind(scheduler);
    scheduler.nextRunsAt = (...args) => ((calls.nextRunsAt += 1), nextRunsAt(...args));
    const listed = (await editor.get('/api/integrations')).json.items as Record<string, any>[];

    // One read for the page's live versions, one for the active integrations' scopes; none per item.
    expect(calls).toEqual({ get: 0, getMany: 2, nextRunsAt: 1 });
    const byTitle = new Map(listed.map((item) => [item.title, item]));
    expect(byTitle.get('Tower A')).toMatchObject({ liveVersion: 1, draft: { differs: false } });
    expect(byTitle.get('Tower A')!.nextRunAt).toEqual(expect.any(String));
    expect(byTitle.get('Tower B')).toMatchObject({
      liveVersion: 1,
      draft: { differs: true },
      nextRunAt: null,
    });
    expect(byTitle.get('Tower B')!.draft.changes.map((c: { summary: string }) => c.summary)).toEqual(
      expect.arrayContaining([expect.stringContaining('Filter "Only open issues" added')]),
    );
    for (const title of ['Tower C', 'Tower D'])
      expect(byTitle.get(title)).toMatchObject({
        liveVersion: 1,
        draft: { differs: false },
        nextRunAt: null,
      });
  });

  it('answers 404 for what does not exist or is another tenant’s, and 409 for a stale draft', async () => {
    const integration = await fromTemplate('Mine');
    const other = await world.as(world.globex.users.editor);
    expect((await other.post(`/api/integrations/${integration.id}/publish`)).status).toBe(404);
    expect((await editor.post('/api/integrations/nope/publish')).status).toBe(404);
    await editor.post(`/api/integrations/${integration.id}/publish`);
    expect((await editor.get(`/api/integrations/${integration.id}/plans/7`)).status).toBe(404);
    expect((await editor.post(`/api/integrations/${integration.id}/plans/7/rollback`)).status).toBe(404);
    expect((await other.get(`/api/integrations/${integration.id}/plans/1`)).status).toBe(404);
    expect((await editor.get(`/api/integrations/${integration.id}/plans/diff?from=1&to=9`)).status).toBe(404);

    // Two tabs load revision r; the first saves, the second is refused and told who saved.
    const loaded = (await editor.get(`/api/integrations/${integration.id}`)).json;
    const admin = await world.as(world.acme.users['tenant-admin']);
    const tab1 = await admin.request('PUT', `/api/integrations/${integration.id}/flow`, loaded.flow, {
      'if-match': String(loaded.draftRevision),
    });
    expect(tab1.status).toBe(200);
    const tab2 = await editor.request('PUT', `/api/integrations/${integration.id}/flow`, loaded.flow, {
      'if-match': String(loaded.draftRevision),
    });
    expect(tab2.status).toBe(409);
    expect(tab2.json.error).toMatchObject({
      code: 'draft_conflict',
      details: {
        revision: loaded.draftRevision + 1,
        savedBy: { name: world.acme.users['tenant-admin'].name },
      },
    });
    expect(tab2.json.error.message).toContain(`${world.acme.users['tenant-admin'].name} saved a newer draft`);
    const bad = await editor.request('PUT', `/api/integrations/${integration.id}/flow`, loaded.flow, {
      'if-match': 'yesterday',
    });
    expect(bad.status).toBe(400);
  });
});
