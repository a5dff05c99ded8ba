import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { apiWorld, type ApiClient, type ApiWorld } from '../testing/api-world.js';

describe('embed tokens and views', () => {
  let world: ApiWorld;
  let admin: ApiClient;
  let inScope: string;
  let outOfScope: string;

  beforeEach(async () => {
    world = await apiWorld();
    admin = await world.as(world.acme.users['tenant-admin']);
    inScope = (await admin.post('/api/integrations', { title: 'Shown', description: '' })).json.id;
    outOfScope = (await admin.post('/api/integrations', { title: 'Hidden', description: '' })).json.id;
  });
  afterEach(() => world.close());

  const issue = async (body: Record<string, unknown> = {}) =>
    (
      await admin.post('/api/embed-tokens', {
        integrationIds: [inScope],
        views: ['runs', 'dashboard'],
        ...body,
      })
    ).json;

  it('issues a token of at most 15 minutes with a URL per view, for the tenant admin only', async () => {
    const issued = await issue();
    expect(Date.parse(issued.expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000 + 1000);
    expect(issued.urls.runs).toMatch(/^\/embed\/runs\?token=/);
    expect(
      (await admin.post('/api/embed-tokens', { integrationIds: [inScope], views: ['runs'], minutes: 60 }))
        .status,
    ).toBe(400);
    const editor = await world.as(world.acme.users.editor);
    expect(
      (await editor.post('/api/embed-tokens', { integrationIds: [inScope], views: ['runs'] })).status,
    ).toBe(403);
  });

  it("reads only its integrations' data, and writes nothing in read-only mode", async () => {
    const embedded = world.withToken((await issue()).token);
    expect((await embedded.get(`/api/runs?integrationId=${inScope}`)).status).toBe(200);
    expect((await embedded.get(`/api/integrations/${inScope}`)).json.title).toBe('Shown');
    expect((await embedded.get(`/api/runs?integrationId=${outOfScope}`)).status).toBe(404);
    expect((await embedded.get('/api/runs')).json.error.code).toBe('integration_required');
    expect((await embedded.get('/api/users')).status).toBe(403);
    expect((await embedded.post(`/api/integrations/${inScope}/run`)).status).toBe(403);
    const operate = world.withToken((await issue({ mode: 'operate' })).token);
    expect((await operate.post(`/api/integrations/${inScope}/run`)).json.error.code).toBe('not_activated');
  });

  it('refuses a tampered or expired token', async () => {
    const { token } = await issue();
    expect(
      (await world.withToken(token.slice(0, -3) + 'xyz').get(`/api/runs?integrationId=${inScope}`)).status,
    ).toBe(401);
    world.deps.clock = () => new Date(Date.now() + 16 * 60_000);
    expect((await world.withToken(token).get(`/api/runs?integrationId=${inScope}`)).json.error.code).toBe(
      'embed_token_invalid',
    );
  });

  it('serves embed pages only with a token, framable only by the allowed origins', async () => {
    const app = createApp(world.deps, {
      embedPage: { html: () => '<!doctype html><title>iSync embed</title>' },
    });
    const { token } = await issue();
    expect((await app.request('/embed/runs')).status).toBe(401);
    expect((await app.request(`/embed/exceptions?token=${token}`)).status).toBe(403);
    const closed = await app.request(`/embed/runs?token=${token}`);
    expect(closed.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    await admin.put('/api/embed-origins', { origins: ['https://portal.acme.example/some/page'] });
    const open = await app.request(`/embed/runs?token=${token}`);
    expect(open.status).toBe(200);
    expect(open.headers.get('content-security-policy')).toBe('frame-ancestors https://portal.acme.example');
  });
});
