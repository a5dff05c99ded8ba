import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startNuvolo,
  startPlanGrid,
  type NuvoloControl,
  type PlanGridControl,
  type RunningSimulator,
} from '@isync/simulators';
import { apiWorld, leakedSecrets, type ApiClient, type ApiWorld } from '../testing/api-world.js';
import { connectSimulators, NUVOLO_PASSWORD, PLANGRID_KEY } from '../testing/simulator-connections.js';

const transcripts: ApiWorld['transcript'][] = [];

const until = async (check: () => Promise<boolean>, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('the five-step wizard, end to end against the simulators', () => {
  let world: ApiWorld;
  let plangrid: RunningSimulator<PlanGridControl>;
  let nuvolo: RunningSimulator<NuvoloControl>;
  let editor: ApiClient;

  beforeEach(async () => {
    world = await apiWorld();
    transcripts.push(world.transcript);
    plangrid = await startPlanGrid({ records: 40, rateLimit: false });
    nuvolo = await startNuvolo({ records: 0, rateLimit: false });
    editor = await world.as(world.acme.users.editor);
  });
  afterEach(async () => {
    await world.close();
    await Promise.all([plangrid.close(), nuvolo.close()]);
  });
  afterAll(() => {
    for (const transcript of transcripts)
      expect(leakedSecrets(transcript, [PLANGRID_KEY, NUVOLO_PASSWORD])).toEqual([]);
  });

  const connections = () => connectSimulators(editor, plangrid, nuvolo);

  it('creates, configures, activates and runs an integration; the run pushes records with timelines', async () => {
    const { source, destination } = await connections();
    expect(source.secret).toBeUndefined();
    expect(await editor.post(`/api/connections/${source.id}/test`)).toMatchObject({
      status: 200,
      json: { ok: true },
    });
    const described = await editor.get(`/api/connections/${destination.id}/describe`);
    expect(described.json.objects.map((o: { name: string }) => o.name)).toContain(
      'x_nuvo_eam_facilities_work_orders',
    );

    const draft = await editor.post('/api/integrations', {
      title: 'PlanGrid → Nuvolo',
      description: 'Tasks to work orders',
    });
    expect(draft.json).toMatchObject({ status: 'draft', nextStep: 'source' });
    const id = draft.json.id;
    const project = plangrid.control.projects()[0]!.uid;
    expect(
      (
        await editor.put(`/api/integrations/${id}/source`, {
          connectionId: source.id,
          object: 'issues',
          project,
        })
      ).json.nextStep,
    ).toBe('destination');
    expect(
      (
        await editor.put(`/api/integrations/${id}/destination`, {
          connectionId: destination.id,
          object: 'x_nuvo_eam_facilities_work_orders',
        })
      ).json.nextStep,
    ).toBe('mappings');
    const mappings = await editor.put(`/api/integrations/${id}/mappings`, {
      create: [
        { target: 'short_description', value: { kind: 'template', template: 'PG-{{number}}: {{title}}' } },
        { target: 'due_date', value: { kind: 'path', path: 'due_at' } },
        { target: 'u_source_system', value: { kind: 'constant', value: 'PlanGrid' } },
      ],
      update: [
        { target: 'short_description', value: { kind: 'template', template: 'PG-{{number}}: {{title}}' } },
      ],
    });
    expect(mappings.json.nextStep).toBe('settings');
    const settings = await editor.put(`/api/integrations/${id}/settings`, {
      schedule: { kind: 'interval', everySeconds: 3600 },
      dateRange: { from: null, to: null },
      timezone: 'Europe/Paris',
      statusMappings: [
        { from: 'open', to: 'Open' },
        { from: 'in_review', to: 'Work in Progress' },
        { from: 'pending', to: 'On Hold' },
        { from: 'closed', to: 'Closed Complete' },
      ],
    });
    expect(settings.json).toMatchObject({
      nextStep: null,
      wizard: { settings: true },
      schedule: { everySeconds: 3600 },
    });
    const flow = (await editor.get(`/api/integrations/${id}/flow`)).json;
    expect(flow.nodes.map((n: { type: string }) => n.type).sort()).toEqual([
      'destination',
      'field-map',
      'source',
      'status-map',
    ]);

    const activated = await editor.post(`/api/integrations/${id}/activate`);
    expect(activated).toMatchObject({ status: 200, json: { status: 'active', planVersion: 1 } });
    expect((await editor.get(`/api/integrations/${id}`)).json.nextRunAt).toEqual(expect.any(String));
    const plans = await editor.get(`/api/integrations/${id}/plans`);
    expect(plans.json.items.map((p: { version: number }) => p.version)).toEqual([1]);
    expect((await editor.post(`/api/integrations/${id}/run`)).status).toBe(202);
    // Activation also starts the schedule, whose first tick may run before or after the manual run.
    // (The manual run waits queued while a tick's run goes.)
    const finishedRuns = async () =>
      (await editor.get(`/api/runs?integrationId=${id}`)).json.items.filter(
        (r: { status: string }) => r.status !== 'running' && r.status !== 'queued',
      );
    await until(async () => (await finishedRuns()).some((r: { trigger: string }) => r.trigger === 'manual'));

    // (A tick that met the manual run going is recorded skipped: it ran nothing.)
    const runs = (await finishedRuns()).filter((r: { status: string }) => r.status !== 'skipped');
    expect(runs.every((r: { status: string }) => r.status === 'succeeded')).toBe(true);
    const run = runs.find((r: { counts: { created: number } }) => r.counts.created > 0);
    expect(run).toMatchObject({ status: 'succeeded', counts: { created: 20, failed: 0 } });
    const detail = await editor.get(`/api/runs/${run.id}`);
    expect(detail.json.nodeTraces.map((t: { nodeId: string; out: number }) => t.out)).toEqual([
      20, 20, 20, 20,
    ]);
    const records = await editor.get(`/api/records?integrationId=${id}&status=pushed`);
    expect(records.json.items).toHaveLength(20);
    const timeline = await editor.get(`/api/records/${records.json.items[0].id}/timeline`);
    expect(timeline.json.events.map((e: { to: string }) => e.to)).toEqual(['initiated', 'pushed']);
    expect(timeline.json.events.every((e: { at: string; runId: string }) => e.at && e.runId === run.id)).toBe(
      true,
    );
    expect(nuvolo.control.rows('x_nuvo_eam_facilities_work_orders')).toHaveLength(20);

    const paused = await editor.post(`/api/integrations/${id}/pause`);
    expect(paused.json.status).toBe('paused');
    expect((await editor.get(`/api/integrations/${id}`)).json.nextRunAt).toBeNull();
    expect((await editor.post(`/api/integrations/${id}/resume`)).json.status).toBe('active');
  });

  it('refuses to activate a flow with problems and says which node to fix', async () => {
    const { source, destination } = await connections();
    const id = (await editor.post('/api/integrations', { title: 'Broken', description: '' })).json.id;
    await editor.put(`/api/integrations/${id}/source`, { connectionId: source.id, object: 'issues' });
    await editor.put(`/api/integrations/${id}/destination`, {
      connectionId: destination.id,
      object: 'x_nuvo_eam_facilities_work_orders',
    });
    await editor.put(`/api/integrations/${id}/mappings`, {
      create: [{ target: 'no_such_field', value: { kind: 'constant', value: 'x' } }],
      update: [],
    });
    const compiled = await editor.post(`/api/integrations/${id}/compile`);
    expect(compiled.json.ok).toBe(false);
    const activation = await editor.post(`/api/integrations/${id}/activate`);
    expect(activation.status).toBe(422);
    expect(activation.json.error.details.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nodeId: 'field-map', message: expect.stringContaining('no_such_field') }),
      ]),
    );
  });
});
