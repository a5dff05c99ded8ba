import { startNuvolo, startPlanGrid } from '@isync/simulators';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connector } from '../connector.js';
import { connectionTo, FAST_HTTP, versionOf, walkAll } from '../test-support.js';
import type { RestDefinitionInput } from './definition.js';
import { createRestConnector } from './rest.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

const WORK_ORDERS = 'x_nuvo_eam_facilities_work_orders';

/** Nuvolo's Table API as configuration only: the STYLE.md example, completed. */
const serviceNow: RestDefinitionInput = {
  auth: { kind: 'basic', username: '{{secrets.user}}', password: '{{secrets.password}}' },
  objects: [
    { name: WORK_ORDERS, label: 'Work orders', fields: [{ name: 'short_description', required: true }] },
  ],
  idField: 'sys_id',
  numberField: 'number',
  statusField: 'state',
  list: {
    path: '/api/now/table/{{object}}',
    query: {
      sysparm_query: 'sys_updated_on>={{cursor}}^ORDERBYsys_updated_on',
      sysparm_limit: '{{pageSize}}',
      sysparm_exclude_reference_link: 'true',
    },
    records: '$.result',
    paginate: { kind: 'link-header' },
    cursor: { field: 'sys_updated_on', format: 'YYYY-MM-DD HH:mm:ss', initial: '1970-01-01 00:00:00' },
  },
  create: { method: 'POST', path: '/api/now/table/{{object}}', record: '$.result' },
  update: { method: 'PATCH', path: '/api/now/table/{{object}}/{{id}}', record: '$.result' },
  find: {
    path: '/api/now/table/{{object}}',
    query: { sysparm_query: '{{field}}={{value}}', sysparm_limit: '1' },
    records: '$.result',
  },
};

function rest(
  baseUrl: string,
  definition: RestDefinitionInput,
  credentials: Record<string, unknown>,
): Connector {
  const created = createRestConnector({
    connection: connectionTo('rest', baseUrl, 'basic', { definition }),
    credentials,
    http: FAST_HTTP,
  });
  cleanups.push(() => created.close());
  return created;
}

async function nuvoloThroughRest(definition = serviceNow) {
  const sim = await startNuvolo({ records: 90 });
  cleanups.push(() => sim.close());
  return { sim, c: rest(sim.url, definition, { user: 'admin', password: 'nuvolo-demo' }) };
}

describe('generic REST connector, configured for the Nuvolo Table API', () => {
  it('lists work orders by following the Link header, then only what changed since the cursor', async () => {
    const { sim, c } = await nuvoloThroughRest();
    const all = await walkAll(c.list({ object: WORK_ORDERS, updatedAfter: null, pageSize: 20 }));
    expect(all.records).toHaveLength(90);
    expect(all.pages.length).toBeGreaterThanOrEqual(5);
    expect(new Set(all.records.map((r) => r.sys_id)).size).toBe(90);
    expect(sim.control.requests().filter((r) => r.query.sysparm_offset !== undefined).length).toBeGreaterThan(
      3,
    );

    sim.control.advanceClock(3_600_000);
    const { updated } = sim.control.churn({ update: 3 });
    const changed = await walkAll(c.list({ object: WORK_ORDERS, updatedAfter: all.cursor, pageSize: 20 }));
    // The changes, plus whatever lies in the overlap window just before the cursor.
    const ids = changed.records.map((r) => r.sys_id);
    expect(ids).toEqual(expect.arrayContaining(updated));
    const overlapped = changed.records.filter((r) => !updated.includes(String(r.sys_id)));
    expect(overlapped.every((r) => String(r.sys_updated_on) <= all.cursor!)).toBe(true);
    expect(overlapped.length).toBeLessThan(5);
  });

  it('pages by offset and limit when configured so', async () => {
    const { c } = await nuvoloThroughRest({
      ...serviceNow,
      list: {
        ...serviceNow.list,
        query: { sysparm_query: 'ORDERBYsys_id' },
        paginate: { kind: 'offset', offsetParam: 'sysparm_offset', limitParam: 'sysparm_limit' },
      },
    });
    const all = await walkAll(c.list({ object: WORK_ORDERS, updatedAfter: null, pageSize: 25 }));
    expect(all.records).toHaveLength(90);
    expect(all.pages).toHaveLength(4);
  });

  it('creates, finds by correlation and updates a work order', async () => {
    const { sim, c } = await nuvoloThroughRest();
    const created = await c.create(WORK_ORDERS, {
      short_description: 'Door closer',
      state: '2',
      correlation_id: 'pg-7',
    });
    expect(created.number).toMatch(/^FWO\d{7}$/);
    expect(await c.findByCorrelation(WORK_ORDERS, 'correlation_id', 'pg-7')).toMatchObject({
      id: created.id,
    });
    expect(await c.findByCorrelation(WORK_ORDERS, 'correlation_id', 'pg-8')).toBeNull();
    const updated = await c.update(WORK_ORDERS, created.id, { state: '3' });
    expect(updated.fields.state).toBe('3');
    expect(sim.control.rows(WORK_ORDERS).find((r) => r.sys_id === created.id)?.state).toBe('3');
  });

  it('finds many work orders through its find endpoint, one value at a time', async () => {
    const { sim, c } = await nuvoloThroughRest();
    const [first, second] = sim.control.rows(WORK_ORDERS);
    sim.control.clearRequests();
    const found = await c.findMany(WORK_ORDERS, 'number', [
      first!.number!,
      second!.number!,
      'FWO9999999',
      '',
    ]);
    expect([...found.entries()].map(([value, ref]) => [value, ref.id, ref.number]).sort()).toEqual(
      [
        [first!.number, first!.sys_id, first!.number],
        [second!.number, second!.sys_id, second!.number],
      ].sort(),
    );
    expect(sim.control.requests()).toHaveLength(3);
  });

  it('tests the connection and rejects an invalid definition with a readable message', async () => {
    const { sim, c } = await nuvoloThroughRest();
    expect(await c.testConnection()).toMatchObject({ ok: true });
    const wrong = rest(sim.url, serviceNow, { user: 'admin', password: 'nope' });
    expect(await wrong.testConnection()).toMatchObject({
      ok: false,
      message: expect.stringContaining('refused'),
    });
    expect(() =>
      rest(sim.url, { ...serviceNow, list: { ...serviceNow.list, records: 'result' } }, {}),
    ).toThrow(/\$\.list\.records: a path like \$, \$\.result/);
  });
});

