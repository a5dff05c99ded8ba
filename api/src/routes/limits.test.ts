import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiWorld, PASSWORD, type ApiClient, type ApiWorld } from '../testing/api-world.js';

describe('tenant limits hold on every path that can exceed them', () => {
  let world: ApiWorld;
  let admin: ApiClient;

  beforeEach(async () => {
    world = await apiWorld();
    admin = await world.as(world.acme.users['tenant-admin']);
    await world.store.tenants.update(world.acme.tenant.id, { limits: { maxUsers: 5 } });
  });
  afterEach(() => world.close());

  const addUser = (n: number) =>
    admin.post('/api/users', {
      email: `extra-${n}@acme.test`,
      name: `Extra ${n}`,
      role: 'viewer',
      password: PASSWORD,
    });

  it('enabling a disabled user again is refused at maxUsers (disable, add, re-enable made 6 of 5)', async () => {
    const fourth = await addUser(4);
    expect((await addUser(5)).status).toBe(201);
    expect((await addUser(6)).json.error).toMatchObject({
      code: 'limit_exceeded',
      details: { limit: 'maxUsers' },
    });
    expect((await admin.patch(`/api/users/${fourth.json.user.id}`, { status: 'disabled' })).status).toBe(200);
    expect((await addUser(6)).status).toBe(201);
    const again = await admin.patch(`/api/users/${fourth.json.user.id}`, { status: 'active' });
    expect(again).toMatchObject({
      status: 409,
      json: { error: { code: 'limit_exceeded', details: { limit: 'maxUsers', max: 5 } } },
    });
    expect(again.json.error.message).toContain('enable extra-4@acme.test again');
    const active = (await admin.get('/api/users')).json.items.filter(
      (u: { status: string }) => u.status !== 'disabled',
    );
    expect(active).toHaveLength(5);
  });

  it('accepting an invitation is refused while the tenant is over its limit', async () => {
    const invited = await admin.post('/api/users', {
      email: 'invited@acme.test',
      name: 'Invited',
      role: 'viewer',
    });
    expect(invited.status).toBe(201);
    const token = new URL(invited.json.inviteUrl, 'http://x').searchParams.get('token');
    await addUser(5);
    // The limit went down after the invitation was sent (the store allows what the API refuses).
    await world.store.tenants.update(world.acme.tenant.id, { limits: { maxUsers: 4 } });
    const accepted = await world.anonymous().post('/api/auth/accept-invite', { token, password: PASSWORD });
    expect(accepted).toMatchObject({ status: 409, json: { error: { details: { limit: 'maxUsers' } } } });
    await world.store.tenants.update(world.acme.tenant.id, { limits: { maxUsers: 5 } });
    expect(
      (await world.anonymous().post('/api/auth/accept-invite', { token, password: PASSWORD })).status,
    ).toBe(200);
  });

  it('a platform admin cannot lower a limit under what the tenant uses', async () => {
    const root = await world.as(world.platformAdmin);
    const lowered = await root.patch(`/api/tenants/${world.acme.tenant.id}`, { limits: { maxUsers: 2 } });
    expect(lowered).toMatchObject({
      status: 409,
      json: { error: { details: { limit: 'maxUsers', max: 2 } } },
    });
    expect(lowered.json.error.message).toContain('disable 1');
    expect(
      (await root.patch(`/api/tenants/${world.acme.tenant.id}`, { limits: { maxUsers: 3 } })).status,
    ).toBe(200);
    const invite = await root.post(`/api/tenants/${world.acme.tenant.id}/invitations`, {
      email: 'boss@acme.test',
      name: 'Boss',
    });
    expect(invite.json.error).toMatchObject({ code: 'limit_exceeded', details: { limit: 'maxUsers' } });
  });

  it('suspending a tenant stops its schedules; resuming restores them', async () => {
    const { tenant } = world.acme;
    const created = await world.store.integrations.create(tenant.id, { title: 'Hourly', description: '' });
    await world.store.integrations.update(tenant.id, created.id, {
      status: 'active',
      planVersion: 1,
      schedule: { kind: 'cron', expression: '0 * * * *' },
    });
    const other = await world.store.integrations.create(world.globex.tenant.id, {
      title: 'Globex',
      description: '',
    });
    await world.store.integrations.update(world.globex.tenant.id, other.id, {
      status: 'active',
      planVersion: 1,
    });
    await world.scheduler.start();
    expect(await world.scheduler.nextRunAt(tenant.id, created.id)).toBeInstanceOf(Date);
    const root = await world.as(world.platformAdmin);
    expect((await root.patch(`/api/tenants/${tenant.id}`, { status: 'suspended' })).status).toBe(200);
    expect(await world.scheduler.nextRunAt(tenant.id, created.id)).toBeNull();
    expect(await world.scheduler.nextRunAt(world.globex.tenant.id, other.id)).toBeInstanceOf(Date);
    expect((await root.patch(`/api/tenants/${tenant.id}`, { status: 'active' })).status).toBe(200);
    expect(await world.scheduler.nextRunAt(tenant.id, created.id)).toBeInstanceOf(Date);
  });
});
