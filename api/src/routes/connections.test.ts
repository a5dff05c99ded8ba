import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startNuvolo, type NuvoloControl, type RunningSimulator } from '@isync/simulators';
import { apiWorld, leakedSecrets, type ApiClient, type ApiWorld } from '../testing/api-world.js';

const SECRET = 'nuvolo-demo';
const transcripts: ApiWorld['transcript'][] = [];

describe('connections', () => {
  let world: ApiWorld;
  let nuvolo: RunningSimulator<NuvoloControl>;
  let editor: ApiClient;
  beforeEach(async () => {
    world = await apiWorld();
    transcripts.push(world.transcript);
    nuvolo = await startNuvolo({ records: 0 });
    editor = await world.as(world.acme.users.editor);
  });
  afterEach(async () => {
    await world.close();
    await nuvolo.close();
  });
  afterAll(() => {
    for (const transcript of transcripts)
      expect(leakedSecrets(transcript, [SECRET, 'wrong-password-42'])).toEqual([]);
  });

  const body = (credentials: Record<string, unknown>) => ({
    system: 'nuvolo',
    name: 'Nuvolo',
    baseUrl: nuvolo.url,
    authKind: 'basic',
    credentials,
  });

  it('seals credentials, never answers them, and checks them for their kind of authentication', async () => {
    const missing = await editor.post('/api/connections', body({ username: 'admin' }));
    expect(missing).toMatchObject({ status: 400, json: { error: { code: 'validation_failed' } } });
    expect(missing.json.error.message).toContain('credentials.password');
    const created = await editor.post('/api/connections', body({ username: 'admin', password: SECRET }));
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.json)).not.toContain(SECRET);
    const stored = await world.store.connections.get(world.acme.tenant.id, created.json.id);
    expect(stored!.secret).toMatch(/^v1\./);
    expect((await editor.get(`/api/connections/${created.json.id}`)).json.secret).toBeUndefined();
    const renamed = await editor.patch(`/api/connections/${created.json.id}`, { name: 'Nuvolo (prod)' });
    expect(renamed.json.name).toBe('Nuvolo (prod)');
    expect((await editor.get('/api/connections')).json.items).toHaveLength(1);
  });

  it('tests a connection and says in plain words what failed', async () => {
    const good = (await editor.post('/api/connections', body({ username: 'admin', password: SECRET }))).json;
    expect(await editor.post(`/api/connections/${good.id}/test`)).toMatchObject({
      status: 200,
      json: { ok: true },
    });
    const bad = (
      await editor.post('/api/connections', body({ username: 'admin', password: 'wrong-password-42' }))
    ).json;
    const failed = await editor.post(`/api/connections/${bad.id}/test`);
    expect(failed.json.ok).toBe(false);
    expect(failed.json.message.length).toBeGreaterThan(10);
  });

  it('refuses to delete a connection a live integration uses', async () => {
    const connection = (await editor.post('/api/connections', body({ username: 'admin', password: SECRET })))
      .json;
    const integration = (await editor.post('/api/integrations', { title: 'Uses it', description: '' })).json;
    await editor.put(`/api/integrations/${integration.id}/destination`, {
      connectionId: connection.id,
      object: 'x_nuvo_eam_facilities_work_orders',
    });
    const refused = await editor.delete(`/api/connections/${connection.id}`);
    expect(refused).toMatchObject({
      status: 409,
      json: { error: { details: { integrationIds: [integration.id] } } },
    });
    await editor.delete(`/api/integrations/${integration.id}`);
    expect((await editor.delete(`/api/connections/${connection.id}`)).status).toBe(204);
  });

  it('refuses a name that resolves to a private address, and one that does not resolve', async () => {
    world.deps.settings = { ...world.deps.settings, allowPrivateConnectionHosts: false };
    const addresses: Record<string, string[]> = {
      'rebind.example': ['203.0.113.7', '10.1.2.3'],
      'mapped.example': ['::ffff:127.0.0.1'],
      'acme.service-now.example': ['203.0.113.10'],
    };
    world.deps.resolveHost = async (host) => {
      const found = addresses[host];
      if (!found) throw new Error('ENOTFOUND');
      return found;
    };
    const create = (host: string) =>
      editor.post('/api/connections', {
        ...body({ username: 'a', password: 'b' }),
        baseUrl: `https://${host}`,
      });
    expect((await create('rebind.example')).json.error).toMatchObject({
      code: 'connection_host_refused',
      message: expect.stringContaining('10.1.2.3'),
    });
    expect((await create('mapped.example')).json.error.code).toBe('connection_host_refused');
    expect((await create('nowhere.example')).json.error.code).toBe('connection_host_unknown');
    expect((await create('acme.service-now.example')).status).toBe(201);
  });

  it('refuses private and loopback hosts where the deployment does not allow them', async () => {
    world.deps.settings = { ...world.deps.settings, allowPrivateConnectionHosts: false };
    for (const baseUrl of [
      'http://127.0.0.1:8080',
      'http://localhost',
      'http://10.0.0.5',
      'http://[::1]:80',
      'http://169.254.169.254',
    ]) {
      const answer = await editor.post('/api/connections', {
        ...body({ username: 'a', password: 'b' }),
        baseUrl,
      });
      expect(answer.json.error?.code, baseUrl).toBe('connection_host_refused');
    }
  });
});
