import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiWorld, type ApiClient, type ApiWorld } from '../testing/api-world.js';
import { TenantObjects } from '../testing/tenant-objects.js';

describe('API tokens: scopes, expiry, and who can end them', () => {
  let world: ApiWorld;
  let editor: ApiClient;
  let admin: ApiClient;

  beforeEach(async () => {
    world = await apiWorld();
    editor = await world.as(world.acme.users.editor);
    admin = await world.as(world.acme.users['tenant-admin']);
  });
  afterEach(() => world.close());

  const mint = async (body: Record<string, unknown>) => {
    const created = await editor.post('/api/auth/tokens', { name: 'CI', ...body });
    expect(created.status).toBe(201);
    return created.json as { token: string; apiToken: { id: string; scopes: string[]; expiresAt: string } };
  };
  const draft = (client: ApiClient) =>
    client.post('/api/integrations', { title: 'By token', description: '' });

  it('does what its scopes allow within the role, read only by default, and expires', async () => {
    const read = await mint({});
    expect(read.apiToken.scopes).toEqual(['read']);
    const days = (Date.parse(read.apiToken.expiresAt) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(90);
    const reader = world.withToken(read.token);
    expect((await reader.get('/api/integrations')).status).toBe(200);
    expect(await draft(reader)).toMatchObject({
      status: 403,
      json: { error: { details: { scopes: ['read'] } } },
    });
    const edit = world.withToken((await mint({ scopes: ['edit'] })).token);
    expect((await draft(edit)).status).toBe(201);
    // An editor's admin-scoped token still cannot do what an editor cannot.
    const wide = world.withToken((await mint({ scopes: ['admin'] })).token);
    expect((await wide.get('/api/users')).status).toBe(403);
    expect((await editor.post('/api/auth/tokens', { name: 'forever', expiresInDays: 3650 })).status).toBe(
      400,
    );
    const clock = world.deps.clock;
    world.deps.clock = () => new Date(Date.now() + 91 * 86_400_000);
    expect((await reader.get('/api/integrations')).status).toBe(401);
    world.deps.clock = clock;
  });

  it('cannot mint tokens (a token could otherwise outlive its own revocation)', async () => {
    const token = world.withToken((await mint({ scopes: ['admin'] })).token);
    const minted = await token.post('/api/auth/tokens', { name: 'child', scopes: ['admin'] });
    expect(minted).toMatchObject({ status: 403, json: { error: { code: 'session_required' } } });
  });

  it('a tenant admin reviews and revokes a member’s token; a member cannot revoke another’s', async () => {
    const { apiToken, token } = await mint({ scopes: ['edit'] });
    const listed = await admin.get(`/api/users/${world.acme.users.editor.id}/tokens`);
    expect(listed.json.items.map((t: { id: string }) => t.id)).toContain(apiToken.id);
    const viewer = await world.as(world.acme.users.viewer);
    expect((await viewer.delete(`/api/auth/tokens/${apiToken.id}`)).status).toBe(404);
    const otherAdmin = await world.as(world.globex.users['tenant-admin']);
    expect((await otherAdmin.delete(`/api/auth/tokens/${apiToken.id}`)).status).toBe(404);
    expect((await admin.delete(`/api/auth/tokens/${apiToken.id}`)).status).toBe(200);
    expect((await world.withToken(token).get('/api/integrations')).status).toBe(401);
  });

  it('disabling a user revokes their tokens, and enabling them again does not revive them', async () => {
    const { token } = await mint({ scopes: ['read'] });
    const user = world.acme.users.editor.id;
    expect((await admin.patch(`/api/users/${user}`, { status: 'disabled' })).status).toBe(200);
    expect((await admin.patch(`/api/users/${user}`, { status: 'active' })).status).toBe(200);
    expect((await world.withToken(token).get('/api/integrations')).status).toBe(401);
  });

  it('viewers do not make iSync call the connected systems: no connection test, a compile without describe', async () => {
    const objects = new TenantObjects(world.deps, {
      plangrid: 'https://plangrid.invalid',
      nuvolo: 'https://nuvolo.invalid',
    });
    const connection = await objects.create('connection', world.acme.tenant.id, world.acme.users.editor.id);
    const viewer = await world.as(world.acme.users.viewer);
    expect((await viewer.post(`/api/connections/${connection}/test`)).status).toBe(403);
    const id = (await editor.post('/api/integrations', { title: 'Compiled', description: '' })).json.id;
    await editor.put(`/api/integrations/${id}/destination`, {
      connectionId: connection,
      object: 'x_work_orders',
    });
    const compiled = await viewer.post(`/api/integrations/${id}/compile`, {});
    expect(compiled.status).toBe(200);
    expect(compiled.json.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ message: expect.stringContaining('was not described') }),
      ]),
    );
  });
});
