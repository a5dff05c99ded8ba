import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sealCredentials } from '@isync/core';
import { MemoryLoginThrottle } from '../auth/throttle.js';
import { moveUrlCredentials } from '../connections/url-credentials.js';
import { apiWorld, ApiClient, overHttp, PASSWORD, type ApiWorld } from '../testing/api-world.js';
import { CaseTally } from '../testing/case-tally.js';
import { serveOnLoopback } from '../testing/loopback-server.js';
import { TenantObjects } from '../testing/tenant-objects.js';

/*
 * Nothing one tenant stores or sends harms another tenant, the server or stored data: each part replays
 * the reproductions of issue 17 as a hostile tenant would send them, and every answer that is not the
 * safe one is a violation. (Schedules and restarts: schedules.test.ts; the outbound floor: ssrf.test.ts.)
 */

const parts = {
  'wizard-steps': new CaseTally(),
  limits: new CaseTally(),
  'url-credentials': new CaseTally(),
  malformed: new CaseTally(),
  'forwarded-for': new CaseTally(),
  'sign-in': new CaseTally(),
};

afterAll(() => {
  for (const [name, tally] of Object.entries(parts)) console.log(tally.line(name));
  expect(Object.values(parts).flatMap((tally) => tally.violations)).toEqual([]);
});