describe('generic REST connector: offset paging while the source changes', () => {
  /** Offset paging over the Table API ordered by sys_updated_on, re-anchoring on it (or not). */
  const byOffset = (order: 'ascending' | 'none'): RestDefinitionInput => ({
    ...serviceNow,
    list: {
      ...serviceNow.list,
      query: { sysparm_query: 'sys_updated_on>={{cursor}}^ORDERBYsys_updated_on^ORDERBYsys_id' },
      paginate: { kind: 'offset', offsetParam: 'sysparm_offset', limitParam: 'sysparm_limit' },
      cursor: { ...serviceNow.list.cursor, order },
    },
  });

  /** Walks 120 work orders 10 a page; after each page, 3 records change and move to the end of the order. */
  async function walkWhileChanging(order: 'ascending' | 'none') {
    const sim = await startNuvolo({ records: 120, rateLimit: false });
    cleanups.push(() => sim.close());
    const before = sim.control.rows(WORK_ORDERS).map((row) => row.sys_id);
    const c = rest(sim.url, byOffset(order), { user: 'admin', password: 'nuvolo-demo' });
    const walked = await walkAll(c.list({ object: WORK_ORDERS, updatedAfter: null, pageSize: 10 }), () => {
      sim.control.advanceClock(2000);
      // A changed record that was read moves behind the offset: every record not read yet shifts forward.
      sim.control.churn({ update: 3 });
    });
    const seen = new Set(walked.records.map((r) => r.sys_id));
    return { lost: before.filter((id) => !seen.has(id)), walked };
  }

  it('re-anchors every page at the last sys_updated_on read, so no record is skipped or repeated', async () => {
    const { lost, walked } = await walkWhileChanging('ascending');
    expect(lost).toEqual([]);
    const versions = walked.records.map((r) => versionOf(r, 'sys_id', 'sys_mod_count'));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('would skip records with plain offsets, which is why it re-anchors', async () => {
    const { lost } = await walkWhileChanging('none');
    expect(lost.length).toBeGreaterThan(0);
  });
});

describe('generic REST connector, configured for PlanGrid', () => {
  it('follows a next-page URL found in the body, with an API key as Basic user', async () => {
    const sim = await startPlanGrid({ records: 60, rateLimit: false });
    cleanups.push(() => sim.close());
    const project = sim.control.projects()[0]!.uid;
    const c = rest(
      sim.url,
      {
        auth: { kind: 'basic', username: '{{secrets.apiKey}}' },
        headers: { accept: 'application/vnd.plangrid+json; version=1' },
        objects: [{ name: 'issues' }],
        idField: 'uid',
        list: {
          path: `/projects/${project}/{{object}}`,
          query: { updated_after: '{{cursor?}}', limit: '{{pageSize}}' },
          records: '$.data',
          paginate: { kind: 'next-url', path: '$.next_page_url' },
          cursor: { field: 'updated_at' },
        },
      },
      { apiKey: 'pg-demo-key' },
    );
    const { records, pages } = await walkAll(c.list({ object: 'issues', updatedAfter: null, pageSize: 10 }));
    expect(records.length).toBeGreaterThan(10);
    expect(pages.length).toBe(Math.ceil(records.length / 10));
  });
});
