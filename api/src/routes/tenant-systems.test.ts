import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNuvolo, type NuvoloControl, type RunningSimulator } from '@isync/simulators';
import { apiWorld, type ApiClient, type ApiWorld } from '../testing/api-world.js';
import { NUVOLO_PASSWORD } from '../testing/simulator-connections.js';

const WORK_ORDERS = 'x_nuvo_eam_facilities_work_orders';

/** The Nuvolo simulator's Table API as a connector definition the generic engine runs. */
const TABLE_API = {
  name: 'Facilities desk',
  auth: { kind: 'basic', username: '{{secrets.username}}', password: '{{secrets.password}}' },
  objects: [
    {
      name: WORK_ORDERS,
      label: 'Work orders',
      fields: [{ name: 'short_description', required: true }, { name: 'description' }],
    },
  ],
  idField: 'sys_id',
  numberField: 'number',
  list: {
    path: '/api/now/table/{{object}}',
    query: { sysparm_query: 'ORDERBYsys_created_on' },
    records: '$.result',
    paginate: { kind: 'offset', offsetParam: 'sysparm_offset', limitParam: 'sysparm_limit' },
    cursor: { field: 'sys_updated_on', order: 'none' },
  },
  create: { method: 'POST', path: '/api/now/table/{{object}}', record: '$.result' },
  update: { method: 'PATCH', path: '/api/now/table/{{object}}/{{id}}', record: '$.result' },
};
const CREDENTIALS = { username: 'admin', password: NUVOLO_PASSWORD };

