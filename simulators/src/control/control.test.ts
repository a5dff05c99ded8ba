import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startNuvolo } from '../nuvolo/server.js';
import { startPlanGrid } from '../plangrid/server.js';
import { json, nuvoloHeaders, plangridHeaders, sendJson } from '../test-support.js';

const WO = 'x_nuvo_eam_facilities_work_orders';
const running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function nuvolo() {
  const sim = await startNuvolo({ records: 20 });
  running.push(sim);
  const api = (path = `/api/now/table/${WO}?sysparm_limit=2`) =>
    fetch(sim.url + path, { headers: nuvoloHeaders });
  const control = (path: string, method = 'POST', body?: unknown) =>
    fetch(`${sim.url}/__sim${path}`, body === undefined ? { method } : sendJson(method, body));
  return { ...sim, api, sim: control };
}

describe('control plane: faults', () => {
  it('a slow fault delays the request and then answers it normally', async () => {
    const sim = await nuvolo();
    await sim.sim('/faults', 'POST', { fault: 'slow', delayMs: 30, times: 1 });
    const response = await sim.api();
    expect(response.status).toBe(200);
    expect((await json(response)).result).toHaveLength(2);
    expect(sim.control.requests()[0]).toMatchObject({ fault: 'slow', status: 200 });
  });

  it('a dropped connection fails the request on the client side', async () => {
    const sim = await nuvolo();
    await sim.sim('/faults', 'POST', { fault: 'drop', times: 1 });
    await expect(sim.api()).rejects.toThrow();
    expect((await sim.api()).status).toBe(200);
  });

  it('a malformed fault answers a body that does not parse as JSON', async () => {
    const sim = await nuvolo();
    await sim.sim('/faults', 'POST', { path: '/api/now/table/*', fault: 'malformed', times: 1 });
    const response = await sim.api();
    expect(response.headers.get('content-type')).toContain('application/json');
    await expect(response.json()).rejects.toThrow();
  });

  it('a truncated fault sends the headers and half the body, then closes the connection', async () => {
    const sim = await nuvolo();
    await sim.sim('/faults', 'POST', { path: '/api/now/table/*', fault: 'truncated', times: 1 });
    const response = await sim.api();
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(0);
    await expect(response.text()).rejects.toThrow();
    expect((await json(sim.api())).result).toHaveLength(2);
  });

  it('a duplicate fault repeats records within the page', async () => {
    const sim = await nuvolo();
    const page = (await json(sim.api(`/api/now/table/${WO}?sysparm_limit=6`))).result;
    await sim.sim('/faults', 'POST', { fault: 'duplicate', times: 1 });
    const faulted = (await json(sim.api(`/api/now/table/${WO}?sysparm_limit=6`))).result;
    expect(faulted).toEqual([...page, ...page.slice(0, 2)]);
  });

  it('an overlap fault puts the last record of a page at the top of the next page', async () => {
    const sim = await startPlanGrid({ records: 20, rateLimit: false });
    running.push(sim);
    const issues = `/projects/${sim.control.projects()[0]!.uid}/issues`;
    const page = async (skip: number) =>
      (await json(fetch(`${sim.url}${issues}?limit=4&skip=${skip}`, { headers: plangridHeaders })))
        .data as Array<{ uid: string }>;
    const [first, second, third] = [await page(0), await page(4), await page(8)];
    sim.control.addFault({ path: issues, fault: 'overlap', times: 1 });
    const faulted = [await page(0), await page(4), await page(8)];
    expect(faulted[0]).toEqual(first);
    expect(faulted[1]!.map((issue) => issue.uid)).toEqual([first.at(-1)!.uid, ...second.map((i) => i.uid)]);
    expect(faulted[2]).toEqual(third);
  });

  it('a fault fires only on matching methods and paths, and only as many times as planned', async () => {
    const sim = await nuvolo();
    const plan = await json(
      sim.sim('/faults', 'POST', { path: `/api/now/table/${WO}`, method: 'post', fault: 500, times: 2 }),
    );
    expect((await sim.api()).status).toBe(200);
    const post = () =>
      fetch(`${sim.url}/api/now/table/${WO}`, sendJson('POST', { short_description: 'x' }, nuvoloHeaders));
    expect([(await post()).status, (await post()).status, (await post()).status]).toEqual([500, 500, 201]);
    expect(await json(sim.sim('/faults', 'GET'))).toEqual([
      expect.objectContaining({ id: plan.id, fired: 2, remaining: 0 }),
    ]);
  });

  it('a fault with probability 0 never fires, and a removed fault stops firing', async () => {
    const sim = await nuvolo();
    await sim.sim('/faults', 'POST', { fault: 503, probability: 0 });
    expect((await sim.api()).status).toBe(200);
    const always = await json(sim.sim('/faults', 'POST', { fault: 503 }));
    expect((await sim.api()).status).toBe(503);
    expect((await sim.sim(`/faults/${always.id}`, 'DELETE')).status).toBe(204);
    expect((await sim.api()).status).toBe(200);
  });

  it('rejects a fault plan that does not fit the schema with 400', async () => {
    const sim = await nuvolo();
    const response = await sim.sim('/faults', 'POST', { fault: 'explode' });
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ error: { code: 'invalid_body' } });
  });
});

