import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiWorld, PASSWORD, type ApiWorld } from '../testing/api-world.js';

describe('auth routes', () => {
  let world: ApiWorld;
  beforeEach(async () => {
    world = await apiWorld();
  });
  afterEach(() => world.close());

  it('signs in with a session cookie, says who is signed in, and signs out', async () => {
    const client = world.anonymous();
    expect((await client.get('/api/auth/me')).status).toBe(401);
    const login = await client.login('EDITOR@acme.test');
    expect(login.headers.get('set-cookie')).toMatch(/isync_session=.*HttpOnly.*SameSite=Lax/i);
    expect(login.json).toMatchObject({
      role: 'editor',
      tenant: { slug: 'acme' },
      user: { email: 'editor@acme.test' },
    });
    expect(login.json.user.passwordHash).toBeUndefined();
    expect((await client.get('/api/auth/me')).json.user.name).toBe('editor of acme');
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('tells what the signed-in role may do, from the RBAC matrix', async () => {
    const viewer = world.anonymous();
    await viewer.login('viewer@acme.test');
    const seen = (await viewer.get('/api/auth/me')).json.permissions as string[];
    expect(seen).toEqual(expect.arrayContaining(['connections:read', 'integrations:read', 'records:read']));
    expect(seen).not.toContain('connections:manage');
    expect(seen).not.toContain('integrations:operate');
    const editor = world.anonymous();
    const login = await editor.login('editor@acme.test');
    expect(login.json.permissions).toEqual(
      expect.arrayContaining([
        'connections:manage',
        'integrations:edit',
        'integrations:operate',
        'records:replay',
      ]),
    );
    expect(login.json.permissions).not.toContain('users:manage');
  });

  it('refuses a wrong password without saying whether the account exists, and throttles guessing', async () => {
    const client = world.anonymous();
    const wrong = await client.post('/api/auth/login', { email: 'editor@acme.test', password: 'nope' });
    const unknown = await client.post('/api/auth/login', { email: 'nobody@acme.test', password: 'nope' });
    expect(wrong).toMatchObject({ status: 401, json: { error: { code: 'invalid_credentials' } } });
    expect(unknown.json).toEqual(wrong.json);
    for (let i = 0; i < 4; i++)
      await client.post('/api/auth/login', { email: 'editor@acme.test', password: 'nope' });
    const throttled = await client.post('/api/auth/login', { email: 'editor@acme.test', password: PASSWORD });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await client.post('/api/auth/login', { email: 'bad', password: 'x' })).json.error).toMatchObject({
      code: 'validation_failed',
      details: { issues: [expect.objectContaining({ path: 'email' })] },
    });
  });

  it('requires the CSRF token on signed-in writes', async () => {
    const client = await world.as(world.acme.users.editor);
    const token = client.csrfToken;
    client.csrfToken = null;
    expect((await client.post('/api/integrations', { title: 'T', description: '' })).json.error.code).toBe(
      'csrf_failed',
    );
    client.csrfToken = 'forged';
    expect((await client.post('/api/integrations', { title: 'T', description: '' })).status).toBe(403);
    client.csrfToken = token;
    expect((await client.post('/api/integrations', { title: 'T', description: '' })).status).toBe(201);
  });

  it('ends a session at its absolute expiry however active it is', async () => {
    const client = await world.as(world.acme.users.viewer);
    const start = Date.now();
    // Active every 20 minutes, well inside the 30-minute idle limit, for almost 12 hours.
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      world.deps.clock = () => new Date(start + minutes * 60_000);
      expect((await client.get('/api/auth/me')).status).toBe(200);
    }
    world.deps.clock = () => new Date(start + 12 * 3_600_000 + 1000);
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('ends a session after its idle time', async () => {
    const client = await world.as(world.acme.users.viewer);
    const start = Date.now();
    world.deps.clock = () => new Date(start + 31 * 60_000);
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('issues a personal API token that works without cookies or CSRF, until revoked', async () => {
    const client = await world.as(world.acme.users.editor);
    const created = await client.post('/api/auth/tokens', { name: 'Jenkins', scopes: ['edit'] });
    expect(created.status).toBe(201);
    expect(created.json.apiToken.tokenHash).toBeUndefined();
    const automation = new (client.constructor as never as new (...a: unknown[]) => typeof client)(
      world.app,
      world.transcript,
      created.json.token,
    );
    expect((await automation.post('/api/integrations', { title: 'From CI', description: '' })).status).toBe(
      201,
    );
    expect((await client.get('/api/auth/tokens')).json.items).toHaveLength(1);
    expect((await client.delete(`/api/auth/tokens/${created.json.apiToken.id}`)).status).toBe(200);
    expect((await automation.get('/api/integrations')).status).toBe(401);
  });

  it('lets an invited user set a password once and sign in', async () => {
    const admin = await world.as(world.acme.users['tenant-admin']);
    const invited = await admin.post('/api/users', { email: 'new@acme.test', name: 'New', role: 'viewer' });
    expect(invited.json).toMatchObject({
      user: { status: 'invited' },
      inviteUrl: expect.stringContaining('/accept-invite?token='),
    });
    const token = decodeURIComponent(invited.json.inviteUrl.split('token=')[1]);
    const anonymous = world.anonymous();
    expect((await anonymous.post('/api/auth/accept-invite', { token, password: PASSWORD })).json.status).toBe(
      'active',
    );
    expect(
      (await anonymous.post('/api/auth/accept-invite', { token, password: PASSWORD })).json.error.code,
    ).toBe('invitation_invalid');
    await anonymous.login('new@acme.test');
  });

  it('creates the first platform admin with the one-time setup token, once', async () => {
    world.deps.setup.token = 'setup-token-0123456789';
    const anonymous = world.anonymous();
    const body = {
      token: 'setup-token-0123456789',
      email: 'first@isync.test',
      name: 'First',
      password: PASSWORD,
    };
    expect(
      (await anonymous.post('/api/auth/setup', { ...body, token: 'wrong-token-0123456789' })).status,
    ).toBe(403);
    expect((await anonymous.post('/api/auth/setup', body)).json.role).toBe('platform-admin');
    expect((await anonymous.post('/api/auth/setup', { ...body, email: 'second@isync.test' })).status).toBe(
      403,
    );
  });

  it('lets a platform admin act for a tenant, and no one else', async () => {
    const root = await world.as(world.platformAdmin);
    const switched = await root.post('/api/auth/switch-tenant', { tenantId: world.acme.tenant.id });
    expect(switched.json.tenant.slug).toBe('acme');
    expect((await root.post('/api/integrations', { title: 'For Acme', description: '' })).json.tenantId).toBe(
      world.acme.tenant.id,
    );
    const admin = await world.as(world.acme.users['tenant-admin']);
    expect((await admin.post('/api/auth/switch-tenant', { tenantId: world.globex.tenant.id })).status).toBe(
      403,
    );
  });
});
