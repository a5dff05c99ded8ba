import { afterEach, describe, expect, it } from 'vitest';
import { json, sendJson } from '../test-support.js';
import type { MaximoOptions } from './server.js';
import { MAXIMO_API_KEY, MAXIMO_READ_ONLY_API_KEY, startMaximo } from './server.js';

type Result = Record<string, any>;
const WO = '/maximo/api/os/mxapiwodetail';

const running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function maximo(options: MaximoOptions = {}) {
  const sim = await startMaximo({ records: 30, ...options });
  running.push(sim);
  const call = (path: string, init: RequestInit = {}, key = MAXIMO_API_KEY) =>
    fetch(path.startsWith('http') ? path : sim.url + path, {
      ...init,
      headers: { accept: 'application/json', apikey: key, ...(init.headers as Record<string, string>) },
    });
  const query = (params: Record<string, string>, path = WO) =>
    json<{ member: Result[]; responseInfo: Result }>(
      call(`${path}?${new URLSearchParams({ lean: '1', ...params })}`),
    );
  return { ...sim, call, query };
}

describe('Maximo simulator: queries', () => {
  it('pages with oslc.pageSize, following responseInfo.nextPage to the last page', async () => {
    const sim = await maximo();
    const seen: string[] = [];
    let page = await sim.query({ 'oslc.pageSize': '7', 'oslc.select': 'wonum,status' });
    expect(page.responseInfo).toMatchObject({
      pagenum: 1,
      totalPages: 5,
      nextPage: { href: expect.stringContaining('pageno=2') },
    });
    for (;;) {
      seen.push(...page.member.map((m) => m.wonum as string));
      expect(page.member.every((m) => Object.keys(m).sort().join() === '_rowstamp,href,status,wonum')).toBe(
        true,
      );
      const next = page.responseInfo.nextPage?.href as string | undefined;
      if (!next) break;
      page = await json(sim.call(next));
    }
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
  });

  it('filters with oslc.where (=, >=, in, like, and) and sorts with oslc.orderBy', async () => {
    const sim = await maximo();
    const all = (await sim.query({})).member;
    const some = all.slice(0, 3).map((m) => m.wonum as string);
    const byIn = await sim.query({ 'oslc.where': `wonum in ${JSON.stringify(some)}` });
    expect(byIn.member.map((m) => m.wonum).sort()).toEqual([...some].sort());
    const pivot = all[10]!.changedate as string;
    const since = await sim.query({
      'oslc.where': `changedate>="${pivot}" and siteid="BEDFORD"`,
      'oslc.orderBy': '-changedate',
    });
    expect(since.member.every((m) => m.changedate >= pivot)).toBe(true);
    expect(since.member.map((m) => m.changedate)).toEqual(
      [...since.member.map((m) => m.changedate)].sort().reverse(),
    );
    const like = await sim.query({ 'oslc.where': 'description="%HVAC%"' });
    expect(like.member.length).toBeGreaterThan(0);
    expect(like.member.every((m) => String(m.description).includes('HVAC'))).toBe(true);
    const bad = await sim.call(`${WO}?lean=1&oslc.where=${encodeURIComponent('wonum = = "x"')}`);
    expect(bad.status).toBe(400);
    expect((await json(bad)).Error).toMatchObject({
      statusCode: '400',
      reasonCode: expect.stringMatching(/^BMXAA/),
    });
  });

  it('serves the WOSTATUS synonym domain, locations and persons', async () => {
    const sim = await maximo();
    const domain = await sim.query(
      { 'oslc.where': 'domainid="WOSTATUS"', 'oslc.select': 'domainid,synonymdomain{value,description}' },
      '/maximo/api/os/mxapidomain',
    );
    expect(domain.member[0]!.synonymdomain.map((s: Result) => s.value)).toEqual([
      'WAPPR',
      'APPR',
      'WSCH',
      'WMATL',
      'INPRG',
      'COMP',
      'CLOSE',
      'CAN',
    ]);
    expect(Object.keys(domain.member[0]!.synonymdomain[0]).sort()).toEqual(['description', 'value']);
    const people = await sim.query(
      { 'oslc.where': 'primaryemail="alice.martin@example.com"' },
      '/maximo/api/os/mxapiperson',
    );
    expect(people.member).toEqual([
      expect.objectContaining({ personid: 'AMARTIN', displayname: 'Alice Martin' }),
    ]);
    const locations = (await sim.query({}, '/maximo/api/os/mxapioperloc')).member;
    expect(locations.length).toBeGreaterThan(10);
  });
});

