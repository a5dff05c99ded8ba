import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startNuvolo,
  startPlanGrid,
  type NuvoloControl,
  type PlanGridControl,
  type RunningSimulator,
} from '@isync/simulators';
import { apiWorld, type ApiClient, type ApiWorld } from '../testing/api-world.js';
import { connectSimulators } from '../testing/simulator-connections.js';

const ISSUES_TEMPLATE = 'plangrid-issues-to-nuvolo-work-orders';

describe('templates: the gallery and creating an integration from one', () => {
  let world: ApiWorld;
  let plangrid: RunningSimulator<PlanGridControl>;
  let nuvolo: RunningSimulator<NuvoloControl>;
  let editor: ApiClient;
  let ids: { source: string; destination: string; project: string };

  const body = (overrides: Record<string, unknown> = {}) => ({
    templateId: ISSUES_TEMPLATE,
    sourceConnectionId: ids.source,
    destinationConnectionId: ids.destination,
    project: ids.project,
    ...overrides,
  });

  beforeEach(async () => {
    world = await apiWorld();
    plangrid = await startPlanGrid({ records: 20, rateLimit: false });
    nuvolo = await startNuvolo({ records: 0, rateLimit: false });
    editor = await world.as(world.acme.users.editor);
    const { source, destination } = await connectSimulators(editor, plangrid, nuvolo);
    ids = { source: source.id, destination: destination.id, project: plangrid.control.projects()[0]!.uid };
  });
  afterEach(async () => {
    await world.close();
    await Promise.all([plangrid.close(), nuvolo.close()]);
  });

  it('lists every template with its settings and the nodes of its flow in order', async () => {
    const viewer = await world.as(world.acme.users.viewer);
    const gallery = await viewer.get('/api/templates');
    expect(gallery.status).toBe(200);
    expect(gallery.json.items).toHaveLength(5);
    const issues = gallery.json.items.find((t: { id: string }) => t.id === ISSUES_TEMPLATE);
    expect(issues).toMatchObject({
      title: 'PlanGrid issues → Nuvolo facilities work orders',
      systems: { source: 'plangrid', destination: 'nuvolo' },
      readme: expect.stringContaining('## Status map'),
    });
    expect(issues.settings.map((s: { name: string }) => s.name)).toEqual([
      'sourceConnectionId',
      'destinationConnectionId',
      'project',
      'dateRange',
    ]);
    expect(issues.nodes.map((n: { type: string }) => n.type)).toEqual([
      'source',
      'field-map',
      'status-map',
      'lookup',
      'lookup',
      'lookup',
      'destination',
    ]);
  });

  it('creates an integration in the review step, which compiles, activates and syncs', async () => {
    const created = await editor.post('/api/integrations/from-template', body({ title: 'HQ defects' }));
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      title: 'HQ defects',
      status: 'draft',
      templateId: ISSUES_TEMPLATE,
      nextStep: null,
      sourceConnectionId: ids.source,
      destinationConnectionId: ids.destination,
      wizard: { details: true, source: true, destination: true, mappings: true, settings: true },
    });
    const id = created.json.id;
    const source = created.json.flow.nodes.find((n: { type: string }) => n.type === 'source');
    expect(source.data.config).toMatchObject({ connectionId: ids.source, project: ids.project });
    expect(created.json.settings.statusMappings).toContainEqual({ from: 'pending', to: 'On Hold' });

    expect((await editor.post(`/api/integrations/${id}/compile`)).json).toMatchObject({ ok: true });
    const operator = await world.as(world.acme.users['tenant-admin']);
    expect((await operator.post(`/api/integrations/${id}/activate`)).json.status).toBe('active');
    const asked = await operator.post(`/api/integrations/${id}/run`);
    expect(asked.status).toBe(202);
    // The run asked for, by the id the answer names (a scheduled tick may run beside it).
    const deadline = Date.now() + 20_000;
    let run: { status: string; counts: { created: number } } = asked.json.run;
    while (Date.now() < deadline && ['queued', 'running'].includes(run.status)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      run = (await editor.get(`/api/runs/${asked.json.run.id}`)).json as typeof run;
    }
    expect(run).toMatchObject({ status: 'succeeded', counts: { created: 10 } });
  });

  it('refuses a body that misses the project, or names an unknown template', async () => {
    const { project: _project, ...noProject } = body();
    const missing = await editor.post('/api/integrations/from-template', noProject);
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBeDefined();
    const unknown = await editor.post('/api/integrations/from-template', body({ templateId: 'no-such' }));
    expect(unknown.status).toBe(404);
  });

  it('refuses connections of the wrong system', async () => {
    const swapped = await editor.post(
      '/api/integrations/from-template',
      body({ sourceConnectionId: ids.destination, destinationConnectionId: ids.source }),
    );
    expect(swapped.status).toBe(400);
    expect(swapped.json.error.message).toContain('needs plangrid');
  });

  it('refuses a viewer', async () => {
    const viewer = await world.as(world.acme.users.viewer);
    const answer = await viewer.post('/api/integrations/from-template', body());
    expect(answer.status).toBe(403);
  });

  it("does not let a tenant use another tenant's connection", async () => {
    const globex = await world.as(world.globex.users.editor);
    const answer = await globex.post('/api/integrations/from-template', body());
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toContain('does not exist in this tenant');
    expect((await globex.get('/api/integrations')).json.items).toHaveLength(0);
  });

  it('respects the tenant limit on integrations', async () => {
    await world.store.tenants.update(world.acme.tenant.id, { limits: { maxIntegrations: 1 } });
    expect((await editor.post('/api/integrations/from-template', body())).status).toBe(201);
    const second = await editor.post('/api/integrations/from-template', body());
    expect(second.status).toBe(409);
    expect(second.json.error.code).toBe('limit_exceeded');
  });
});