const is = (expected: unknown, actual: unknown) =>
  JSON.stringify(expected) === JSON.stringify(actual)
    ? null
    : `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;

let world: ApiWorld;
let objects: TenantObjects;
beforeEach(async () => {
  world = await apiWorld();
  objects = new TenantObjects(world.deps, {
    plangrid: 'https://plangrid.invalid',
    nuvolo: 'https://nuvolo.invalid',
  });
});
afterEach(() => world.close());

describe('every body form of every wizard step keeps what it does not mention', () => {
  it('keeps the field map through a whole-flow save and each lists form', async () => {
    const tally = parts['wizard-steps'];
    const editor = await world.as(world.acme.users.editor);
    const tenantId = world.acme.tenant.id;
    const source = await objects.create('source-connection', tenantId, world.acme.users.editor.id);
    const id = (await editor.post('/api/integrations', { title: 'Kept', description: '' })).json.id;
    const create = [{ target: 'short_description', value: { kind: 'path', path: 'title' } }];
    const update = [{ target: 'state', value: { kind: 'constant', value: 'open' } }];
    await editor.put(`/api/integrations/${id}/source`, {
      connectionId: source,
      object: 'issues',
      project: 'p',
    });
    await editor.put(`/api/integrations/${id}/mappings`, { create, update });
    const fieldMap = async () =>
      (
        (await editor.get(`/api/integrations/${id}/flow`)).json.nodes as {
          type: string;
          data: { config: unknown };
        }[]
      ).find((node) => node.type === 'field-map')?.data.config;
    const flow = (await editor.get(`/api/integrations/${id}/flow`)).json;
    tally.check(
      'the whole-flow body answers 200',
      is(200, (await editor.put(`/api/integrations/${id}/mappings`, { flow })).status),
    );
    tally.check('the whole-flow body keeps both lists', is({ create, update }, await fieldMap()));
    await editor.put(`/api/integrations/${id}/mappings`, { create: [] });
    tally.check('a create-only body keeps update', is({ create: [], update }, await fieldMap()));
    await editor.put(`/api/integrations/${id}/mappings`, { update: [] });
    tally.check('an update-only body keeps create', is({ create: [], update: [] }, await fieldMap()));
    tally.check(
      'a body of both forms is refused',
      is(400, (await editor.put(`/api/integrations/${id}/mappings`, { flow, create })).status),
    );
    await editor.put(`/api/integrations/${id}/source`, { connectionId: source, object: 'issues' });
    const sourceConfig = (
      (await editor.get(`/api/integrations/${id}/flow`)).json.nodes as {
        type: string;
        data: { config: Record<string, unknown> };
      }[]
    ).find((node) => node.type === 'source')?.data.config;
    tally.check('a source body without project keeps it', is('p', sourceConfig?.project));
    expect(tally.violations).toEqual([]);
  });
});

describe('limits hold on every path, and a suspended tenant stops', () => {
  it('re-enabling, accepting an invitation and lowering a limit cannot pass maxUsers', async () => {
    const tally = parts.limits;
    const admin = await world.as(world.acme.users['tenant-admin']);
    const root = await world.as(world.platformAdmin);
    await world.store.tenants.update(world.acme.tenant.id, { limits: { maxUsers: 5 } });
    const add = (n: number) =>
      admin.post('/api/users', {
        email: `u${n}@acme.test`,
        name: `U ${n}`,
        role: 'viewer',
        password: 'lantern orbit velvet cactus',
      });
    const fourth = (await add(4)).json.user.id;
    await add(5);
    tally.check('the 6th user', is(409, (await add(6)).status));
    await admin.patch(`/api/users/${fourth}`, { status: 'disabled' });
    tally.check('a user in the freed place', is(201, (await add(6)).status));
    tally.check(
      'enabling the disabled user again (6 of 5)',
      is(409, (await admin.patch(`/api/users/${fourth}`, { status: 'active' })).status),
    );
    tally.check(
      'lowering maxUsers under the users there are',
      is(409, (await root.patch(`/api/tenants/${world.acme.tenant.id}`, { limits: { maxUsers: 3 } })).status),
    );
    const active = (await admin.get('/api/users')).json.items.filter(
      (user: { status: string }) => user.status !== 'disabled',
    ).length;
    tally.check('users that count', is(5, active));

    const created = await world.store.integrations.create(world.acme.tenant.id, {
      title: 'S',
      description: '',
    });
    await world.store.integrations.update(world.acme.tenant.id, created.id, {
      status: 'active',
      planVersion: 1,
    });
    await world.scheduler.sync(world.acme.tenant.id, created.id);
    await root.patch(`/api/tenants/${world.acme.tenant.id}`, { status: 'suspended' });
    tally.check(
      'a suspended tenant’s schedule',
      is(null, await world.scheduler.nextRunAt(world.acme.tenant.id, created.id)),
    );
    await root.patch(`/api/tenants/${world.acme.tenant.id}`, { status: 'active' });
    tally.check(
      'a resumed tenant’s schedule',
      (await world.scheduler.nextRunAt(world.acme.tenant.id, created.id)) ? null : 'not scheduled again',
    );
    expect(tally.violations).toEqual([]);
  });
});

describe('credentials never live in connection URLs', () => {
  it('refuses them when saved and moves stored ones into the sealed secret', async () => {
    const tally = parts['url-credentials'];
    const admin = await world.as(world.acme.users['tenant-admin']);
    for (const baseUrl of [
      'http://user:secret@nuvolo.invalid',
      'https://nuvolo.invalid/?sysparm_token=secret',
      'https://nuvolo.invalid/?access_token=secret',
      'https://nuvolo.invalid/?password=secret',
    ]) {
      const answer = await admin.post('/api/connections', {
        system: 'nuvolo',
        name: 'N',
        baseUrl,
        authKind: 'basic',
        credentials: { username: 'admin', password: 'nuvolo-demo' },
      });
      tally.check(baseUrl, is([400, 'credentials_in_url'], [answer.status, answer.json.error?.code]));
    }
    const tenantId = world.acme.tenant.id;
    const stored = await world.store.connections.create(tenantId, {
      system: 'nuvolo',
      name: 'Old',
      baseUrl: 'https://admin:stored-secret@nuvolo.invalid/?sysparm_token=stored-token',
      authKind: 'basic',
      secret: sealCredentials(world.deps.keyring, { username: 'admin', password: 'x' }, tenantId),
    });
    await moveUrlCredentials(world.deps);
    const viewer = await world.as(world.acme.users.viewer);
    const shown = (await viewer.get(`/api/connections/${stored.id}`)).text;
    tally.check('a viewer no longer sees a stored password', shown.includes('stored-secret') ? shown : null);
    tally.check('a viewer no longer sees a stored token', shown.includes('stored-token') ? shown : null);
    expect(tally.violations).toEqual([]);
  });
});

describe('malformed requests', () => {
  it('answers broken paths and over-deep JSON with 400s', async () => {
    const tally = parts.malformed;
    for (const path of ['/%', '/%E0%A4%A', '/api/%zz', '/assets/%C0%']) {
      const answer = await world.app.request(path);
      tally.check(`GET ${path}`, is(400, answer.status));
    }
    const deep = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
    for (const levels of [65, 1000, 5000]) {
      const answer = await world.anonymous().post('/api/auth/login', deep(levels));
      tally.check(
        `JSON ${levels} levels deep`,
        is([400, 'too_deep'], [answer.status, answer.json?.error?.code]),
      );
    }
    expect(tally.violations).toEqual([]);
  });
});

describe('X-Forwarded-For', () => {
  it('cannot reset the per-address sign-in limit from a loopback peer, over a real socket', async () => {
    const tally = parts['forwarded-for'];
    world.deps.throttle = new MemoryLoginThrottle({ perAccount: 50, perAddress: 5, windowMs: 15 * 60_000 });
    const server = await serveOnLoopback(world.app);
    try {
      const client = new ApiClient(overHttp(server.url), world.transcript);
      const attempt = (n: number) =>
        client.request(
          'POST',
          '/api/auth/login',
          { email: world.acme.users.viewer.email, password: `wrong ${n}` },
          { 'x-forwarded-for': `203.0.113.${n}` },
        );
      for (let n = 1; n <= 5; n++) tally.check(`failure ${n}`, is(401, (await attempt(n)).status));
      tally.check('a 6th failure under a new X-Forwarded-For', is(429, (await attempt(6)).status));
    } finally {
      await server.close();
    }
    expect(tally.violations).toEqual([]);
  });
});

describe('signing in, passwords, tokens and outbound calls', () => {
  it('holds every weaker point of the issue', async () => {
    const tally = parts['sign-in'];
    const admin = await world.as(world.acme.users['tenant-admin']);
    const editor = await world.as(world.acme.users.editor);
    const viewer = await world.as(world.acme.users.viewer);

    // A planted session cookie: the sign-in answers 200 and the planted session ends.
    const planted = await world.as(world.globex.users.viewer);
    const cookie = (planted as unknown as { cookie: string }).cookie;
    const signIn = await world.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ email: world.acme.users.editor.email, password: PASSWORD }),
    });
    tally.check('a sign-in with a planted cookie', is(200, signIn.status));
    tally.check('the planted session after it', is(401, (await planted.get('/api/auth/me')).status));

    for (const password of ['aaaaaaaaaaaa', ' '.repeat(12), 'password1234']) {
      const weak = await admin.post('/api/users', {
        email: 'w@acme.test',
        name: 'W',
        role: 'viewer',
        password,
      });
      tally.check(`the password ${JSON.stringify(password)}`, is(400, weak.status));
    }
    const elsewhere = await admin.post('/api/users', {
      email: world.globex.users.editor.email,
      name: 'X',
      role: 'viewer',
    });
    tally.check('an email of another tenant', /globex/i.test(elsewhere.text) ? elsewhere.text : null);

    const minted = (await editor.post('/api/auth/tokens', { name: 'CI', scopes: ['read'] })).json;
    const token = world.withToken(minted.token);
    tally.check(
      'a read token writing',
      is(403, (await token.post('/api/integrations', { title: 'x', description: '' })).status),
    );
    tally.check(
      'a token minting a token',
      is(403, (await token.post('/api/auth/tokens', { name: 'child' })).status),
    );
    tally.check(
      'an admin revoking a member’s token',
      is(200, (await admin.delete(`/api/auth/tokens/${minted.apiToken.id}`)).status),
    );
    const second = (await editor.post('/api/auth/tokens', { name: 'CI 2' })).json.token;
    await admin.patch(`/api/users/${world.acme.users.editor.id}`, { status: 'disabled' });
    await admin.patch(`/api/users/${world.acme.users.editor.id}`, { status: 'active' });
    tally.check(
      'a token after its user was disabled and enabled',
      is(401, (await world.withToken(second).get('/api/integrations')).status),
    );

    // A system answering every request with a redirect, on loopback (which the operator allows here).
    const redirecting = createServer((_req, res) => res.writeHead(302, { location: '/login' }).end());
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    try {
      const port = (redirecting.address() as AddressInfo).port;
      const editorAgain = await world.as(world.acme.users.editor);
      const connection = await editorAgain.post('/api/connections', {
        system: 'nuvolo',
        name: 'Redirecting',
        baseUrl: `http://127.0.0.1:${port}`,
        authKind: 'basic',
        credentials: { username: 'admin', password: 'nuvolo-demo' },
      });
      tally.check(
        'a viewer testing a connection',
        is(403, (await viewer.post(`/api/connections/${connection.json.id}/test`)).status),
      );
      const tested = await editorAgain.post(`/api/connections/${connection.json.id}/test`);
      tally.check('a redirect is not a working connection', is(false, tested.json.ok));
    } finally {
      redirecting.closeAllConnections();
      await new Promise((resolve) => redirecting.close(resolve));
    }

    const page = await world.app.request('/api/auth/me');
    tally.check('nosniff', is('nosniff', page.headers.get('x-content-type-options')));
    tally.check(
      'frame-ancestors',
      page.headers.get('content-security-policy')?.includes("frame-ancestors 'self'") ? null : 'missing',
    );
    const audited = (await admin.get('/api/audit?action=user.signed-in')).json.items.length;
    tally.check('sign-ins are audited', audited > 0 ? null : 'no user.signed-in entry');
    expect(tally.violations).toEqual([]);
  });
});
