/*
 * Queue mode as deployed: API and executor processes (`main.ts --role …`) sharing one store and one Redis.
 * The store is a SQLite file shared by the processes here (MongoDB cannot run on these machines); Jenkins
 * runs the same test with MONGODB_URL set.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { redisAvailable, until, type ChildWorker } from '@isync/executor/testing';
import {
  startNuvolo,
  startPlanGrid,
  type NuvoloControl,
  type PlanGridControl,
  type RunningSimulator,
} from '@isync/simulators';
import { ApiClient, overHttp, PASSWORD } from './testing/api-world.js';
import { activeIntegration, queueDeployment, signUpTenant, WORK_ORDERS } from './testing/queue-deployment.js';

const redis = await redisAvailable();

const INTEGRATIONS = 10;
/** Issues per PlanGrid simulator; each integration syncs the first of its two projects (half of them). */
const ISSUES = 60;

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

describe.skipIf(!redis)('queue mode: API and executor processes on Redis', () => {
  it('spreads runs over two executors, loses nothing when one is killed mid-run, and API replicas agree', async () => {
    const deployment = queueDeployment();
    cleanups.push(() => deployment.close());

    const plangrids: RunningSimulator<PlanGridControl>[] = [];
    for (let seed = 1; seed <= INTEGRATIONS; seed++) {
      const sim = await startPlanGrid({ seed, records: ISSUES, rateLimit: false });
      cleanups.push(() => sim.close());
      plangrids.push(sim);
    }
    const nuvolo: RunningSimulator<NuvoloControl> = await startNuvolo({ records: 0, rateLimit: false });
    cleanups.push(() => nuvolo.close());
    // Slow creates, so that runs are still pushing when an executor is killed.
    nuvolo.control.addFault({ path: `*${WORK_ORDERS}*`, method: 'POST', fault: 'slow', delayMs: 150 });

    const { start, url, stop } = deployment;
    // The API first (it creates the platform admin), then two executors.
    const api = start('api');
    const apiUrl = await url(api);
    const executors = [start('executor'), start('executor')];
    const executorUrls = await Promise.all(executors.map(url));
    for (const at of [apiUrl, ...executorUrls]) {
      expect(await (await fetch(`${at}/readyz`)).json()).toEqual({
        status: 'ready',
        store: true,
        redis: true,
      });
    }

    const transcript = { logLines: [], responses: [] };
    const { admin } = await signUpTenant(overHttp(apiUrl), transcript);

    // Ten PlanGrid → Nuvolo integrations through the wizard, one PlanGrid each, into one Nuvolo.
    const destination = await admin.post('/api/connections', {
      system: 'nuvolo',
      name: 'Nuvolo',
      baseUrl: nuvolo.url,
      authKind: 'basic',
      credentials: { username: 'admin', password: 'nuvolo-demo' },
    });
    expect(destination.status).toBe(201);
    const ids: string[] = [];
    for (const [i, plangrid] of plangrids.entries()) {
      ids.push(
        await activeIntegration(admin, {
          title: `Site ${i + 1}`,
          plangrid,
          destinationConnectionId: destination.json.id,
          everySeconds: 2,
        }),
      );
    }
    // The API process only enqueues: a run now goes through Redis to an executor.
    for (const id of ids) expect((await admin.post(`/api/integrations/${id}/run`)).status).toBe(202);

    const runs = async (query = '') => {
      const items: any[] = [];
      for (const id of ids)
        items.push(...(await admin.get(`/api/runs?integrationId=${id}&limit=100${query}`)).json.items);
      return items;
    };
    const executorOf = (child: ChildWorker) => (run: { executorId: string | null }) =>
      run.executorId?.endsWith(`:${child.pid}`) ?? false;

    // Kill one executor while it runs an integration.
    const [victim, survivor] = executors as [ChildWorker, ChildWorker];
    await until(
      async () => (await runs('&status=running')).some(executorOf(victim)),
      'the victim runs',
      20_000,
      50,
    );
    const ended = await stop(victim);
    // Measured once the victim is gone: a run it started while the kill was on its way is not "later".
    const killedAt = Date.now();

    // Every integration converges: each issue of its project is one work order, none twice.
    const expected = INTEGRATIONS * (ISSUES / 2);
    const workOrders = () => nuvolo.control.rows(WORK_ORDERS);
    await until(
      async () => workOrders().length >= expected && (await runs('&status=running')).length === 0,
      `the destination holds ${expected} work orders and nothing runs`,
      30_000,
      200,
    );
    const correlations = workOrders().map((row) => row.correlation_id);
    expect(new Set(correlations).size).toBe(correlations.length);
    expect(correlations).toHaveLength(expected);
    for (const id of ids) {
      const pushed = await admin.get(`/api/records?integrationId=${id}&status=pushed&limit=100`);
      expect(pushed.json.items).toHaveLength(ISSUES / 2);
    }

    // Both executors ran integrations; after the kill the survivor finished the work.
    const all = await runs();
    expect(all.filter(executorOf(victim)).length).toBeGreaterThan(0);
    expect(all.filter(executorOf(survivor)).length).toBeGreaterThan(0);
    const later = all.filter((run) => Date.parse(run.startedAt) > killedAt);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every(executorOf(survivor))).toBe(true);

    // A second API replica answers the same data as the first.
    const second = start('api');
    const secondUrl = await url(second);
    const again = new ApiClient(overHttp(secondUrl), transcript);
    await again.login('admin@acme.test');
    const view = async (client: ApiClient) => ({
      integrations: (await client.get('/api/integrations?limit=100')).json.items
        .map((i: any) => ({ id: i.id, title: i.title, status: i.status }))
        .sort((a: any, b: any) => a.id.localeCompare(b.id)),
      records: await Promise.all(
        ids.map(
          async (id) => (await client.get(`/api/records?integrationId=${id}&limit=100`)).json.items.length,
        ),
      ),
      run: (await client.get(`/api/runs/${all[0].id}`)).json,
    });
    expect(await view(again)).toEqual(await view(admin));

    // Failed sign-ins count across replicas: five wrong passwords spread over both lock the account on both.
    const guesser = (base: string) => new ApiClient(overHttp(base), transcript);
    for (const base of [apiUrl, secondUrl, apiUrl, secondUrl, apiUrl]) {
      expect(
        (await guesser(base).post('/api/auth/login', { email: 'admin@acme.test', password: 'wrong' })).status,
      ).toBe(401);
    }
    for (const base of [apiUrl, secondUrl]) {
      expect(
        (await guesser(base).post('/api/auth/login', { email: 'admin@acme.test', password: PASSWORD }))
          .status,
      ).toBe(429);
    }

    const survivorMetrics = await (await fetch(`${executorUrls[1]}/metrics`)).text();
    expect(survivorMetrics).toMatch(/isync_runs_total\{status="succeeded"\} \d+/);
    expect(survivorMetrics).toContain('isync_queue_depth');
    expect(await stop(survivor, 10_000)).toBe('SIGTERM');
    console.info(
      `queue mode: ${all.length} runs (victim ${all.filter(executorOf(victim)).length}, survivor ${all.filter(executorOf(survivor)).length}), victim ended by ${ended}, ${correlations.length} work orders, no duplicates`,
    );
  }, 90_000);
});
