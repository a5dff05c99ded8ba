import { startNuvolo } from '@isync/simulators';
import type { NuvoloControl, NuvoloOptions, RunningSimulator } from '@isync/simulators';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpError } from '../../http/index.js';
import type { Connector, ConnectorInput } from '../connector.js';
import { connectionTo, FAST_HTTP, walkAll } from '../test-support.js';
import { WORK_ORDERS } from './describe.js';
import { createNuvoloConnector } from './nuvolo.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

type Sim = RunningSimulator<NuvoloControl>;

async function nuvolo(options: NuvoloOptions = {}): Promise<Sim> {
  const sim = await startNuvolo({ records: 120, ...options });
  cleanups.push(() => sim.close());
  return sim;
}

const BASIC = { username: 'admin', password: 'nuvolo-demo' };
const OAUTH = { ...BASIC, clientId: 'isync', clientSecret: 'isync-secret' };

function connector(sim: Sim, overrides: Partial<ConnectorInput> = {}): Connector {
  const created = createNuvoloConnector({
    connection: connectionTo('nuvolo', sim.url, 'basic'),
    credentials: BASIC,
    http: FAST_HTTP,
    ...overrides,
  });
  cleanups.push(() => created.close());
  return created;
}

const oauthConnector = (sim: Sim, credentials: Record<string, unknown> = OAUTH) =>
  connector(sim, { connection: connectionTo('nuvolo', sim.url, 'oauth2-password'), credentials });

const workOrders = (c: Connector, updatedAfter: string | null = null, pageSize = 25) =>
  c.list({ object: WORK_ORDERS, updatedAfter, pageSize });

// Paging under churn, 429 pacing and exactly-once creates: the connector contract (nuvolo-contract.test.ts).
describe('Nuvolo connector: pulling work orders', () => {
  it('asks for changes since the cursor minus the overlap, in update order', async () => {
    const sim = await nuvolo();
    const { cursor } = await walkAll(workOrders(connector(sim)));
    sim.control.clearRequests();
    await walkAll(workOrders(connector(sim), cursor));
    const query = sim.control.requests()[0]?.query.sysparm_query ?? '';
    const [, day, time] = /dateGenerate\('([^']+)','([^']+)'\)/.exec(query) ?? [];
    expect(Date.parse(`${cursor!.replace(' ', 'T')}Z`) - Date.parse(`${day}T${time}Z`)).toBe(60_000);
    expect(query).toMatch(/^sys_updated_on>=javascript:gs\.dateGenerate\(.+\)\^ORDERBYsys_updated_on/);
  });

  it('unwraps reference fields to their sys_id', async () => {
    const sim = await nuvolo();
    const { records } = await walkAll(workOrders(connector(sim), null, 100));
    const located = records.find((r) => r.work_location !== '');
    expect(located?.work_location).toMatch(/^[0-9a-f]{32}$/);
  });

  it('renews an expired OAuth token mid-walk and carries on', async () => {
    const sim = await nuvolo({ tokenTtlSeconds: 60 });
    let pages = 0;
    const { records } = await walkAll(workOrders(oauthConnector(sim), null, 20), () => {
      if (++pages === 2) sim.control.advanceClock(61_000);
    });
    expect(records).toHaveLength(sim.control.rows(WORK_ORDERS).length);
    const grants = sim.control
      .requests({ path: '/oauth_token.do' })
      .map((r) => new URLSearchParams(r.body).get('grant_type'));
    expect(grants).toEqual(['password', 'refresh_token']);
  });

  it('retries 503s and completes', async () => {
    const sim = await nuvolo();
    sim.control.addFault({ path: `*/${WORK_ORDERS}`, fault: '503', times: 2 });
    const { records } = await walkAll(workOrders(connector(sim), null, 50));
    expect(records).toHaveLength(120);
    expect(sim.control.requests().filter((r) => r.status === 503)).toHaveLength(2);
  });
});