describe('control plane: data and state', () => {
  it('logs API requests (not control requests) and filters them by method and path', async () => {
    const sim = await nuvolo();
    await sim.api();
    await fetch(
      `${sim.url}/api/now/table/${WO}`,
      sendJson('POST', { short_description: 'logged' }, nuvoloHeaders),
    );
    const all = await json(sim.sim('/requests', 'GET'));
    expect(all.map((r: { method: string }) => r.method)).toEqual(['GET', 'POST']);
    const posts = await json(sim.sim('/requests?method=POST', 'GET'));
    expect(posts).toEqual([
      expect.objectContaining({
        status: 201,
        auth: 'basic',
        body: JSON.stringify({ short_description: 'logged' }),
      }),
    ]);
    await sim.sim('/requests', 'DELETE');
    expect(await json(sim.sim('/requests', 'GET'))).toEqual([]);
  });

  it('re-seeds a given number of records deterministically', async () => {
    const sim = await nuvolo();
    await sim.sim('/seed', 'POST', { seed: 42, records: 7 });
    const first = (await json(sim.api(`/api/now/table/${WO}`))).result;
    await sim.sim('/seed', 'POST', { seed: 42, records: 7 });
    const second = (await json(sim.api(`/api/now/table/${WO}`))).result;
    expect(first).toHaveLength(7);
    expect(second).toEqual(first);
  });

  it('churns created, updated, status-changed and deleted records on demand', async () => {
    const sim = await nuvolo();
    const result = await json(
      sim.sim('/churn', 'POST', { create: 3, update: 2, statusChange: 2, delete: 1 }),
    );
    expect(result.created).toHaveLength(3);
    expect(result.updated).toHaveLength(2);
    expect(result.statusChanged).toHaveLength(2);
    expect(result.deleted).toHaveLength(1);
    expect(Number((await sim.api()).headers.get('x-total-count'))).toBe(22);
  });

  it('resets to the started state: data, faults and log', async () => {
    const sim = await nuvolo();
    const before = (await json(sim.api(`/api/now/table/${WO}`))).result;
    await sim.sim('/churn', 'POST', { create: 5, delete: 2 });
    await sim.sim('/faults', 'POST', { fault: 503, path: '/nowhere' });
    await sim.sim('/reset');
    expect(await json(sim.sim('/faults', 'GET'))).toEqual([]);
    expect((await json(sim.api(`/api/now/table/${WO}`))).result).toEqual(before);
  });

  it('dumps state to a JSON file and loads it back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'isync-sim-'));
    try {
      const sim = await nuvolo();
      await sim.sim('/churn', 'POST', { create: 2 });
      const saved = (await json(sim.api(`/api/now/table/${WO}`))).result;
      const file = join(dir, 'nuvolo.json');
      expect((await sim.sim('/dump', 'POST', { file })).status).toBe(200);
      await sim.sim('/reset');
      expect((await sim.sim('/load', 'POST', { file })).status).toBe(200);
      expect((await json(sim.api(`/api/now/table/${WO}`))).result).toEqual(saved);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to load a snapshot of the other simulator with 409', async () => {
    const sim = await nuvolo();
    const plangrid = await startPlanGrid({ records: 4 });
    running.push(plangrid);
    const snapshot = await json(fetch(`${plangrid.url}/__sim/state`));
    expect((await sim.sim('/state', 'PUT', snapshot)).status).toBe(409);
  });
});

describe('the two simulators describe the same real estate', () => {
  it('PlanGrid rooms are Nuvolo locations and PlanGrid assignees are Nuvolo users by e-mail', async () => {
    const nv = await nuvolo();
    const pg = await startPlanGrid({ records: 60, rateLimit: false });
    running.push(pg);
    const projectUid = pg.control.projects()[0]!.uid;
    const issues = (
      await json(fetch(`${pg.url}/projects/${projectUid}/issues`, { headers: plangridHeaders }))
    ).data as Array<{ room: string; assignees: Array<{ uid: string }> }>;
    const team = (await json(fetch(`${pg.url}/projects/${projectUid}/users`, { headers: plangridHeaders })))
      .data as Array<{ uid: string; email: string }>;
    const locations = new Set(
      (await json(nv.api('/api/now/table/x_nuvo_eam_elocation?sysparm_fields=name'))).result.map(
        (r: { name: string }) => r.name,
      ),
    );
    const emails = new Set(
      (await json(nv.api('/api/now/table/sys_user?sysparm_fields=email'))).result.map(
        (r: { email: string }) => r.email,
      ),
    );
    for (const issue of issues) {
      expect(locations).toContain(issue.room);
      for (const assignee of issue.assignees)
        expect(emails).toContain(team.find((u) => u.uid === assignee.uid)?.email);
    }
  });
});