describe('Maximo simulator: writes', () => {
  it('creates a work order: the record back with the properties header, else a Location header', async () => {
    const sim = await maximo({ records: 0 });
    const withProperties = await sim.call(`${WO}?lean=1`, {
      ...sendJson('POST', {
        description: 'Leak in 3.01',
        location: 'HQ-301',
        lead: 'AMARTIN',
        externalrefid: 'pg-1',
        nonsense: 1,
      }),
      headers: { 'content-type': 'application/json', properties: '*' },
    });
    expect(withProperties.status).toBe(201);
    const created = await json(withProperties);
    expect(created).toMatchObject({
      wonum: '1001',
      siteid: 'BEDFORD',
      status: 'WAPPR',
      description: 'Leak in 3.01',
      externalrefid: 'pg-1',
      href: expect.stringMatching(/\/maximo\/api\/os\/mxapiwodetail\/_[\w-]+$/),
      _rowstamp: expect.stringMatching(/^\d+$/),
      changedate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/),
    });
    expect(created).not.toHaveProperty('nonsense');
    expect(withProperties.headers.get('location')).toBe(created.href);

    const bare = await sim.call(`${WO}?lean=1`, sendJson('POST', { description: 'No body back' }));
    expect(bare.status).toBe(201);
    expect(await bare.text()).toBe('');
    const read = await json(sim.call(bare.headers.get('location')!));
    expect(read).toMatchObject({ wonum: '1002', description: 'No body back' });
  });

  it('updates with x-method-override: PATCH and patchtype MERGE, a new _rowstamp, and deletes', async () => {
    const sim = await maximo({ records: 1 });
    const [order] = (await sim.query({})).member;
    const patched = await sim.call(order!.href, {
      ...sendJson('POST', { status: 'INPRG', description: 'Changed' }),
      headers: {
        'content-type': 'application/json',
        'x-method-override': 'PATCH',
        patchtype: 'MERGE',
        properties: 'status,description',
      },
    });
    expect(patched.status).toBe(200);
    const body = await json(patched);
    expect(body).toMatchObject({ status: 'INPRG', description: 'Changed', href: order!.href });
    expect(Number(body._rowstamp)).toBeGreaterThan(Number(order!._rowstamp));
    const silent = await sim.call(order!.href, {
      ...sendJson('POST', { wopriority: 2 }),
      headers: { 'content-type': 'application/json', 'x-method-override': 'PATCH' },
    });
    expect(silent.status).toBe(204);
    const plainPost = await sim.call(order!.href, sendJson('POST', { status: 'COMP' }));
    expect(plainPost.status).toBe(400);
    expect(sim.control.requests({ method: 'POST' }).map((r) => r.methodOverride ?? null)).toEqual([
      'PATCH',
      'PATCH',
      null,
    ]);
    const deleted = await sim.call(order!.href, {
      method: 'POST',
      headers: { 'x-method-override': 'DELETE' },
    });
    expect(deleted.status).toBe(204);
    expect((await sim.call(order!.href)).status).toBe(404);
  });

  it('answers 400 in its error shape for values outside its lists, and refuses a stale if-match', async () => {
    const sim = await maximo({ records: 1 });
    for (const [fields, code] of [
      [{ description: 'x', status: 'OPEN' }, 'BMXAA4190E'],
      [{ description: 'x', location: 'NOWHERE' }, 'BMXAA2661E'],
      [{ description: 'x', lead: 'NOBODY' }, 'BMXAA3794E'],
      [{ description: 'x'.repeat(101) }, 'BMXAA4049E'],
    ] as const) {
      const response = await sim.call(`${WO}?lean=1`, sendJson('POST', fields));
      expect(response.status).toBe(400);
      expect(await json(response)).toEqual({
        Error: {
          extendedError: { moreInfo: { href: expect.stringContaining(code) } },
          reasonCode: code,
          message: expect.stringMatching(new RegExp(`^${code} - `)),
          statusCode: '400',
        },
      });
    }
    const [order] = (await sim.query({})).member;
    const stale = await sim.call(order!.href, {
      ...sendJson('POST', { description: 'late' }),
      headers: { 'content-type': 'application/json', 'x-method-override': 'PATCH', 'if-match': '1' },
    });
    expect(stale.status).toBe(412);
  });
});

