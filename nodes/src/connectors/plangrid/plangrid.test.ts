import { startPlanGrid } from '@isync/simulators';
import type { PlanGridControl, PlanGridOptions, RunningSimulator } from '@isync/simulators';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpError } from '../../http/index.js';
import type { Connector, ConnectorInput } from '../connector.js';
import { connectionTo, FAST_HTTP, walkAll } from '../test-support.js';
import { createPlanGridConnector } from './plangrid.js';

const MEDIA_TYPE = 'application/vnd.plangrid+json; version=1';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

type Sim = RunningSimulator<PlanGridControl> & { project: string };

async function planGrid(options: PlanGridOptions = {}): Promise<Sim> {
  const sim = await startPlanGrid({ records: 120, rateLimit: false, ...options });
  cleanups.push(() => sim.close());
  return { ...sim, project: sim.control.projects()[0]!.uid };
}

function connector(sim: Sim, overrides: Partial<ConnectorInput> = {}): Connector {
  const created = createPlanGridConnector({
    connection: connectionTo('plangrid', sim.url, 'api-key', { project: sim.project }),
    credentials: { apiKey: 'pg-demo-key' },
    http: FAST_HTTP,
    ...overrides,
  });
  cleanups.push(() => created.close());
  return created;
}

/** The project's issues as they stand, read straight from the simulator (no churn running). */
async function issuesNow(sim: Sim): Promise<Array<Record<string, unknown>>> {
  const issues: Array<Record<string, unknown>> = [];
  const headers = {
    accept: MEDIA_TYPE,
    authorization: `Basic ${Buffer.from('pg-demo-key:').toString('base64')}`,
  };
  for (let next: string | null = `${sim.url}/projects/${sim.project}/issues`; next;) {
    const page = (await (await fetch(next, { headers })).json()) as {
      data: never[];
      next_page_url: string | null;
    };
    issues.push(...page.data);
    next = page.next_page_url;
  }
  return issues;
}

const list = (c: Connector, updatedAfter: string | null = null, pageSize = 20) =>
  c.list({ object: 'issues', updatedAfter, pageSize });

// Paging under churn and 429 pacing: the connector contract (plangrid-contract.test.ts).
describe('PlanGrid connector: pulling', () => {
  it('starts a walk an overlap before the saved cursor and never yields a record twice', async () => {
    const sim = await planGrid();
    const pg = connector(sim);
    const all = await walkAll(list(pg, null, 7));
    const { updated } = sim.control.churn({ update: 3 });
    sim.control.clearRequests();

    const next = await walkAll(list(pg, all.cursor, 50));
    const query = sim.control.requests()[0]?.query.updated_after ?? '';
    expect(Date.parse(all.cursor!) - Date.parse(query)).toBeGreaterThanOrEqual(60_000);
    const ours = new Set((await issuesNow(sim)).map((issue) => issue.uid));
    const updatedHere = updated.filter((uid) => ours.has(uid));
    expect(next.records.map((r) => r.uid)).toEqual(expect.arrayContaining(updatedHere));
    expect(new Set(next.records.map((r) => r.uid)).size).toBe(next.records.length);
    expect(next.cursor! > all.cursor!).toBe(true);
  });

  it('surfaces deleted issues as they are, with deleted: true', async () => {
    const sim = await planGrid();
    const { deleted } = sim.control.churn({ delete: 4 });
    const { records } = await walkAll(list(connector(sim)));
    const gone = records.filter((r) => r.deleted === true).map((r) => r.uid);
    expect(gone.sort()).toEqual(deleted.filter((uid) => records.some((r) => r.uid === uid)).sort());
    expect(gone.length).toBeGreaterThan(0);
  });

  it('sends the versioned Accept header and reads RFIs of the project', async () => {
    const sim = await planGrid();
    const { records } = await walkAll(
      connector(sim).list({ object: 'rfis', updatedAfter: null, pageSize: 50 }),
    );
    expect(records.length).toBeGreaterThan(0);
    expect(records[0]).toMatchObject({ status: { label: expect.any(String) } });
    expect(sim.control.requests().every((r) => r.accept === MEDIA_TYPE)).toBe(true);
  });

  it('stops at the end of the date range', async () => {
    const sim = await planGrid();
    const all = await walkAll(list(connector(sim)));
    const middle = all.records[Math.floor(all.records.length / 2)]!.updated_at as string;
    const bounded = await walkAll(
      connector(sim).list({ object: 'issues', updatedAfter: null, updatedBefore: middle, pageSize: 10 }),
    );
    expect(bounded.records.at(-1)?.updated_at).toBe(middle);
    expect(bounded.cursor).toBe(middle);
  });
});

