import { startNuvolo, type NuvoloControl, type RunningSimulator } from '@isync/simulators';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiWorld, type ApiClient, type ApiWorld } from '../testing/api-world.js';
import { serverAddresses } from '../connections/host-policy.js';
import { NUVOLO_PASSWORD } from '../testing/simulator-connections.js';

/*
 * SSRF: where the platform refuses private hosts, no connection reaches one — not when it is saved with a
 * name that resolves inside, nor later when the name is rebound to a private address after it was saved —
 * unless the tenant's admin allowed that host. Every case that went the wrong way is a violation.
 */

const REFUSED = [
  '127.0.0.1',
  '127.1.2.3',
  '0.0.0.0',
  '10.0.0.5',
  '172.20.1.1',
  '192.168.0.10',
  '169.254.169.254',
  '100.100.100.200',
  '::1',
  '::',
  '::ffff:127.0.0.1',
  '::ffff:a9fe:a9fe',
  '64:ff9b::a00:1',
  'fd00:ec2::254',
  'fe80::1',
  'ff02::1',
];
const PUBLIC = ['203.0.113.10', '8.8.8.8', '2606:4700::1111'];
const LITERAL_URLS = [
  'http://127.0.0.1:8080',
  'http://2130706433',
  'http://0x7f.1',
  'http://localhost',
  'http://api.localhost',
  'http://[::1]:80',
  'http://[::ffff:7f00:1]',
  'http://169.254.169.254/latest/meta-data',
  'http://[fd00::1]',
];

