import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiWorld, PASSWORD, type ApiWorld } from '../testing/api-world.js';

describe('tenants and users', () => {
  let world: ApiWorld;
  beforeEach(async () => {
    world = await apiWorld();
  });
  afterEach(() => world.close());

  it('lets a platform admin create a tenant with limits, invite its admin, see usage and suspend it', async () => {
    const root = await world.as(world.platformAdmin);
    const created = await root.post('/api/tenants', {
      name: 'Initech',
      slug: 'initech',
      limits: { maxUsers: 2, allowedEmbedOrigins: ['https://portal.initech.example'] },
      admin: { email: 'boss@initech.test', name: 'Bill' },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      tenant: { slug: 'initech', limits: { maxUsers: 2, maxIntegrations: 25 } },
      invitation: { user: { role: 'tenant-admin', status: 'invited' }, inviteUrl: expect.any(String) },
    });
    const id = created.json.tenant.id;
    expect((await root.get(`/api/tenants/${id}`)).json.usage).toEqual({
      integrations: 0,
      users: 1,
      recordsThisMonth: 0,
    });
    expect(
      (await root.get('/api/tenants')).json.items.map((t: { tenant: { slug: string } }) => t.tenant.slug),
    ).toContain('initech');
    expect((await root.post('/api/tenants', { name: 'Again', slug: 'initech' })).status).toBe(409);
    expect((await root.post('/api/tenants', { name: 'Bad', slug: 'Not A Slug' })).json.error.code).toBe(
      'validation_failed',
    );
    const second = await root.post(`/api/tenants/${id}/invitations`, {
      email: 'ops@initech.test',
      name: 'Ops',
    });
    expect(second).toMatchObject({
      status: 201,
      json: { user: { role: 'tenant-admin', status: 'invited' } },
    });
    const full = await root.post(`/api/tenants/${id}/invitations`, {
      email: 'third@initech.test',
      name: 'Third',
    });
    expect(full.json.error).toMatchObject({ code: 'limit_exceeded', details: { limit: 'maxUsers' } });
    const suspended = await root.patch(`/api/tenants/${id}`, { status: 'suspended' });
    expect(suspended.json).toMatchObject({ status: 'suspended', limits: { maxUsers: 2 } });
  });

  it('keeps users of a suspended tenant out', async () => {
    const root = await world.as(world.platformAdmin);
    const viewer = await world.as(world.acme.users.viewer);
    await root.patch(`/api/tenants/${world.acme.tenant.id}`, { status: 'suspended' });
    expect((await viewer.get('/api/integrations')).json.error.code).toBe('tenant_suspended');
    const login = await world
      .anonymous()
      .post('/api/auth/login', { email: 'editor@acme.test', password: PASSWORD });
    expect(login.status).toBe(403);
  });

  it('lets a tenant admin add, promote and disable users, within the user limit', async () => {
    const admin = await world.as(world.acme.users['tenant-admin']);
    await world.store.tenants.update(world.acme.tenant.id, { limits: { maxUsers: 4 } });
    const added = await admin.post('/api/users', {
      email: 'dana@acme.test',
      name: 'Dana',
      role: 'viewer',
      password: PASSWORD,
    });
    expect(added).toMatchObject({ status: 201, json: { user: { status: 'active' }, inviteUrl: null } });
    const over = await admin.post('/api/users', { email: 'eve@acme.test', name: 'Eve', role: 'viewer' });
    expect(over).toMatchObject({
      status: 409,
      json: { error: { code: 'limit_exceeded', details: { limit: 'maxUsers', max: 4 } } },
    });
    expect(over.json.error.message).toContain('maxUsers');
    const promoted = await admin.patch(`/api/users/${added.json.user.id}`, { role: 'editor' });
    expect(promoted.json.role).toBe('editor');
    const dana = await world.as({ ...added.json.user, email: 'dana@acme.test' });
    await admin.patch(`/api/users/${added.json.user.id}`, { status: 'disabled' });
    expect((await dana.get('/api/auth/me')).status).toBe(401);
    expect(
      (await admin.patch(`/api/users/${world.acme.users['tenant-admin'].id}`, { role: 'viewer' })).status,
    ).toBe(409);
    expect(
      (await admin.post('/api/users', { email: 'x@acme.test', name: 'X', role: 'platform-admin' })).status,
    ).toBe(400);
    const listed = await admin.get('/api/users');
    expect(listed.json.items.every((u: Record<string, unknown>) => !('passwordHash' in u))).toBe(true);
  });

  it('enforces the integration limit and the shortest schedule, naming the limit', async () => {
    await world.store.tenants.update(world.acme.tenant.id, {
      limits: { maxIntegrations: 1, minScheduleSeconds: 300 },
    });
    const editor = await world.as(world.acme.users.editor);
    const first = await editor.post('/api/integrations', { title: 'One', description: '' });
    const second = await editor.post('/api/integrations', { title: 'Two', description: '' });
    expect(second.json.error).toMatchObject({
      code: 'limit_exceeded',
      details: { limit: 'maxIntegrations' },
    });
    const tooOften = await editor.put(`/api/integrations/${first.json.id}/settings`, {
      schedule: { kind: 'interval', everySeconds: 60 },
      dateRange: { from: null, to: null },
      timezone: 'UTC',
      statusMappings: [],
    });
    expect(tooOften).toMatchObject({
      status: 403,
      json: { error: { details: { limit: 'minScheduleSeconds' } } },
    });
    const badZone = await editor.put(`/api/integrations/${first.json.id}/settings`, {
      schedule: { kind: 'interval', everySeconds: 600 },
      dateRange: { from: null, to: null },
      timezone: 'Mars/Olympus',
      statusMappings: [],
    });
    expect(badZone.json.error.message).toContain('Mars/Olympus');
  });
});