describe('PlanGrid connector: failures on the way', () => {
  it('completes through a burst of 503s', async () => {
    const sim = await planGrid();
    sim.control.addFault({ path: `/projects/*/issues`, fault: '503', times: 4 });
    const { records } = await walkAll(list(connector(sim), null, 25));
    expect(records).toHaveLength((await issuesNow(sim)).length);
    expect(sim.control.requests().filter((r) => r.status === 503)).toHaveLength(4);
  });

  it('classifies a slow answer as a timeout and retries it', async () => {
    const sim = await planGrid();
    sim.control.addFault({ path: `/projects/*/issues`, fault: 'slow', delayMs: 400, times: 2 });
    const pg = connector(sim, { http: { ...FAST_HTTP, timeoutMs: 150 } });
    const { records } = await walkAll(list(pg, null, 50));
    expect(records).toHaveLength((await issuesNow(sim)).length);

    sim.control.addFault({ path: `/projects/*/issues`, fault: 'slow', delayMs: 400 });
    const stubborn = connector(sim, { http: { timeoutMs: 100, retry: { maxRetries: 1, baseDelayMs: 5 } } });
    const error = await walkAll(list(stubborn)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ kind: 'timeout', attempts: 2 });
  });

  it('renews an expired OAuth token mid-walk and carries on', async () => {
    const sim = await planGrid({ tokenTtlSeconds: 60 });
    const tokens = await authorize(sim);
    sim.control.clearRequests();
    const refreshed: Array<Record<string, unknown>> = [];
    const credentials = { ...tokens, clientId: 'isync', clientSecret: 'isync-secret' };
    const pg = connector(sim, {
      connection: connectionTo('plangrid', sim.url, 'oauth2-authorization-code', { project: sim.project }),
      credentials,
      onCredentialsRefreshed: (next) => void refreshed.push(next),
    });
    let pages = 0;
    const { records } = await walkAll(list(pg, null, 10), () => {
      if (++pages === 2) sim.control.advanceClock(61_000);
    });

    expect(records).toHaveLength((await issuesNow(sim)).length);
    expect(sim.control.requests({ path: '/oauth/token' })).toHaveLength(1);
    expect(sim.control.requests().filter((r) => r.status === 401)).toHaveLength(1);
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0]).toMatchObject({ clientId: 'isync', accessToken: expect.any(String) });
    expect(refreshed[0]!.refreshToken).not.toBe(tokens.refreshToken);
  });
});

describe('PlanGrid connector: connection, description, writes', () => {
  it('a good API key names the account; a wrong one says so; an unreachable host says so', async () => {
    const sim = await planGrid();
    const good = await connector(sim).testConnection();
    expect(good.ok).toBe(true);
    expect(good.message).toMatch(/^Connected to PlanGrid as .+ \(.+@.+\), with access to project ".+"\.$/);

    const bad = await connector(sim, { credentials: { apiKey: 'not-the-key' } }).testConnection();
    expect(bad).toMatchObject({ ok: false, message: expect.stringContaining('wrong API key') });
    expect(JSON.stringify(bad)).not.toContain('not-the-key');

    const away = await connector(sim, {
      connection: connectionTo('plangrid', 'http://127.0.0.1:1', 'api-key'),
      http: { timeoutMs: 500, retry: { maxRetries: 0 } },
    }).testConnection();
    expect(away).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Cannot reach PlanGrid at 127\.0\.0\.1:1/),
    });
  });

  it('describes issues and RFIs with typed fields, issue statuses and the project’s RFI statuses', async () => {
    const sim = await planGrid();
    sim.control.setRfiStatuses(sim.project, [
      { label: 'Draft', color: '#999' },
      { label: 'Awaiting answer', color: '#f80' },
      { label: 'Answered', color: '#0a0' },
    ]);
    const description = await connector(sim).describe();
    const issues = description.objects.find((o) => o.name === 'issues')!;
    const rfis = description.objects.find((o) => o.name === 'rfis')!;
    expect(issues.statuses.map((s) => s.value)).toEqual(['open', 'in_review', 'pending', 'closed']);
    expect(issues.fields).toContainEqual(expect.objectContaining({ name: 'due_at', type: 'datetime' }));
    expect(issues.fields).toContainEqual(expect.objectContaining({ name: 'assignees', type: 'array' }));
    expect(rfis.statuses.map((s) => s.label)).toEqual(['Draft', 'Awaiting answer', 'Answered']);
    expect(rfis.statusField).toBe('status');
    // The projects the account reaches, for the project picker.
    expect(description.projects).toEqual(
      sim.control.projects().map((project) => ({ id: project.uid, name: project.name })),
    );
  });

  it('updates an issue by PATCH and refuses to create, being a source', async () => {
    const sim = await planGrid();
    const pg = connector(sim);
    const [issue] = (await issuesNow(sim)).filter((i) => i.status !== 'closed' && !i.deleted);
    const ref = await pg.update('issues', String(issue!.uid), { status: 'closed' });
    expect(ref).toMatchObject({ id: issue!.uid, fields: { status: 'closed' } });
    await expect(pg.create('issues', { title: 'x' })).rejects.toThrow(/PlanGrid is a source here/);
  });

  it('finds many issues by number in one walk of the list, and by uid one GET each', async () => {
    const sim = await planGrid();
    const pg = connector(sim);
    const issues = await issuesNow(sim);
    const [a, b] = issues;
    sim.control.clearRequests();
    const byNumber = await pg.findMany('issues', 'number', [String(a!.number), String(b!.number), 'no-such']);
    expect([...byNumber.entries()].map(([value, ref]) => [value, ref.id])).toEqual([
      [String(a!.number), a!.uid],
      [String(b!.number), b!.uid],
    ]);
    const walked = sim.control.requests().length;
    expect(walked).toBe(Math.ceil(issues.length / 50));
    sim.control.clearRequests();
    const byUid = await pg.findMany('issues', 'uid', [String(a!.uid), 'no-such-uid']);
    expect([...byUid.keys()]).toEqual([a!.uid]);
    expect(sim.control.requests()).toHaveLength(2);
  });
});

async function authorize(sim: Sim): Promise<{ accessToken: string; refreshToken: string }> {
  const redirect = await fetch(
    `${sim.url}/oauth/authorize?client_id=isync&redirect_uri=http://127.0.0.1/cb`,
    {
      redirect: 'manual',
    },
  );
  const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!;
  const answer = await fetch(`${sim.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://127.0.0.1/cb',
      client_id: 'isync',
      client_secret: 'isync-secret',
    }),
  });
  const body = (await answer.json()) as { access_token: string; refresh_token: string };
  return { accessToken: body.access_token, refreshToken: body.refresh_token };
}