const violations: string[] = [];
let cases = 0;
/** Counts a case and remembers it when the answer was not the expected one. */
function expectCase(what: string, expected: unknown, actual: unknown) {
  cases++;
  if (JSON.stringify(expected) !== JSON.stringify(actual))
    violations.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** The platform floor's own cases (loopback, link-local, metadata, 0.0.0.0/8, this server), counted apart. */
const floor = { cases: 0, violations: 0 };

afterAll(() => {
  console.log(`reliability: ssrf: ${cases} cases, ${violations.length} violations`);
  console.log(`reliability: floor: ${floor.cases} cases, ${floor.violations} violations`);
  expect(violations).toEqual([]);
});

describe('SSRF: connection hosts', () => {
  let world: ApiWorld;
  let nuvolo: RunningSimulator<NuvoloControl>;
  let admin: ApiClient;
  let editor: ApiClient;
  /** What each host name resolves to right now; a test changes it as a rebinding DNS server would. */
  let dns: Record<string, string[]>;

  beforeEach(async () => {
    world = await apiWorld();
    nuvolo = await startNuvolo({ records: 0 });
    world.deps.settings = { ...world.deps.settings, allowPrivateConnectionHosts: false };
    dns = {};
    world.deps.resolveHost = async (host) => {
      const found = dns[host];
      if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return found;
    };
    admin = await world.as(world.acme.users['tenant-admin']);
    editor = await world.as(world.acme.users.editor);
  });
  afterEach(async () => {
    await world.close();
    await nuvolo.close();
  });

  const create = (client: ApiClient, baseUrl: string) =>
    client.post('/api/connections', {
      system: 'nuvolo',
      name: 'ERP',
      baseUrl,
      authKind: 'basic',
      credentials: { username: 'admin', password: NUVOLO_PASSWORD },
    });
  const simulatorAt = (host: string) => `http://${host}:${new URL(nuvolo.url).port}`;
  const outcome = (answer: { status: number; json: Record<string, any> }) =>
    answer.status === 201 ? 'saved' : (answer.json.error?.code as string);

  it('refuses every private address at save time, literal or behind a name, and saves public ones', async () => {
    const nameFor = (address: string) => `to-${address.replace(/[.:]/g, '-')}.example`;
    for (const address of REFUSED) {
      dns[nameFor(address)] = [address];
      const answer = await create(editor, `https://${nameFor(address)}`);
      expectCase(`name resolving to ${address}`, 'connection_host_refused', outcome(answer));
    }
    for (const url of LITERAL_URLS) {
      expectCase(url, 'connection_host_refused', outcome(await create(editor, url)));
    }
    dns['mixed.example'] = ['203.0.113.10', '10.1.2.3'];
    expectCase(
      'public and private answer',
      'connection_host_refused',
      outcome(await create(editor, 'https://mixed.example')),
    );
    for (const address of PUBLIC) {
      dns[nameFor(address)] = [address];
      expectCase(
        `name resolving to ${address}`,
        'saved',
        outcome(await create(editor, `https://${nameFor(address)}`)),
      );
    }
  });

  it('refuses a saved connection whose name is rebound to a private address, when it is used', async () => {
    dns['erp.example.test'] = ['203.0.113.10'];
    const saved = await create(editor, simulatorAt('erp.example.test'));
    expect(saved.status).toBe(201);
    for (const address of ['127.0.0.1', '::ffff:127.0.0.1']) {
      dns['erp.example.test'] = [address];
      const tested = await editor.post(`/api/connections/${saved.json.id}/test`);
      expectCase(`test after rebinding to ${address}`, false, tested.json.ok);
      expectCase(
        `refusal named for ${address}`,
        true,
        /a loopback address/.test(tested.json.details?.error ?? ''),
      );
      expectCase(
        `refusal told to the user for ${address}`,
        true,
        /^iSync will not connect to Nuvolo: erp\.example\.test resolves to .*a loopback address; .*unless a tenant .+ allows this host\.$/.test(
          tested.json.message ?? '',
        ),
      );
      const described = await editor.get(`/api/connections/${saved.json.id}/describe`);
      expectCase(
        `describe after rebinding to ${address}`,
        [502, 'connection_failed'],
        [described.status, described.json.error?.code],
      );
    }
    expectCase('requests that reached the private host', [], nuvolo.control.requests());
  });

  it('lets a tenant admin allow a private host, audited, and only for that tenant', async () => {
    dns['erp.example.test'] = ['127.0.0.1'];
    expect(outcome(await create(editor, simulatorAt('erp.example.test')))).toBe('connection_host_refused');
    expect((await editor.put('/api/connection-hosts', { hosts: ['erp.example.test'] })).status).toBe(403);
    expect((await admin.put('/api/connection-hosts', { hosts: ['http://erp'] })).status).toBe(400);

    const saved = await admin.put('/api/connection-hosts', { hosts: ['ERP.example.test', '10.20.0.0/16'] });
    expect(saved).toMatchObject({ status: 200, json: { hosts: ['erp.example.test', '10.20.0.0/16'] } });
    expect((await editor.get('/api/connection-hosts')).json.hosts).toEqual([
      'erp.example.test',
      '10.20.0.0/16',
    ]);
    const connection = await create(editor, simulatorAt('erp.example.test'));
    expectCase('allowed host saved', 'saved', outcome(connection));
    expectCase(
      'allowed host tested',
      true,
      (await editor.post(`/api/connections/${connection.json.id}/test`)).json.ok,
    );
    dns['nas.example.test'] = ['10.20.5.5'];
    expectCase('allowed range', 'saved', outcome(await create(editor, 'https://nas.example.test')));
    dns['other.example.test'] = ['10.21.5.5'];
    expectCase(
      'outside the range',
      'connection_host_refused',
      outcome(await create(editor, 'https://other.example.test')),
    );

    const globex = await world.as(world.globex.users.editor);
    expectCase(
      'another tenant',
      'connection_host_refused',
      outcome(await create(globex, simulatorAt('erp.example.test'))),
    );

    const audit = await admin.get('/api/audit?action=connection-hosts.updated');
    expect(audit.json.items).toEqual([
      expect.objectContaining({ details: { hosts: ['erp.example.test', '10.20.0.0/16'] } }),
    ]);
  });

  it("keeps the tenant's other limits when a tenant admin changes a setting (regression)", async () => {
    const root = await world.as(world.platformAdmin);
    await root.patch(`/api/tenants/${world.acme.tenant.id}`, { limits: { maxIntegrations: 2 } });
    await admin.put('/api/connection-hosts', { hosts: ['10.1.0.0/16'] });
    await admin.put('/api/embed-origins', { origins: ['https://portal.acme.test'] });
    const { limits } = (await world.store.tenants.get(world.acme.tenant.id))!;
    expect(limits).toMatchObject({
      maxIntegrations: 2,
      allowedPrivateHosts: ['10.1.0.0/16'],
      allowedEmbedOrigins: ['https://portal.acme.test'],
    });
  });

  it('keeps the platform floor whatever the platform or a tenant admin allows, refusing without sending', async () => {
    const [casesBefore, violationsBefore] = [cases, violations.length];
    // Embedded defaults (private hosts allowed) and no operator exception: the floor alone refuses.
    world.deps.settings = {
      ...world.deps.settings,
      allowPrivateConnectionHosts: true,
      operatorAllowedHosts: [],
    };
    for (const hosts of [
      ['0.0.0.0/0', '::/0'],
      ['10.0.0.0/8'],
      ['127.0.0.1'],
      ['169.254.169.254'],
      ['fd00:ec2::254'],
    ]) {
      const answer = await admin.put('/api/connection-hosts', { hosts });
      expectCase(
        `allowing ${hosts.join(', ')}`,
        [400, 'host_not_allowed'],
        [answer.status, answer.json.error?.code],
      );
    }
    const wide = await admin.put('/api/connection-hosts', { hosts: ['0.0.0.0/0'] });
    expectCase('the refusal says why', true, /wider than a \/16/.test(wide.json.error?.message ?? ''));
    const root = await world.as(world.platformAdmin);
    const byPlatformAdmin = await root.patch(`/api/tenants/${world.acme.tenant.id}`, {
      limits: { allowedPrivateHosts: ['::/0'] },
    });
    expectCase('a platform admin widening a tenant', 400, byPlatformAdmin.status);
    expectCase('nothing was saved', [], (await admin.get('/api/connection-hosts')).json.hosts);

    for (const url of [
      nuvolo.url,
      'http://169.254.169.254/latest/meta-data',
      'http://0.0.0.0:80',
      'http://[::1]',
      'http://localhost',
    ]) {
      const answer = await create(editor, url);
      expectCase(`floor at save: ${url}`, 'connection_host_refused', outcome(answer));
      expectCase(
        `floor says who may lift it: ${url}`,
        true,
        /ISYNC_ALLOWED_HOSTS/.test(answer.json.error?.message ?? ''),
      );
    }
    // A name is checked at every connect: saved while it means nothing, refused when it points at the floor.
    dns['erp.example.test'] = ['203.0.113.10'];
    const saved = await create(editor, simulatorAt('erp.example.test'));
    expectCase('a name saves', 'saved', outcome(saved));
    for (const address of ['169.254.169.254', '127.0.0.1', '::ffff:127.0.0.1', '0.0.0.0']) {
      dns['erp.example.test'] = [address];
      const tested = await editor.post(`/api/connections/${saved.json.id}/test`);
      expectCase(`floor at connect: ${address}`, false, tested.json.ok);
    }
    const own = serverAddresses().find((address) => !address.startsWith('127.') && address !== '::1');
    if (own) {
      dns['erp.example.test'] = [own];
      const tested = await editor.post(`/api/connections/${saved.json.id}/test`);
      expectCase("floor at connect: the server's own address", false, tested.json.ok);
    }
    expectCase('requests that reached the floor', [], nuvolo.control.requests());

    // The operator allows loopback: a tenant admin may then allow it for the tenant's connections.
    world.deps.settings = {
      ...world.deps.settings,
      allowPrivateConnectionHosts: false,
      operatorAllowedHosts: ['127.0.0.0/8'],
    };
    expectCase(
      'allowing what the operator permits',
      200,
      (await admin.put('/api/connection-hosts', { hosts: ['127.0.0.1'] })).status,
    );
    expectCase(
      'operator-permitted and tenant-allowed loopback',
      'saved',
      outcome(await create(editor, `http://127.0.0.1:${new URL(nuvolo.url).port}`)),
    );
    expectCase(
      'metadata stays out',
      [400, 'host_not_allowed'],
      await admin
        .put('/api/connection-hosts', { hosts: ['169.254.0.0/16'] })
        .then((a) => [a.status, a.json.error?.code]),
    );
    floor.cases += cases - casesBefore;
    floor.violations += violations.length - violationsBefore;
  });

  it('allows loopback in embedded demo mode, and private addresses where the platform allows them', async () => {
    dns['sim.example.test'] = ['127.0.0.1'];
    world.deps.settings = { ...world.deps.settings, demoLoopbackConnectionHosts: true };
    expectCase('demo: loopback', 'saved', outcome(await create(editor, nuvolo.url)));
    expectCase('demo: private', 'connection_host_refused', outcome(await create(editor, 'http://10.0.0.5')));
    world.deps.settings = { ...world.deps.settings, allowPrivateConnectionHosts: true };
    expectCase('embedded: private', 'saved', outcome(await create(editor, 'http://10.0.0.5')));
  });
});
