import { afterEach, describe, expect, it } from 'vitest';
import { basic, json, nuvoloHeaders as headers, sendJson } from '../test-support.js';
import type { NuvoloOptions } from './server.js';
import { startNuvolo } from './server.js';

const WO = 'x_nuvo_eam_facilities_work_orders';
type Result = Record<string, any>;

const running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function nuvolo(options: NuvoloOptions = {}) {
  const sim = await startNuvolo({ records: 40, ...options });
  running.push(sim);
  const call = (path: string, init: RequestInit = {}) =>
    fetch(path.startsWith('http') ? path : sim.url + path, {
      ...init,
      headers: { ...headers, ...(init.headers as Record<string, string>) },
    });
  const list = async (query = '') =>
    (await json<{ result: Result[] }>(call(`/api/now/table/${WO}?${query}`))).result;
  return { ...sim, call, list };
}

describe('Nuvolo simulator: Table API records', () => {
  it('creates a work order with 201, a sys_id, a number and system fields', async () => {
    const sim = await nuvolo();
    const response = await sim.call(
      `/api/now/table/${WO}`,
      sendJson('POST', { short_description: 'Leak', state: '2', nonsense: 'ignored' }),
    );
    expect(response.status).toBe(201);
    const { result } = await json(response);
    expect(result.sys_id).toMatch(/^[0-9a-f]{32}$/);
    expect(result.number).toBe('FWO0001041');
    expect(result).toMatchObject({
      short_description: 'Leak',
      state: '2',
      sys_created_by: 'admin',
      sys_updated_by: 'admin',
      sys_mod_count: '0',
    });
    expect(result.sys_created_on).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(result).not.toHaveProperty('nonsense');
    expect(response.headers.get('location')).toBe(`${sim.url}/api/now/table/${WO}/${result.sys_id}`);
  });

  it('updates with PATCH and PUT (200, mod count up) and deletes with 204', async () => {
    const sim = await nuvolo();
    const [first] = await sim.list('sysparm_limit=1');
    const path = `/api/now/table/${WO}/${first!.sys_id}`;
    const patched = await sim.call(path, sendJson('PATCH', { state: '3' }));
    expect(patched.status).toBe(200);
    expect((await json(patched)).result).toMatchObject({
      state: '3',
      sys_mod_count: String(Number(first!.sys_mod_count) + 1),
    });
    const put = await sim.call(path, sendJson('PUT', { priority: '1' }));
    expect(put.status).toBe(200);
    expect((await json(put)).result).toMatchObject({ state: '3', priority: '1' });
    expect((await sim.call(path, { method: 'DELETE' })).status).toBe(204);
    const gone = await sim.call(path);
    expect(gone.status).toBe(404);
    expect(await json(gone)).toEqual({
      error: { message: 'No Record found', detail: expect.any(String) },
      status: 'failure',
    });
  });

  it('serves the same API under /api/now/v1/table and /api/now/v2/table', async () => {
    const sim = await nuvolo();
    for (const base of ['/api/now/v1/table', '/api/now/v2/table']) {
      const { result } = await json(sim.call(`${base}/${WO}?sysparm_limit=2`));
      expect(result).toHaveLength(2);
    }
  });

  it('answers an empty list with 404 on v1 and with an empty result on v2 and unversioned', async () => {
    const sim = await nuvolo();
    const query = 'sysparm_query=short_description=nothing-like-this';
    const v1 = await sim.call(`/api/now/v1/table/${WO}?${query}`);
    expect(v1.status).toBe(404);
    expect((await json(v1)).status).toBe('failure');
    for (const base of ['/api/now/v2/table', '/api/now/table']) {
      const response = await sim.call(`${base}/${WO}?${query}`);
      expect(response.status).toBe(200);
      expect(await json(response)).toEqual({ result: [] });
    }
  });

  it('returns references as link and value, or plain with sysparm_exclude_reference_link', async () => {
    const sim = await nuvolo();
    const [order] = await sim.list('sysparm_query=assigned_toISNOTEMPTY&sysparm_limit=1');
    expect(order!.assigned_to).toEqual({
      link: `${sim.url}/api/now/table/sys_user/${order!.assigned_to.value}`,
      value: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const [plain] = await sim.list(
      `sysparm_query=sys_id=${order!.sys_id}&sysparm_exclude_reference_link=true`,
    );
    expect(plain!.assigned_to).toBe(order!.assigned_to.value);
    const user = (await json(fetch(order!.assigned_to.link, { headers }))).result;
    expect(user.email).toMatch(/@example\.com$/);
  });

  it('returns display values with sysparm_display_value=true and both with all', async () => {
    const sim = await nuvolo();
    const query = 'sysparm_query=work_locationISNOTEMPTY^state=2&sysparm_limit=1';
    const [raw] = await sim.list(query);
    const [shown] = await sim.list(`${query}&sysparm_display_value=true`);
    expect(shown!.state).toBe('Open');
    expect(shown!.work_location).toEqual({
      display_value: expect.stringMatching(/Room|Office|Kitchen|Storage/),
      link: raw!.work_location.link,
    });
    const [all] = await sim.list(`${query}&sysparm_display_value=all&sysparm_exclude_reference_link=true`);
    expect(all!.state).toEqual({ display_value: 'Open', value: '2' });
    expect(all!.work_location).toEqual({
      display_value: shown!.work_location.display_value,
      value: raw!.work_location.value,
    });
  });

  it('returns only sysparm_fields, including dot-walked ones', async () => {
    const sim = await nuvolo();
    const [row] = await sim.list(
      'sysparm_fields=number,work_location.name&sysparm_query=work_locationISNOTEMPTY&sysparm_limit=1',
    );
    expect(Object.keys(row!)).toEqual(['number', 'work_location.name']);
  });

  it('rejects a state that is not one of the choices with 400', async () => {
    const sim = await nuvolo();
    const response = await sim.call(
      `/api/now/table/${WO}`,
      sendJson('POST', { short_description: 'x', state: 'Open ' }),
    );
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({
      error: { message: "Invalid state value 'Open '", detail: expect.any(String) },
      status: 'failure',
    });
  });
});

describe('Nuvolo simulator: listing', () => {
  it('walking the Link header visits X-Total-Count records exactly once', async () => {
    const sim = await nuvolo({ records: 95 });
    let url: string | undefined = `/api/now/table/${WO}?sysparm_limit=10&sysparm_query=ORDERBYnumber`;
    const seen: string[] = [];
    let total = -1;
    while (url) {
      const response = await sim.call(url);
      total = Number(response.headers.get('x-total-count'));
      seen.push(...(await json(response)).result.map((row: Result) => row.sys_id));
      url = /<([^>]+)>;rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    }
    expect(total).toBe(95);
    expect(seen).toHaveLength(95);
    expect(new Set(seen).size).toBe(95);
  });

  it('links first, prev, next and last pages', async () => {
    const sim = await nuvolo({ records: 25 });
    const link = (await sim.call(`/api/now/table/${WO}?sysparm_limit=10&sysparm_offset=10`)).headers.get(
      'link',
    )!;
    const rels = Object.fromEntries(
      [...link.matchAll(/<([^>]+)>;rel="(\w+)"/g)].map(([, url, rel]) => [
        rel,
        new URL(url!).searchParams.get('sysparm_offset'),
      ]),
    );
    expect(rels).toEqual({ first: '0', prev: '0', next: '20', last: '20' });
  });

  it('leaves out X-Total-Count with sysparm_no_count and Link with sysparm_suppress_pagination_header', async () => {
    const sim = await nuvolo();
    const response = await sim.call(
      `/api/now/table/${WO}?sysparm_limit=5&sysparm_no_count=true&sysparm_suppress_pagination_header=true`,
    );
    expect(response.headers.get('x-total-count')).toBeNull();
    expect(response.headers.get('link')).toBeNull();
  });

  // Each operator through HTTP, checked against the same filter applied to the whole table.
  const operatorCases: Array<[string, (row: Result) => boolean]> = [
    ['state=2', (r) => r.state === '2'],
    ['state!=2', (r) => r.state !== '2'],
    ['short_descriptionLIKEleak', (r) => r.short_description.toLowerCase().includes('leak')],
    ['short_descriptionSTARTSWITHlight', (r) => r.short_description.toLowerCase().startsWith('light')],
    ['short_descriptionENDSWITH1.01', (r) => r.short_description.endsWith('1.01')],
    ['stateIN1,5,7', (r) => ['1', '5', '7'].includes(r.state)],
    ['priority>3', (r) => Number(r.priority) > 3],
    ['priority>=3', (r) => Number(r.priority) >= 3],
    ['priority<3', (r) => Number(r.priority) < 3],
    ['priority<=3', (r) => Number(r.priority) <= 3],
    ['assigned_toISEMPTY', (r) => r.assigned_to === ''],
    ['assigned_toISNOTEMPTY', (r) => r.assigned_to !== ''],
    ['state=1^priority<3', (r) => r.state === '1' && Number(r.priority) < 3],
    ['state=1^ORstate=4', (r) => r.state === '1' || r.state === '4'],
    [
      "sys_updated_on>javascript:gs.dateGenerate('2024-12-01','00:00:00')",
      (r) => r.sys_updated_on > '2024-12-01 00:00:00',
    ],
    ['no_such_field=1^state=3', (r) => r.state === '3'],
  ];
  it.each(operatorCases)('sysparm_query %s filters like ServiceNow', async (query, expected) => {
    const sim = await nuvolo({ records: 80 });
    const all = await sim.list('sysparm_exclude_reference_link=true');
    const matched = await sim.list(
      `sysparm_exclude_reference_link=true&sysparm_query=${encodeURIComponent(query)}`,
    );
    expect(matched.map((r) => r.sys_id)).toEqual(all.filter(expected).map((r) => r.sys_id));
  });

  it('finds the rows whose field is one of a list (IN), carets escaped as ^^, with other terms and sorting', async () => {
    const sim = await nuvolo({ records: 0 });
    for (const number of ['PG-1', 'PG-2', 'PG-3', 'PG^4', 'pg-5'])
      sim.control.insert(WO, { number, short_description: `Order ${number}`, state: '2' });
    const query = 'numberINPG-3,PG-1,PG^^4,PG-5,PG-9^state=2^ORDERBYDESCnumber';
    const found = await sim.list(`sysparm_query=${encodeURIComponent(query)}`);
    expect(found.map((r) => r.number)).toEqual(['PG^4', 'PG-3', 'PG-1']);
    expect(sim.control.rows(WO).map((r) => r.number)).toEqual(['PG-1', 'PG-2', 'PG-3', 'PG^4', 'pg-5']);
  });

  it('sorts with ^ORDERBY and ^ORDERBYDESC', async () => {
    const sim = await nuvolo();
    const desc = await sim.list('sysparm_query=ORDERBYDESCsys_updated_on');
    const stamps = desc.map((r) => r.sys_updated_on);
    expect(stamps).toEqual([...stamps].sort().reverse());
    const asc = await sim.list('sysparm_query=state!=0^ORDERBYpriority');
    const priorities = asc.map((r) => Number(r.priority));
    expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
  });
});

describe('Nuvolo simulator: metadata for describe()', () => {
  it('lists work-order state choices in sys_choice, and a changed list replaces them', async () => {
    const sim = await nuvolo();
    const path = `/api/now/table/sys_choice?sysparm_query=${encodeURIComponent(`name=${WO}^element=state`)}&sysparm_fields=value,label`;
    const { result } = await json(sim.call(path));
    expect(result.map((c: Result) => c.label)).toEqual([
      'Draft',
      'Open',
      'Work in Progress',
      'On Hold',
      'Closed Complete',
      'Closed Incomplete',
      'Canceled',
    ]);
    await fetch(
      `${sim.url}/__sim/choices/${WO}/state`,
      sendJson('PUT', [
        { value: 'new', label: 'New' },
        { value: 'done', label: 'Done' },
      ]),
    );
    expect((await json(sim.call(path))).result).toEqual([
      { value: 'new', label: 'New' },
      { value: 'done', label: 'Done' },
    ]);
    const rejected = await sim.call(
      `/api/now/table/${WO}`,
      sendJson('POST', { short_description: 'x', state: '2' }),
    );
    expect(rejected.status).toBe(400);
  });

  it('describes the work-order fields in sys_dictionary', async () => {
    const sim = await nuvolo();
    const { result } = await json(
      sim.call(
        `/api/now/table/sys_dictionary?sysparm_query=name=${WO}&sysparm_fields=element,internal_type,mandatory,reference`,
      ),
    );
    const byElement = Object.fromEntries(result.map((row: Result) => [row.element, row]));
    expect(byElement.short_description).toMatchObject({ internal_type: 'string', mandatory: 'true' });
    expect(byElement.work_location).toMatchObject({
      internal_type: 'reference',
      reference: 'x_nuvo_eam_elocation',
    });
    expect(byElement.assigned_to).toMatchObject({ internal_type: 'reference', reference: 'sys_user' });
    expect(Object.keys(byElement)).toEqual(
      expect.arrayContaining([
        'number',
        'state',
        'priority',
        'due_date',
        'planned_start',
        'correlation_id',
        'u_source_system',
      ]),
    );
  });
});

describe('Nuvolo simulator: close notes on work orders', () => {
  it('reads and writes close_notes through the Table API like any task field', async () => {
    const sim = await nuvolo();
    const [order] = await sim.list('sysparm_query=state=3&sysparm_limit=1');
    expect(order).toHaveProperty('close_notes', '');
    const path = `/api/now/table/${WO}/${order!.sys_id}`;
    const note = 'Replaced the faulty valve; tested for 30 minutes';
    const patched = await sim.call(path, sendJson('PATCH', { state: '5', close_notes: note }));
    expect(patched.status).toBe(200);
    expect((await json(patched)).result).toMatchObject({
      sys_id: order!.sys_id,
      state: '5',
      close_notes: note,
    });
    expect((await json(sim.call(path))).result).toMatchObject({ close_notes: note });
    const closed = await sim.list(
      `sysparm_query=${encodeURIComponent('close_notesLIKEvalve')}&sysparm_fields=sys_id,close_notes`,
    );
    expect(closed).toEqual([{ sys_id: order!.sys_id, close_notes: note }]);
    const created = await sim.call(
      `/api/now/table/${WO}`,
      sendJson('POST', { short_description: 'Done on arrival', state: '5', close_notes: 'Nothing to fix' }),
    );
    expect((await json(created)).result).toMatchObject({ close_notes: 'Nothing to fix' });
  });

  it('describes close_notes in sys_dictionary as a 4000-character string, and offers a completion state', async () => {
    const sim = await nuvolo();
    const { result } = await json(
      sim.call(
        `/api/now/table/sys_dictionary?sysparm_query=${encodeURIComponent(`name=${WO}^element=close_notes`)}`,
      ),
    );
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({
      column_label: 'Close notes',
      internal_type: 'string',
      max_length: '4000',
      mandatory: 'false',
      read_only: 'false',
    });
    const states = await json(
      sim.call(
        `/api/now/table/sys_choice?sysparm_query=${encodeURIComponent(`name=${WO}^element=state^value=5`)}&sysparm_fields=label`,
      ),
    );
    expect(states.result).toEqual([{ label: 'Closed Complete' }]);
  });
});

describe('Nuvolo simulator: Import Set API', () => {
  it('inserts through the staging table, then updates the same correlation_id', async () => {
    const sim = await nuvolo();
    const post = (body: unknown) =>
      sim.call('/api/now/import/u_isync_work_order_import', sendJson('POST', body));
    const first = await post({
      u_short_description: 'From PlanGrid',
      u_correlation_id: 'pg-42',
      u_state: '2',
    });
    expect(first.status).toBe(201);
    const inserted = await json(first);
    expect(inserted).toMatchObject({
      import_set: expect.stringMatching(/^ISET\d+$/),
      staging_table: 'u_isync_work_order_import',
      result: [
        {
          transform_map: expect.any(String),
          table: WO,
          display_name: 'number',
          display_value: expect.stringMatching(/^FWO/),
          record_link: expect.stringContaining(`/api/now/table/${WO}/`),
          status: 'inserted',
          sys_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        },
      ],
    });
    const second = await json(post({ u_short_description: 'Changed', u_correlation_id: 'pg-42' }));
    expect(second.result[0]).toMatchObject({ status: 'updated', sys_id: inserted.result[0].sys_id });
    const rows = await sim.list('sysparm_query=correlation_id=pg-42');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ short_description: 'Changed', state: '2' });
  });
});

