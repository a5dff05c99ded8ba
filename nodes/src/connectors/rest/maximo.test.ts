import { MAXIMO_API_KEY, startMaximo } from '@isync/simulators';
import type { MaximoControl, MaximoOptions, RunningSimulator } from '@isync/simulators';
import { afterEach, describe, expect, it } from 'vitest';
import { PushRefused } from '../../destination/runtime.js';
import { HttpError } from '../../http/index.js';
import type { Connector } from '../connector.js';
import { connectorFor } from '../index.js';
import { connectionTo, FAST_HTTP, versionOf, walkAll } from '../test-support.js';

/*
 * IBM Maximo Manage through the generic engine and the shipped definition alone (definitions/maximo.json):
 * the contract every connector passes — paging under churn, exactly-once create after a lost response,
 * 429 pacing — and Maximo's own ways (method override, properties header, synonym domain statuses).
 */

const WO = 'mxapiwodetail';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function maximo(options: MaximoOptions = {}): Promise<RunningSimulator<MaximoControl>> {
  const sim = await startMaximo({ records: 60, rateLimit: false, ...options });
  cleanups.push(() => sim.close());
  return sim;
}

function connector(
  sim: RunningSimulator<MaximoControl>,
  apiKey = MAXIMO_API_KEY,
  http = FAST_HTTP,
): Connector {
  const created = connectorFor('maximo')({
    connection: connectionTo('maximo', sim.url, 'api-key'),
    credentials: { apiKey },
    http,
  });
  cleanups.push(() => created.close());
  return created;
}

const workOrders = (c: Connector, updatedAfter: string | null = null, pageSize = 10) =>
  c.list({ object: WO, updatedAfter, pageSize });
const version = (row: Record<string, unknown>) => versionOf(row, 'href', '_rowstamp');
const hrefsOf = (sim: RunningSimulator<MaximoControl>) =>
  sim.control.rows(WO).map((row) => `${sim.url}/maximo/api/os/${WO}/${String(row.__restid)}`);

describe('Maximo by definition: pulling work orders', () => {
  it('pages by pageno re-anchored on changedate while work orders change, losing none and repeating none', async () => {
    const sim = await maximo({ records: 150 });
    const before = hrefsOf(sim);
    const c = connector(sim);
    const first = await walkAll(workOrders(c), () => {
      sim.control.advanceClock(1000);
      sim.control.churn({ create: 1, update: 2, statusChange: 1 });
    });
    const versions = first.records.map(version);
    expect(new Set(versions).size).toBe(versions.length);
    const seen = new Set(first.records.map((r) => r.href));
    expect(before.filter((href) => !seen.has(href))).toEqual([]);
    const lists = sim.control.requests({ method: 'GET', path: `/maximo/api/os/${WO}` });
    expect(lists[0]!.query).toMatchObject({
      lean: '1',
      'oslc.select': '*',
      'oslc.where': 'changedate>="1970-01-01T00:00:00+00:00"',
      'oslc.orderBy': '+changedate',
      'oslc.pageSize': '10',
      pageno: '1',
    });

    sim.control.advanceClock(3_600_000);
    const { updated } = sim.control.churn({ update: 3 });
    const second = await walkAll(workOrders(c, first.cursor));
    const changed = new Set(updated.map((id) => `${sim.url}/maximo/api/os/${WO}/${id}`));
    expect(second.records.filter((r) => changed.has(String(r.href)))).toHaveLength(changed.size);
    // The cursor is written in Maximo's form (seconds, +00:00), one minute of lookback before it.
    const since = sim.control.requests({ method: 'GET', path: `/maximo/api/os/${WO}` }).at(-1)!.query[
      'oslc.where'
    ];
    expect(since).toMatch(/^changedate>="\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00"$/);
  });

  it('waits what Retry-After says after a 429 and completes', async () => {
    const sim = await maximo({ records: 30, rateLimit: { limit: 4, windowSeconds: 1 } });
    const { records } = await walkAll(workOrders(connector(sim), null, 5));
    expect(records).toHaveLength(30);
    const log = sim.control.requests();
    const limited = log.find((r) => r.status === 429)!;
    expect(limited).toBeDefined();
    const retried = log.find((r) => r.seq > limited.seq)!;
    expect(Date.parse(retried.at) - Date.parse(limited.at)).toBeGreaterThanOrEqual(1000);
  });

  it('describes work orders with statuses from the WOSTATUS synonym domain', async () => {
    const sim = await maximo({ records: 0 });
    const description = await connector(sim).describe();
    const orders = description.objects.find((o) => o.name === WO)!;
    expect(orders.statuses.map((s) => s.value)).toEqual([
      'WAPPR',
      'APPR',
      'WSCH',
      'WMATL',
      'INPRG',
      'COMP',
      'CLOSE',
      'CAN',
    ]);
    expect(orders.statuses[0]).toEqual({ value: 'WAPPR', label: 'Waiting on Approval' });
    expect(orders.statusField).toBe('status');
    expect(orders.fields.find((f) => f.name === 'externalrefid')).toMatchObject({ type: 'string' });
    expect(description.objects.map((o) => o.name)).toEqual([WO, 'mxapioperloc', 'mxapiperson']);
  });
});

