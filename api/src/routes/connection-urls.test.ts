import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCredentials, sealCredentials } from '@isync/core';
import { moveUrlCredentials } from '../connections/url-credentials.js';
import { apiWorld, type ApiClient, type ApiWorld } from '../testing/api-world.js';

const SECRET = 'hunter2-in-the-url';

describe('credentials never live in a connection URL', () => {
  let world: ApiWorld;
  let admin: ApiClient;

  beforeEach(async () => {
    world = await apiWorld();
    admin = await world.as(world.acme.users['tenant-admin']);
  });
  afterEach(() => world.close());

  const create = (baseUrl: string) =>
    admin.post('/api/connections', {
      system: 'nuvolo',
      name: 'Nuvolo',
      baseUrl,
      authKind: 'basic',
      credentials: { username: 'admin', password: 'nuvolo-demo' },
    });

  it('refuses a base URL with a user name and password or a secret query parameter, pointing to the secret fields', async () => {
    for (const baseUrl of [
      `https://admin:${SECRET}@nuvolo.invalid`,
      `https://nuvolo.invalid/?sysparm_token=${SECRET}`,
      `https://nuvolo.invalid/?api_key=${SECRET}&x=1`,
      `https://admin@nuvolo.invalid`,
    ]) {
      const answer = await create(baseUrl);
      expect(answer.status, baseUrl).toBe(400);
      expect(answer.json.error).toMatchObject({
        code: 'credentials_in_url',
        details: { field: 'baseUrl', secretFields: ['credentials.username', 'credentials.password'] },
      });
      expect(answer.text).not.toContain(SECRET);
    }
    expect((await create('https://nuvolo.invalid/?sysparm_display_value=true')).status).toBe(201);
    const saved = await create('https://nuvolo.invalid');
    const patched = await admin.patch(`/api/connections/${saved.json.id}`, {
      baseUrl: `https://nuvolo.invalid/?access_token=${SECRET}`,
    });
    expect(patched).toMatchObject({ status: 400, json: { error: { code: 'credentials_in_url' } } });
    expect((await world.store.connections.get(world.acme.tenant.id, saved.json.id))!.baseUrl).toBe(
      'https://nuvolo.invalid',
    );
  });

  it('moves credentials stored in URLs before into the sealed secret; viewers no longer see them', async () => {
    const tenantId = world.acme.tenant.id;
    const stored = await world.store.connections.create(tenantId, {
      system: 'nuvolo',
      name: 'Old',
      baseUrl: `https://admin:${SECRET}@nuvolo.invalid/api?sysparm_token=${SECRET}-2&sysparm_limit=50`,
      authKind: 'basic',
      secret: sealCredentials(world.deps.keyring, { username: 'admin', password: 'nuvolo-demo' }, tenantId),
    });
    const clean = await world.store.connections.create(tenantId, {
      system: 'nuvolo',
      name: 'Clean',
      baseUrl: 'https://nuvolo.invalid',
      authKind: 'basic',
      secret: sealCredentials(world.deps.keyring, { username: 'admin', password: 'nuvolo-demo' }, tenantId),
    });
    expect(await moveUrlCredentials(world.deps)).toEqual([stored.id]);
    const moved = (await world.store.connections.get(tenantId, stored.id))!;
    expect(moved.baseUrl).toBe('https://nuvolo.invalid/api?sysparm_limit=50');
    expect(openCredentials(world.deps.keyring, moved.secret, tenantId)).toEqual({
      username: 'admin',
      password: 'nuvolo-demo',
      fromUrl: { username: 'admin', password: SECRET, query: { sysparm_token: `${SECRET}-2` } },
    });
    expect((await world.store.connections.get(tenantId, clean.id))!.secret).toBe(clean.secret);
    const viewer = await world.as(world.acme.users.viewer);
    const shown = await viewer.get(`/api/connections/${stored.id}`);
    expect(shown.status).toBe(200);
    expect(shown.text).not.toContain(SECRET);
    // Run again at the next start: nothing left to move.
    expect(await moveUrlCredentials(world.deps)).toEqual([]);
  });
});