describe('Nuvolo simulator: errors and access', () => {
  const failure = { error: { message: expect.any(String), detail: expect.anything() }, status: 'failure' };

  it('answers 401 without credentials or with a wrong password', async () => {
    const sim = await nuvolo();
    for (const authorization of [undefined, basic('admin', 'wrong')]) {
      const response = await fetch(`${sim.url}/api/now/table/${WO}`, {
        headers: authorization ? { authorization } : {},
      });
      expect(response.status).toBe(401);
      expect(await json(response)).toEqual(failure);
    }
  });

  it('answers 403 when a read-only user writes', async () => {
    const sim = await nuvolo();
    const viewer = { authorization: basic('viewer', 'viewer-demo') };
    expect((await sim.call(`/api/now/table/${WO}?sysparm_limit=1`, { headers: viewer })).status).toBe(200);
    const response = await sim.call(
      `/api/now/table/${WO}`,
      sendJson('POST', { short_description: 'x' }, viewer),
    );
    expect(response.status).toBe(403);
    expect(await json(response)).toEqual(failure);
  });

  it('answers 400 for an unknown table or bad JSON, 405 for an unsupported method, 415 for a non-JSON body', async () => {
    const sim = await nuvolo();
    const unknown = await sim.call('/api/now/table/no_such_table');
    expect([unknown.status, await json(unknown)]).toEqual([400, failure]);
    const bad = await sim.call(`/api/now/table/${WO}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    });
    expect([bad.status, await json(bad)]).toEqual([400, failure]);
    const method = await sim.call(`/api/now/table/${WO}`, { method: 'DELETE' });
    expect([method.status, await json(method)]).toEqual([405, failure]);
    const media = await sim.call(`/api/now/table/${WO}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect([media.status, await json(media)]).toEqual([415, failure]);
  });

  it('answers injected 500 and 503 in the ServiceNow error shape', async () => {
    const sim = await nuvolo();
    await fetch(
      `${sim.url}/__sim/faults`,
      sendJson('POST', { path: '/api/now/table/*', fault: 500, times: 1 }),
    );
    await fetch(
      `${sim.url}/__sim/faults`,
      sendJson('POST', { path: '/api/now/table/*', fault: 503, times: 1 }),
    );
    const first = await sim.call(`/api/now/table/${WO}`);
    const second = await sim.call(`/api/now/table/${WO}`);
    expect([first.status, await json(first)]).toEqual([500, failure]);
    expect([second.status, await json(second)]).toEqual([503, failure]);
    expect((await sim.call(`/api/now/table/${WO}?sysparm_limit=1`)).status).toBe(200);
  });

  it('answers 429 with Retry-After, X-RateLimit-Limit, X-RateLimit-Reset and the exact body', async () => {
    const sim = await nuvolo({ rateLimit: { limit: 2, windowSeconds: 3600 } });
    await sim.call(`/api/now/table/${WO}?sysparm_limit=1`);
    await sim.call(`/api/now/table/${WO}?sysparm_limit=1`);
    const response = await sim.call(`/api/now/table/${WO}?sysparm_limit=1`);
    expect(response.status).toBe(429);
    expect(await json(response)).toEqual({
      error: {
        message: 'Rate limit exceeded',
        detail: 'Rate limit of 2 requests per hour for Table API exceeded',
      },
      status: 'failure',
    });
    const reset = Number(response.headers.get('x-ratelimit-reset'));
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(response.headers.get('x-ratelimit-limit')).toBe('2');
    expect(reset % 3600).toBe(0);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
  });

  it('grants bearer tokens for the password grant, expires them, and refreshes them', async () => {
    const sim = await nuvolo({ tokenTtlSeconds: 1800 });
    const token = (fields: Record<string, string>) =>
      fetch(`${sim.url}/oauth_token.do`, {
        method: 'POST',
        body: new URLSearchParams({ client_id: 'isync', client_secret: 'isync-secret', ...fields }),
      });
    const granted = await json(token({ grant_type: 'password', username: 'admin', password: 'nuvolo-demo' }));
    expect(granted).toMatchObject({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 1800,
    });
    const bearer = (t: string) => ({ headers: { authorization: `Bearer ${t}` } });
    expect(
      (await fetch(`${sim.url}/api/now/table/${WO}?sysparm_limit=1`, bearer(granted.access_token))).status,
    ).toBe(200);
    expect((await token({ grant_type: 'password', username: 'admin', password: 'nope' })).status).toBe(401);

    await fetch(`${sim.url}/__sim/clock`, sendJson('POST', { advanceSeconds: 1801 }));
    const expired = await fetch(
      `${sim.url}/api/now/table/${WO}?sysparm_limit=1`,
      bearer(granted.access_token),
    );
    expect(expired.status).toBe(401);
    expect(await json(expired)).toEqual(failure);

    const refreshed = await json(
      token({ grant_type: 'refresh_token', refresh_token: granted.refresh_token }),
    );
    expect(
      (await fetch(`${sim.url}/api/now/table/${WO}?sysparm_limit=1`, bearer(refreshed.access_token))).status,
    ).toBe(200);
  });
});
