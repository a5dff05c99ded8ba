import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiWorld, type ApiClient, type ApiWorld } from '../../testing/api-world.js';
import { TenantObjects } from '../../testing/tenant-objects.js';

/*
 * Every documented body form of every wizard step keeps what it does not mention: a step sets the fields
 * it names and leaves the rest of the flow and the integration as they were.
 */

const CREATE = [
  { target: 'short_description', value: { kind: 'path', path: 'title' } },
  { target: 'state', value: { kind: 'constant', value: 'open' } },
];
const UPDATE = [{ target: 'short_description', value: { kind: 'path', path: 'title' } }];

/** The config of the flow's node of this type, as GET …/flow answers it. */
const configOf = (flow: Record<string, any>, type: string): Record<string, unknown> | undefined =>
  (flow.nodes as { type: string; data: { config: Record<string, unknown> } }[]).find(
    (node) => node.type === type,
  )?.data.config;

describe('the wizard steps keep the data a body does not mention', () => {
  let world: ApiWorld;
  let editor: ApiClient;
  let id: string;
  let source: string;
  let destination: string;

  beforeEach(async () => {
    world = await apiWorld();
    editor = await world.as(world.acme.users.editor);
    // Connections straight in the store: their URLs are never called here.
    const objects = new TenantObjects(world.deps, {
      plangrid: 'https://plangrid.invalid',
      nuvolo: 'https://nuvolo.invalid',
    });
    const tenantId = world.acme.tenant.id;
    source = await objects.create('source-connection', tenantId, world.acme.users.editor.id);
    destination = await objects.create('connection', tenantId, world.acme.users.editor.id);
    id = (await editor.post('/api/integrations', { title: 'Tasks → work orders', description: '' })).json.id;
    await editor.put(`/api/integrations/${id}/source`, {
      connectionId: source,
      object: 'issues',
      project: 'p-1',
    });
    await editor.put(`/api/integrations/${id}/destination`, {
      connectionId: destination,
      object: 'x_nuvo_eam_facilities_work_orders',
      correlationField: 'u_source_id',
    });
    await editor.put(`/api/integrations/${id}/mappings`, { create: CREATE, update: UPDATE });
    await editor.put(`/api/integrations/${id}/settings`, {
      schedule: { kind: 'interval', everySeconds: 3600 },
      dateRange: { from: '2026-01-01T00:00:00.000Z', to: null },
      timezone: 'Europe/Paris',
      statusMappings: [{ from: 'open', to: 'new' }],
      unmappedStatus: 'default',
      defaultState: 'new',
    });
  });
  afterEach(() => world.close());

  const flow = async () => (await editor.get(`/api/integrations/${id}/flow`)).json;

  it('mappings, whole-flow form: the flow as GET …/flow answers it keeps both field-map lists', async () => {
    const before = await flow();
    const saved = await editor.put(`/api/integrations/${id}/mappings`, { flow: before });
    expect(saved.status).toBe(200);
    expect(configOf(await flow(), 'field-map')).toEqual({ create: CREATE, update: UPDATE });
    expect(await flow()).toEqual(before);
  });

  it('mappings, lists form: a body with only create keeps update, and only update keeps create', async () => {
    const fewer = [CREATE[0]];
    expect((await editor.put(`/api/integrations/${id}/mappings`, { create: fewer })).status).toBe(200);
    expect(configOf(await flow(), 'field-map')).toEqual({ create: fewer, update: UPDATE });
    expect((await editor.put(`/api/integrations/${id}/mappings`, { update: [] })).status).toBe(200);
    expect(configOf(await flow(), 'field-map')).toEqual({ create: fewer, update: [] });
    // The other steps' nodes are untouched.
    expect(configOf(await flow(), 'source')).toMatchObject({
      connectionId: source,
      object: 'issues',
      project: 'p-1',
    });
    expect(configOf(await flow(), 'destination')).toMatchObject({ correlationField: 'u_source_id' });
  });

  it('mappings: a body that is neither form, or both, is a 400 and changes nothing', async () => {
    const before = await flow();
    for (const body of [
      {},
      { flow: before, create: CREATE },
      { create: CREATE, extra: true },
      { mappings: CREATE },
    ]) {
      const answer = await editor.put(`/api/integrations/${id}/mappings`, body);
      expect(answer.status, JSON.stringify(Object.keys(body))).toBe(400);
    }
    expect(await flow()).toEqual(before);
  });

  it('source: a body without project keeps the project and the date range the settings set', async () => {
    const saved = await editor.put(`/api/integrations/${id}/source`, {
      connectionId: source,
      object: 'issues',
    });
    expect(saved.status).toBe(200);
    expect(configOf(await flow(), 'source')).toMatchObject({
      project: 'p-1',
      dateRange: { from: '2026-01-01T00:00:00.000Z', to: null },
    });
    expect(configOf(await flow(), 'field-map')).toEqual({ create: CREATE, update: UPDATE });
  });

  it('destination: a body without correlationField keeps it', async () => {
    const saved = await editor.put(`/api/integrations/${id}/destination`, {
      connectionId: destination,
      object: 'x_nuvo_eam_facilities_work_orders',
    });
    expect(saved.status).toBe(200);
    expect(configOf(await flow(), 'destination')).toMatchObject({ correlationField: 'u_source_id' });
    expect(configOf(await flow(), 'field-map')).toEqual({ create: CREATE, update: UPDATE });
  });

  it('settings: a body without unmappedStatus and defaultState keeps them, and the mappings', async () => {
    const saved = await editor.put(`/api/integrations/${id}/settings`, {
      schedule: { kind: 'cron', expression: '0 7 * * 1-5' },
      dateRange: { from: null, to: null },
      timezone: 'UTC',
      statusMappings: [{ from: 'closed', to: 'done' }],
    });
    expect(saved.status).toBe(200);
    expect(configOf(await flow(), 'status-map')).toEqual({
      table: [{ from: 'closed', to: 'done' }],
      unmapped: 'default',
      default: 'new',
    });
    expect(configOf(await flow(), 'field-map')).toEqual({ create: CREATE, update: UPDATE });
    expect(configOf(await flow(), 'source')).toMatchObject({ project: 'p-1', connectionId: source });
  });
});
