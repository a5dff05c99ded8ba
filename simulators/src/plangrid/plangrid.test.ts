import { afterEach, describe, expect, it } from 'vitest';
import { basic, json, PLANGRID_ACCEPT, plangridHeaders as headers, sendJson } from '../test-support.js';
import type { PlanGridOptions } from './server.js';
import { startPlanGrid } from './server.js';

const running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function plangrid(options: PlanGridOptions = {}) {
  const sim = await startPlanGrid({ records: 120, rateLimit: false, ...options });
  running.push(sim);
  const get = (path: string, init: RequestInit = {}) =>
    fetch(path.startsWith('http') ? path : sim.url + path, { headers, ...init });
  const projectUid = sim.control.projects()[0]!.uid;
  return { ...sim, get, projectUid, issues: `/projects/${projectUid}/issues` };
}

interface Page {
  total_count: number;
  next_page_url: string | null;
  data: Array<{ uid: string; updated_at: string; status: string; deleted: boolean; [key: string]: unknown }>;
}

async function walk(get: (path: string) => Promise<Response>, first: string) {
  const items: Page['data'] = [];
  let url: string | null = first;
  let total = 0;
  while (url) {
    const page: Page = await json(get(url));
    total = page.total_count;
    items.push(...page.data);
    url = page.next_page_url;
  }
  return { items, total };
}