describe('Maximo by definition: writing work orders', () => {
  it('creates with the properties header, updates by POST with x-method-override: PATCH and patchtype MERGE', async () => {
    const sim = await maximo({ records: 0 });
    const c = connector(sim);
    const created = await c.create(WO, { description: 'Leak', location: 'HQ-101', externalrefid: 'pg-1' });
    expect(created).toMatchObject({
      number: '1001',
      id: expect.stringMatching(/\/maximo\/api\/os\/mxapiwodetail\/_/),
    });
    expect(created.fields).toMatchObject({ status: 'WAPPR', siteid: 'BEDFORD' });
    const updated = await c.update(WO, created.id, { status: 'INPRG' });
    expect(updated).toMatchObject({ id: created.id, number: '1001', fields: { status: 'INPRG' } });
    const writes = sim.control.requests({ method: 'POST' });
    expect(writes.map((r) => [r.path, r.methodOverride ?? null])).toEqual([
      [`/maximo/api/os/${WO}`, null],
      [new URL(created.id).pathname, 'PATCH'],
    ]);
    expect(JSON.parse(writes[1]!.body!)).toEqual({ status: 'INPRG' });
    expect(await c.findByCorrelation(WO, 'externalrefid', 'pg-1')).toMatchObject({ id: created.id });
    expect(await c.findByCorrelation(WO, 'externalrefid', 'pg-2')).toBeNull();
  });

  it('finds many by one oslc.where "in" query, and looks locations and people up', async () => {
    const sim = await maximo({ records: 0 });
    const c = connector(sim);
    for (const ref of ['a', 'b', 'c']) await c.create(WO, { description: ref, externalrefid: `pg-${ref}` });
    sim.control.clearRequests();
    const found = await c.findMany(WO, 'externalrefid', ['pg-a', 'pg-c', 'pg-x', '']);
    expect([...found.keys()].sort()).toEqual(['pg-a', 'pg-c']);
    expect(sim.control.requests().map((r) => r.query['oslc.where'])).toEqual([
      'externalrefid in ["pg-a","pg-c","pg-x"]',
    ]);
    expect(await c.findOne('mxapiperson', 'primaryemail', 'emma.rossi@example.com')).toMatchObject({
      personid: 'EROSSI',
    });
    expect(await c.findOne('mxapioperloc', 'description', 'HQ Tower Restroom 1.03')).toMatchObject({
      location: 'HQ-103',
    });
  });

  it('makes a create whose answer was lost exactly once: not repeated, found again by its correlation', async () => {
    const sim = await maximo({ records: 0 });
    const c = connector(sim);
    sim.control.addFault({ path: `/maximo/api/os/${WO}`, method: 'POST', fault: 'truncated', times: 1 });
    const lost = await c
      .create(WO, { description: 'Lost answer', externalrefid: 'pg-9' })
      .catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(HttpError);
    expect(lost).toMatchObject({ attempts: 1 });
    expect(sim.control.rows(WO)).toHaveLength(1);
    // What the push does on its next try: look the record up before creating it again.
    expect(await c.findByCorrelation(WO, 'externalrefid', 'pg-9')).toMatchObject({ number: '1001' });
    expect(sim.control.requests({ method: 'POST' })).toHaveLength(1);
  });

  it('says what to fix: a refused value is a data error, a refused key a configuration error', async () => {
    const sim = await maximo({ records: 0 });
    const refused = await connector(sim)
      .create(WO, { description: 'x', status: 'OPEN' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PushRefused);
    expect(refused).toMatchObject({
      kind: 'validation',
      message: expect.stringContaining('BMXAA4190E - WOSTATUS OPEN is not in the value list'),
    });
    const wrongKey = connector(sim, 'wrong-key');
    const listed = await walkAll(workOrders(wrongKey)).catch((e: unknown) => e);
    expect(listed).toBeInstanceOf(HttpError);
    expect(listed).toMatchObject({
      status: 401,
      retryable: false,
      message: expect.stringContaining('create a new API key'),
    });
    expect(await wrongKey.testConnection()).toMatchObject({
      ok: false,
      message: expect.stringContaining('API key'),
    });
    expect(await connector(sim).testConnection()).toMatchObject({ ok: true });
  });
});