describe('tenant systems and the connector builder over the API', () => {
  let world: ApiWorld;
  let admin: ApiClient;
  let editor: ApiClient;
  let nuvolo: RunningSimulator<NuvoloControl>;

  beforeAll(async () => {
    world = await apiWorld();
    admin = await world.as(world.acme.users['tenant-admin']);
    editor = await world.as(world.acme.users.editor);
    nuvolo = await startNuvolo({ records: 12, rateLimit: false });
  });
  afterAll(async () => {
    await nuvolo?.close();
    await world?.close();
  });

  const connectTo = (systemId: string, name = 'Facilities desk (prod)') =>
    editor.post('/api/connections', {
      system: 'rest',
      name,
      baseUrl: nuvolo.url,
      authKind: 'basic',
      options: { tenantSystemId: systemId },
      credentials: CREDENTIALS,
    });

  it('a tenant admin saves a definition as a system; each save is a version; editors may not', async () => {
    const refused = await editor.post('/api/tenant-systems', {
      name: 'X',
      label: 'X',
      definition: TABLE_API,
    });
    expect(refused.status).toBe(403);

    const bad = await admin.post('/api/tenant-systems', {
      name: 'Broken',
      label: 'BR',
      definition: { ...TABLE_API, list: { ...TABLE_API.list, records: 'result' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '$.definition.list.records' })]),
    );

    const saved = await admin.post('/api/tenant-systems', {
      name: 'Facilities desk',
      label: 'FD',
      definition: TABLE_API,
    });
    expect(saved.status).toBe(201);
    expect(saved.json).toMatchObject({ name: 'Facilities desk', label: 'FD', version: 1 });
    const id = saved.json.id as string;

    const taken = await admin.post('/api/tenant-systems', {
      name: 'facilities desk',
      label: 'F2',
      definition: TABLE_API,
    });
    expect(taken.status).toBe(409);

    const v2 = await admin.put(`/api/tenant-systems/${id}`, {
      name: 'Facilities desk',
      label: 'FAC',
      definition: { ...TABLE_API, description: 'Work orders of the facilities desk' },
    });
    expect(v2.status).toBe(200);
    expect(v2.json.version).toBe(2);
    const versions = await editor.get(`/api/tenant-systems/${id}/versions`);
    expect(versions.json.items.map((v: { version: number; label: string }) => [v.version, v.label])).toEqual([
      [2, 'FAC'],
      [1, 'FD'],
    ]);
    expect((await editor.get('/api/tenant-systems')).json.items.map((s: { id: string }) => s.id)).toEqual([
      id,
    ]);

    const audited = await world.store.audit.list(world.acme.tenant.id, { targetId: id });
    expect(audited.items.map((e) => e.action)).toEqual(['tenant-system.updated', 'tenant-system.created']);
  });

  it('a connection picks a system, runs its latest version, and the system cannot be deleted while it does', async () => {
    const saved = await admin.post('/api/tenant-systems', {
      name: 'Desk two',
      label: 'D2',
      definition: TABLE_API,
    });
    const id = saved.json.id as string;
    const connection = await connectTo(id);
    expect(connection.status).toBe(201);
    expect(connection.json.options).toMatchObject({
      tenantSystemId: id,
      tenantSystemVersion: 1,
      tenantSystemName: 'Desk two',
    });
    expect(connection.json.options.definition.name).toBe('Facilities desk');
    const described = await editor.get(`/api/connections/${connection.json.id}/describe`);
    expect(described.status).toBe(200);
    expect(described.json.objects.map((o: { name: string }) => o.name)).toEqual([WORK_ORDERS]);

    await admin.put(`/api/tenant-systems/${id}`, {
      name: 'Desk two',
      label: 'D2',
      definition: { ...TABLE_API, name: 'Desk two, version 2' },
    });
    const after = await editor.get(`/api/connections/${connection.json.id}`);
    expect(after.json.options).toMatchObject({
      tenantSystemVersion: 2,
      definition: { name: 'Desk two, version 2' },
    });

    const inUse = await admin.delete(`/api/tenant-systems/${id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.json.error.message).toContain('"Facilities desk (prod)"');
    expect(inUse.json.error.details.connections).toEqual([
      { id: connection.json.id, name: 'Facilities desk (prod)' },
    ]);

    expect((await editor.delete(`/api/connections/${connection.json.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/tenant-systems/${id}`)).status).toBe(204);
    expect((await editor.get(`/api/tenant-systems/${id}`)).status).toBe(404);

    const unknown = await connectTo(id, 'Dangling');
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.details.issues[0].path).toBe('$.options.tenantSystemId');
  });

  it('another tenant sees none of the systems', async () => {
    const saved = await admin.post('/api/tenant-systems', {
      name: 'Acme only',
      label: 'AO',
      definition: TABLE_API,
    });
    const globex = await world.as(world.globex.users['tenant-admin']);
    expect((await globex.get(`/api/tenant-systems/${saved.json.id}`)).status).toBe(404);
    expect((await globex.delete(`/api/tenant-systems/${saved.json.id}`)).status).toBe(404);
    expect((await globex.get('/api/tenant-systems')).json.items).toEqual([]);
  });

  describe('the builder tests an unsaved definition against the live API', () => {
    const test = (body: Record<string, unknown>) =>
      admin.post('/api/connector-definitions/test', {
        definition: TABLE_API,
        baseUrl: nuvolo.url,
        credentials: CREDENTIALS,
        ...body,
      });

    it('a list answers the first page request, its parsed records and the next request', async () => {
      const answer = await test({ endpoint: 'list', pageSize: 5 });
      expect(answer.status).toBe(200);
      expect(answer.json.ok).toBe(true);
      const first = new URL(answer.json.request.url);
      expect(first.pathname).toBe(`/api/now/table/${WORK_ORDERS}`);
      expect(first.searchParams.get('sysparm_limit')).toBe('5');
      expect(first.searchParams.get('sysparm_offset')).toBe('0');
      expect(answer.json.records).toHaveLength(5);
      const stored = new Set(nuvolo.control.rows(WORK_ORDERS).map((r) => r.sys_id));
      const ids = answer.json.records.map((r: { sys_id: string }) => r.sys_id);
      expect(new Set(ids).size).toBe(5);
      expect(ids.every((id: string) => stored.has(id))).toBe(true);
      expect(new URL(answer.json.next.url).searchParams.get('sysparm_offset')).toBe('5');
      expect(JSON.stringify(answer.json)).not.toContain(NUVOLO_PASSWORD);
    });

    it('a write is a dry preview unless confirmed; confirmed, it creates the record', async () => {
      const before = nuvolo.control.rows(WORK_ORDERS).length;
      const fields = { short_description: 'Leak in room 4.12' };
      const dry = await test({ endpoint: 'create', fields });
      expect(dry.json).toMatchObject({ ok: true, sent: false, request: { method: 'POST', body: fields } });
      expect(nuvolo.control.rows(WORK_ORDERS)).toHaveLength(before);

      const sent = await test({ endpoint: 'create', fields, confirm: true });
      expect(sent.json).toMatchObject({ ok: true, sent: true });
      const rows = nuvolo.control.rows(WORK_ORDERS);
      expect(rows).toHaveLength(before + 1);
      expect(rows.find((r) => r.sys_id === sent.json.written.id)?.short_description).toBe(
        'Leak in room 4.12',
      );
      const audited = await world.store.audit.list(world.acme.tenant.id, {
        action: 'connector-definition.write-sent',
      });
      expect(audited.items).toHaveLength(1);
    });

    it('a failing endpoint says why; a bad definition is a 400 with paths; the address policy applies', async () => {
      const wrong = await test({ endpoint: 'list', credentials: { username: 'admin', password: 'wrong' } });
      expect(wrong.status).toBe(200);
      expect(wrong.json.ok).toBe(false);
      expect(wrong.json.message).toMatch(/401/);

      const bad = await admin.post('/api/connector-definitions/test', {
        definition: { ...TABLE_API, list: { ...TABLE_API.list, paginate: { kind: 'sideways' } } },
        baseUrl: nuvolo.url,
        endpoint: 'list',
      });
      expect(bad.status).toBe(400);
      expect(bad.json.error.details.issues[0].path).toMatch(/^\$\.definition\.list\.paginate/);

      const metadata = await test({ endpoint: 'list', baseUrl: 'http://169.254.169.254' });
      expect(metadata.status).toBe(400);
      expect(metadata.json.error.code).toBe('connection_host_refused');

      expect((await editor.post('/api/connector-definitions/test', { endpoint: 'list' })).status).toBe(403);
    });
  });
});