describe('Maximo simulator: authentication and the shared control plane', () => {
  it('answers 401 without a valid API key and 403 to a read-only key that writes', async () => {
    const sim = await maximo();
    const none = await fetch(`${sim.url}${WO}?lean=1`);
    expect(none.status).toBe(401);
    expect((await json(none)).Error).toMatchObject({ statusCode: '401', reasonCode: 'BMXAA7901E' });
    expect((await sim.call(`${WO}?lean=1`, {}, 'wrong')).status).toBe(401);
    expect((await sim.call(`${WO}?lean=1`, {}, MAXIMO_READ_ONLY_API_KEY)).status).toBe(200);
    const write = await sim.call(
      `${WO}?lean=1`,
      sendJson('POST', { description: 'x' }),
      MAXIMO_READ_ONLY_API_KEY,
    );
    expect(write.status).toBe(403);
    expect((await json(write)).Error).toMatchObject({ statusCode: '403', reasonCode: 'BMXAA0024E' });
    const viaQuery = await fetch(`${sim.url}${WO}?lean=1&apikey=${MAXIMO_API_KEY}`);
    expect(viaQuery.status).toBe(200);
    const maxauth = await fetch(`${sim.url}${WO}?lean=1`, {
      headers: { maxauth: Buffer.from('maxadmin:maxadmin').toString('base64') },
    });
    expect(maxauth.status).toBe(200);
  });

  it('takes faults, churn and rate limits from the shared control plane, and logs API-key requests', async () => {
    const sim = await maximo({ rateLimit: { limit: 2, windowSeconds: 60 } });
    sim.control.addFault({ path: `${WO}`, method: 'GET', fault: '503', times: 1 });
    const failed = await sim.call(`${WO}?lean=1`);
    expect(failed.status).toBe(503);
    expect((await json(failed)).Error.statusCode).toBe('503');
    expect((await sim.call(`${WO}?lean=1`)).status).toBe(200);
    expect((await sim.call(`${WO}?lean=1`)).status).toBe(200);
    const limited = await sim.call(`${WO}?lean=1`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(sim.control.requests().map((r) => [r.status, r.auth])).toEqual([
      [503, 'apikey'],
      [200, 'apikey'],
      [200, 'apikey'],
      [429, 'apikey'],
    ]);
    sim.control.setRateLimits([]);
    const before = (await sim.query({})).member.length;
    const churned = sim.control.churn({ create: 2, update: 1, statusChange: 1, delete: 1 });
    expect(churned.created).toHaveLength(2);
    expect((await sim.query({})).member.length).toBe(before + 1);
    const snapshot = sim.control.dump();
    sim.control.reset();
    expect((await sim.query({})).member).toHaveLength(30);
    sim.control.load(snapshot);
    expect((await sim.query({})).member.length).toBe(before + 1);
  });
});