describe('Nuvolo connector: writing work orders', () => {
  it('creates, finds by correlation id and updates a work order, with references as sys_ids', async () => {
    const sim = await nuvolo();
    const c = connector(sim);
    const location = sim.control.rows('x_nuvo_eam_elocation')[0]!;
    const created = await c.create(WORK_ORDERS, {
      short_description: 'Leaking tap in 2.14',
      state: '2',
      work_location: location.name,
      correlation_id: 'pg-issue-0001',
    });
    expect(created.id).toMatch(/^[0-9a-f]{32}$/);
    expect(created.number).toMatch(/^FWO\d{7}$/);
    expect(created.fields.work_location).toBe(location.sys_id);

    const found = await c.findByCorrelation(WORK_ORDERS, 'correlation_id', 'pg-issue-0001');
    expect(found).toMatchObject({ id: created.id, number: created.number });
    expect(await c.findByCorrelation(WORK_ORDERS, 'correlation_id', 'pg-issue-^0002')).toBeNull();

    const updated = await c.update(WORK_ORDERS, created.id, { state: '3' });
    expect(updated).toMatchObject({ id: created.id, number: created.number, fields: { state: '3' } });
    expect(sim.control.rows(WORK_ORDERS).find((r) => r.sys_id === created.id)?.state).toBe('3');
    expect(await c.findOne('x_nuvo_eam_elocation', 'name', String(location.name))).toMatchObject({
      sys_id: location.sys_id,
    });
  });

  it('finds many work orders by one field: one IN query per 100 values, a value with a comma or a caret alone, the oldest first', async () => {
    const sim = await nuvolo({ records: 0 });
    const c = connector(sim);
    const insert = (number: string) =>
      sim.control.insert(WORK_ORDERS, { number, short_description: `Order ${number}`, state: '2' });
    const numbers = Array.from({ length: 150 }, (_, i) => `PG-${i + 1}`);
    const oldest = numbers.slice(0, 120).map(insert);
    sim.control.advanceClock(2000);
    insert('PG-1');
    const special = ['A,B', 'A^B'].map(insert);
    sim.control.clearRequests();

    const found = await c.findMany(WORK_ORDERS, 'number', [...numbers, 'A,B', 'A^B', '', 'PG-1']);
    expect(found.size).toBe(122);
    expect(found.get('PG-1')).toMatchObject({ id: oldest[0]!.sys_id, number: 'PG-1' });
    expect(found.get('PG-120')?.id).toBe(oldest[119]!.sys_id);
    expect(found.has('PG-121')).toBe(false);
    expect(found.get('A,B')?.id).toBe(special[0]!.sys_id);
    expect(found.get('A^B')?.id).toBe(special[1]!.sys_id);
    const queries = sim.control.requests({ method: 'GET' }).map((r) => r.query.sysparm_query);
    const order = '^ORDERBYsys_created_on^ORDERBYsys_id';
    expect(queries).toEqual([
      `numberIN${numbers.slice(0, 100).join(',')}${order}`,
      `numberIN${numbers.slice(100).join(',')}${order}`,
      `number=A,B${order}`,
      `number=A^^B${order}`,
    ]);
    expect(await c.findMany(WORK_ORDERS, 'number', [''])).toEqual(new Map());
    await expect(c.findMany(WORK_ORDERS, 'number^ORstate=2', ['x'])).rejects.toThrow('not a field name');
  });

  it('does not retry a 400 and quotes ServiceNow’s error message and detail', async () => {
    const sim = await nuvolo();
    const error = await connector(sim)
      .create(WORK_ORDERS, { short_description: 'x', state: 'Open ' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ kind: 'api-4xx', status: 400, attempts: 1, retryable: false });
    expect((error as Error).message).toContain("Invalid state value 'Open '");
    expect((error as Error).message).toContain('accepts');
    expect(sim.control.requests({ method: 'POST' })).toHaveLength(1);
  });
});

describe('Nuvolo connector: connection and description', () => {
  it('tests Basic and OAuth credentials, good and bad', async () => {
    const sim = await nuvolo();
    expect(await connector(sim).testConnection()).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^Connected to Nuvolo as .*admin/),
    });
    const wrong = await connector(sim, { credentials: { ...BASIC, password: 'guess' } }).testConnection();
    expect(wrong).toMatchObject({ ok: false, message: 'Nuvolo answered 401: wrong user name or password.' });
    expect((await oauthConnector(sim).testConnection()).ok).toBe(true);
    const badClient = await oauthConnector(sim, { ...OAUTH, clientSecret: 'nope' }).testConnection();
    expect(badClient).toMatchObject({ ok: false, message: expect.stringContaining('OAuth client') });
    expect(JSON.stringify([wrong, badClient])).not.toMatch(/guess|nope/);
  });

  it('describes tables from sys_dictionary with state choices from sys_choice', async () => {
    const sim = await nuvolo();
    sim.control.setChoices(WORK_ORDERS, 'state', [
      { value: '10', label: 'New' },
      { value: '20', label: 'Done' },
    ]);
    const { objects } = await connector(sim).describe();
    expect(objects.map((o) => o.name)).toEqual([WORK_ORDERS, 'x_nuvo_eam_elocation', 'sys_user']);
    const orders = objects[0]!;
    expect(orders.statusField).toBe('state');
    expect(orders.statuses).toEqual([
      { value: '10', label: 'New' },
      { value: '20', label: 'Done' },
    ]);
    expect(orders.fields).toContainEqual(
      expect.objectContaining({ name: 'short_description', type: 'string', required: true }),
    );
    expect(orders.fields).toContainEqual(
      expect.objectContaining({
        name: 'work_location',
        type: 'reference',
        reference: 'x_nuvo_eam_elocation',
      }),
    );
    expect(orders.fields).toContainEqual(expect.objectContaining({ name: 'due_date', type: 'datetime' }));
  });

  it('takes state choices from the connection when configured, and falls back to a built-in dictionary', async () => {
    const sim = await nuvolo();
    const configured = await connector(sim, {
      connection: connectionTo('nuvolo', sim.url, 'basic', { stateChoices: [{ value: '2', label: 'Open' }] }),
    }).describe();
    expect(configured.objects[0]!.statuses).toEqual([{ value: '2', label: 'Open' }]);

    sim.control.addFault({ path: '*/sys_dictionary', fault: '500', times: 1 });
    const builtIn = await connector(sim).describe();
    expect(builtIn.objects[0]!.fields).toContainEqual(
      expect.objectContaining({ name: 'correlation_id', type: 'string' }),
    );
    expect(builtIn.objects[0]!.statuses).toContainEqual({ value: '3', label: 'Work in Progress' });
  });
});