describe('PlanGrid simulator: reading', () => {
  it('answers /me, the two projects and a project by uid', async () => {
    const sim = await plangrid();
    expect(await json(sim.get('/me'))).toMatchObject({ email: 'isync.integration@example.com' });
    const projects: Page = await json(sim.get('/projects'));
    expect(projects.total_count).toBe(2);
    expect(await json(sim.get(`/projects/${sim.projectUid}`))).toMatchObject({
      uid: sim.projectUid,
      name: 'HQ Tower Renovation',
    });
    expect((await sim.get('/projects/nope')).status).toBe(404);
  });

  it('pages issues 50 at a time with an absolute next_page_url until every issue is seen once', async () => {
    const sim = await plangrid();
    const first: Page = await json(sim.get(sim.issues));
    expect(first.data).toHaveLength(50);
    expect(first.next_page_url).toMatch(new RegExp(`^${sim.url}/projects/.*skip=50`));
    const { items, total } = await walk(sim.get, sim.issues);
    expect(total).toBe(60);
    expect(new Set(items.map((issue) => issue.uid)).size).toBe(60);
  });

  it('never answers more than 50 records however large the limit', async () => {
    const sim = await plangrid();
    const page: Page = await json(sim.get(`${sim.issues}?limit=500`));
    expect(page.data).toHaveLength(50);
  });

  it('lists issues in updated_at then uid order and filters strictly after updated_after', async () => {
    const sim = await plangrid();
    const { items } = await walk(sim.get, sim.issues);
    const order = items.map((issue) => `${issue.updated_at}|${issue.uid}`);
    expect(order).toEqual([...order].sort());
    const pivot = items[20]!;
    const after: Page = await json(
      sim.get(`${sim.issues}?updated_after=${encodeURIComponent(pivot.updated_at)}`),
    );
    expect(after.total_count).toBe(items.length - 21);
    expect(after.data[0]?.uid).toBe(items[21]?.uid);
  });

  it('serves issues with the published fields, rooms and assignees', async () => {
    const sim = await plangrid();
    const page: Page = await json(sim.get(sim.issues));
    const issue = page.data.find((i) => (i.assignees as unknown as unknown[]).length > 0)!;
    expect(Object.keys(issue).sort()).toEqual(
      [
        'uid',
        'number',
        'title',
        'status',
        'type',
        'description',
        'room',
        'assignees',
        'due_at',
        'start_date',
        'closed_at',
        'created_at',
        'created_by',
        'updated_at',
        'updated_by',
        'deleted',
        'photos',
        'comments',
        'cost_impact',
        'has_cost_impact',
        'currency_code',
        'schedule_impact',
        'has_schedule_impact',
      ].sort(),
    );
    expect(issue.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(['open', 'in_review', 'pending', 'closed']).toContain(issue.status);
    expect(issue.photos).toMatchObject({ url: expect.stringMatching(new RegExp(`^${sim.url}/`)) });
    const assignee = (issue.assignees as unknown as Array<{ uid: string }>)[0]!;
    const user = await json(sim.get(`/projects/${sim.projectUid}/users/${assignee.uid}`));
    expect(user.email).toMatch(/@example\.com$/);
    expect(await json(sim.get(`${sim.issues}/${issue.uid}`))).toMatchObject({ uid: issue.uid });
  });

  it('serves RFIs with a status object from the project list, and the configurable status list', async () => {
    const sim = await plangrid();
    const statuses: Page = await json(sim.get(`/projects/${sim.projectUid}/rfis/statuses`));
    expect(statuses.data.map((s) => s.label)).toEqual(['Draft', 'Open', 'Answered', 'Closed']);
    const rfis: Page = await json(sim.get(`/projects/${sim.projectUid}/rfis`));
    const rfi = rfis.data[0]!;
    expect(statuses.data.map((s) => s.uid)).toContain((rfi.status as unknown as { uid: string }).uid);
    expect(await json(sim.get(`/projects/${sim.projectUid}/rfis/${rfi.uid}`))).toMatchObject({
      uid: rfi.uid,
      locked: expect.any(Boolean),
    });

    const put = await fetch(
      `${sim.url}/__sim/projects/${sim.projectUid}/rfi-statuses`,
      sendJson('PUT', [{ label: 'Pending GC', color: '#ff9800' }]),
    );
    expect(put.status).toBe(200);
    const changed: Page = await json(sim.get(`/projects/${sim.projectUid}/rfis/statuses`));
    expect(changed.data.map((s) => s.label)).toEqual(['Pending GC']);
  });

  it('generates the same data from the same seed', async () => {
    const a = await plangrid({ seed: 7 });
    const b = await plangrid({ seed: 7 });
    const titles = async (sim: typeof a) =>
      (await json<Page>(sim.get(`${sim.issues}?limit=5`))).data.map((i) => i.title);
    expect(await titles(a)).toEqual(await titles(b));
  });
});

describe('PlanGrid simulator: incremental sync', () => {
  it('walking with updated_after while churn runs misses no record and repeats none', async () => {
    const sim = await plangrid({ records: 300 });
    const churn = (body: unknown) => fetch(`${sim.url}/__sim/churn`, sendJson('POST', body));
    await fetch(
      `${sim.url}/__sim/churn/start`,
      sendJson('POST', { perSecond: 400, mix: { create: 1, update: 2, statusChange: 1, delete: 1 } }),
    );

    const seen: Page['data'] = [];
    let cursor = '2000-01-01T00:00:00Z';
    const pull = async (interleaveChurn: boolean) => {
      for (;;) {
        const page: Page = await json(
          sim.get(`${sim.issues}?limit=20&updated_after=${encodeURIComponent(cursor)}`),
        );
        seen.push(...page.data);
        if (page.data.length === 0) return;
        cursor = page.data.at(-1)!.updated_at;
        // Changes land between every two pages, before and behind the cursor.
        if (interleaveChurn) await churn({ create: 1, update: 2, statusChange: 1, delete: 1 });
      }
    };
    await pull(true);
    await fetch(`${sim.url}/__sim/churn/stop`, { method: 'POST' });
    await pull(false);

    const versions = seen.map((issue) => `${issue.uid}@${issue.updated_at}`);
    expect(new Set(versions).size).toBe(versions.length);
    const { items: final } = await walk(sim.get, sim.issues);
    const seenVersions = new Set(versions);
    expect(final.filter((issue) => !seenVersions.has(`${issue.uid}@${issue.updated_at}`))).toEqual([]);
    expect(final.some((issue) => issue.deleted)).toBe(true);
    expect(seen.length).toBeGreaterThan(final.length);
  });

  it('keeps deleted issues listed with deleted: true', async () => {
    const sim = await plangrid();
    const { deleted } = await json(fetch(`${sim.url}/__sim/churn`, sendJson('POST', { delete: 3 })));
    const { items } = await walk(sim.get, `/projects/${sim.projectUid}/issues`);
    const other = await walk(sim.get, `/projects/${sim.control.projects()[1]!.uid}/issues`);
    const all = [...items, ...other.items];
    expect(all).toHaveLength(120);
    expect(
      all
        .filter((issue) => issue.deleted)
        .map((issue) => issue.uid)
        .sort(),
    ).toEqual([...deleted].sort());
  });
});

describe('PlanGrid simulator: writing', () => {
  it('PATCH changes an issue, stamps updated_at and moves it to the end of the timeline', async () => {
    const sim = await plangrid();
    const page: Page = await json(sim.get(sim.issues));
    const target = page.data.find((issue) => issue.status !== 'closed')!;
    const response = await sim.get(
      `${sim.issues}/${target.uid}`,
      sendJson('PATCH', { status: 'closed', title: 'Fixed' }, headers),
    );
    expect(response.status).toBe(200);
    const updated = await json(response);
    expect(updated).toMatchObject({ status: 'closed', title: 'Fixed', closed_at: updated.updated_at });
    expect(updated.updated_at > target.updated_at).toBe(true);
    const { items } = await walk(
      sim.get,
      `${sim.issues}?updated_after=${encodeURIComponent(target.updated_at)}`,
    );
    expect(items.at(-1)?.uid).toBe(target.uid);
    // The answer is the whole updated issue, as a GET of it answers.
    expect(await json(sim.get(`${sim.issues}/${target.uid}`))).toEqual(updated);
  });

  it('PATCH refuses a field an issue does not take, and changes nothing', async () => {
    const sim = await plangrid();
    const page: Page = await json(sim.get(sim.issues));
    const target = page.data[0]!;
    const response = await sim.get(
      `${sim.issues}/${target.uid}`,
      sendJson('PATCH', { status: 'closed', close_notes: 'Replaced the part' }, headers),
    );
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({
      message: expect.stringContaining('Unexpected field: close_notes'),
    });
    expect(await json(sim.get(`${sim.issues}/${target.uid}`))).toEqual(target);
  });

  it('PATCH with an invalid status is a 400 with a message', async () => {
    const sim = await plangrid();
    const page: Page = await json(sim.get(sim.issues));
    const response = await sim.get(
      `${sim.issues}/${page.data[0]!.uid}`,
      sendJson('PATCH', { status: 'Open' }, headers),
    );
    expect(response.status).toBe(400);
    expect(await json(response)).toEqual({ message: expect.stringContaining('status') });
  });
});

describe('PlanGrid simulator: access', () => {
  it('refuses a request without the versioned Accept header with 406', async () => {
    const sim = await plangrid();
    const response = await sim.get(sim.issues, { headers: { ...headers, accept: 'application/json' } });
    expect(response.status).toBe(406);
    expect(await json(response)).toEqual({ message: expect.stringContaining(PLANGRID_ACCEPT) });
  });

  it('answers 401 without credentials and 403 for a wrong API key', async () => {
    const sim = await plangrid();
    const none = await sim.get('/me', { headers: { accept: PLANGRID_ACCEPT } });
    expect(none.status).toBe(401);
    expect(await json(none)).toEqual({ message: expect.any(String) });
    const wrong = await sim.get('/me', {
      headers: { accept: PLANGRID_ACCEPT, authorization: basic('nope', '') },
    });
    expect(wrong.status).toBe(403);
    expect(await json(wrong)).toEqual({ message: expect.any(String) });
  });

  it('grants OAuth bearer tokens by authorization code, expires them and refreshes them', async () => {
    const sim = await plangrid({ tokenTtlSeconds: 60 });
    const authorize = await fetch(
      `${sim.url}/oauth/authorize?response_type=code&client_id=isync&redirect_uri=${encodeURIComponent('http://127.0.0.1/cb')}&state=s1`,
      { redirect: 'manual' },
    );
    expect(authorize.status).toBe(302);
    const location = new URL(authorize.headers.get('location')!);
    expect(location.searchParams.get('state')).toBe('s1');
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      body: new URLSearchParams({ client_id: 'isync', client_secret: 'isync-secret', ...fields }),
    });
    const tokens = await json(
      fetch(
        `${sim.url}/oauth/token`,
        form({
          grant_type: 'authorization_code',
          code: location.searchParams.get('code')!,
          redirect_uri: 'http://127.0.0.1/cb',
        }),
      ),
    );
    expect(tokens).toMatchObject({
      token_type: 'bearer',
      expires_in: 60,
      access_token: expect.any(String),
      refresh_token: expect.any(String),
    });
    const bearer = (token: string) => ({
      headers: { accept: PLANGRID_ACCEPT, authorization: `Bearer ${token}` },
    });
    expect((await sim.get('/me', bearer(tokens.access_token))).status).toBe(200);

    await fetch(`${sim.url}/__sim/clock`, sendJson('POST', { advanceSeconds: 61 }));
    const expired = await sim.get('/me', bearer(tokens.access_token));
    expect(expired.status).toBe(401);
    expect(await json(expired)).toEqual({ message: 'Access token expired' });

    const refreshed = await json(
      fetch(
        `${sim.url}/oauth/token`,
        form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
      ),
    );
    expect((await sim.get('/me', bearer(refreshed.access_token))).status).toBe(200);
  });

  it('answers 429 with the rate_limit body once the per-second budget is spent', async () => {
    const sim = await plangrid({ rateLimit: { limit: 3, windowSeconds: 1 } });
    await fetch(`${sim.url}/__sim/clock`, sendJson('POST', { advanceSeconds: 0 }));
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 8 && !limited; i++) {
      const response = await sim.get('/me');
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(limited).toBeDefined();
    expect(await json(limited!)).toEqual({
      message: expect.any(String),
      rate_limit: {
        request_type: 'all',
        interval: 1,
        limit: 3,
        remaining: 0,
        reset: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    });
  });

  it('counts writes against a separate write limit', async () => {
    const sim = await plangrid({ rateLimit: [{ requestType: 'write', limit: 0, windowSeconds: 60 }] });
    const page: Page = await json(sim.get(sim.issues));
    const response = await sim.get(
      `${sim.issues}/${page.data[0]!.uid}`,
      sendJson('PATCH', { title: 'x' }, headers),
    );
    expect(response.status).toBe(429);
    expect((await json(response)).rate_limit).toMatchObject({
      request_type: 'write',
      limit: 0,
      interval: 60,
    });
  });

  it('answers a burst of 503s on demand, then recovers', async () => {
    const sim = await plangrid();
    await fetch(
      `${sim.url}/__sim/faults`,
      sendJson('POST', { path: '/projects/*/issues', fault: 503, times: 2 }),
    );
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await sim.get(sim.issues)).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(
      await json(sim.get(sim.issues).then(() => fetch(`${sim.url}/__sim/requests?path=/projects/*/issues`))),
    ).toHaveLength(4);
  });
});
