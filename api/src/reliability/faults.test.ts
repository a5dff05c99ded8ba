/*
 * Issue #11, part 2: a fault campaign during syncs. Queue mode as deployed (an API process, two executor
 * processes, Redis under this test's prefix, one SQLite store), PlanGrid sources and a Nuvolo destination
 * in this process. Each round changes the sources, injects one fault at a seeded random moment, and waits
 * for the deployment to converge: every source issue is exactly one work order with its current title,
 * failed runs say why, no run stays running, and the store passes its integrity check.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { checkIntegrity, type IntegrityProblem, type Store } from '@isync/core';
import {
  killRedisClients,
  redisAvailable,
  seededRandom,
  sleep,
  until,
  type ChildWorker,
} from '@isync/executor/testing';
import {
  startNuvolo,
  startPlanGrid,
  type Issue,
  type NuvoloControl,
  type PlanGridControl,
  type RunningSimulator,
} from '@isync/simulators';
import { type ApiClient } from '../testing/api-world.js';
import {
  activeIntegration,
  queueDeployment,
  signUpTenant,
  toCurrentApi,
  WORK_ORDERS,
} from '../testing/queue-deployment.js';

const redis = await redisAvailable();

const FAULTS = [
  'executor SIGKILL',
  'API restart',
  'Redis connections killed',
  'destination 429 storm',
  'destination 503 storm',
  'source malformed JSON',
  'source truncated page',
  'source duplicated records',
] as const;
type Fault = (typeof FAULTS)[number];

/** The fast subset (`npm test`) injects each fault once; the full run (RELIABILITY_RUNS ≥ 100) more. */
const RUNS = Number(process.env.RELIABILITY_RUNS ?? 0);
const ROUNDS = RUNS >= 100 ? Math.max(FAULTS.length, Math.ceil(RUNS / 4)) : FAULTS.length;
const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 1_000_000);
const INTEGRATIONS = 3;
/** Issues per PlanGrid; each integration syncs the first of its two projects. */
const ISSUES = 40;
const CONVERGE_MS = 45_000;
/** A run still running after this long has been abandoned and not closed. */
const STUCK_MS = 20_000;
const ISSUES_PATH = '/projects/*/issues';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

interface Site {
  integrationId: string;
  plangrid: RunningSimulator<PlanGridControl>;
}

/** The issues of the project a site syncs, as the simulator holds them now (read beside its API). */
function sourceIssues(site: Site): Issue[] {
  const state = site.plangrid.control.dump().state as {
    projects: Array<{ project: { uid: string }; issues: Issue[] }>;
  };
  const uid = site.plangrid.control.projects()[0]!.uid;
  return state.projects.find((p) => p.project.uid === uid)!.issues;
}

/** What the destination lacks, and what it holds twice, against the sources. */
function compare(sites: Site[], nuvolo: RunningSimulator<NuvoloControl>) {
  const rows = nuvolo.control.rows(WORK_ORDERS);
  const byCorrelation = new Map<string, typeof rows>();
  for (const row of rows) {
    const key = String(row.correlation_id);
    byCorrelation.set(key, [...(byCorrelation.get(key) ?? []), row]);
  }
  const expected = sites.flatMap(sourceIssues);
  const lost = expected.filter((issue) => !byCorrelation.has(issue.uid));
  const stale = expected.filter((issue) =>
    byCorrelation
      .get(issue.uid)
      ?.some((row) => row.short_description !== `PG-${issue.number}: ${issue.title}`),
  );
  const duplicated = [...byCorrelation.values()].filter((same) => same.length > 1);
  const strangers = rows.filter((row) => !expected.some((issue) => issue.uid === row.correlation_id));
  return { lost, stale, duplicated, strangers, expected: expected.length, rows: rows.length };
}

describe.skipIf(!redis)('reliability: faults during syncs', () => {
  it(
    'after every fault the runs resume or fail cleanly, the destination converges and the store stays whole',
    async () => {
      console.log(`reliability: faults: seed ${SEED} (FAULT_SEED=${SEED} repeats this campaign)`);
      const random = seededRandom(SEED);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

      const deployment = queueDeployment({ lockMs: 2000 });
      cleanups.push(() => deployment.close());
      const nuvolo = await startNuvolo({ records: 0, rateLimit: false });
      cleanups.push(() => nuvolo.close());
      const plangrids: RunningSimulator<PlanGridControl>[] = [];
      for (let i = 1; i <= INTEGRATIONS; i++) {
        const sim = await startPlanGrid({ seed: SEED + i, records: ISSUES, rateLimit: false });
        cleanups.push(() => sim.close());
        plangrids.push(sim);
      }

      const api = { child: deployment.start('api'), url: '' };
      api.url = await deployment.url(api.child);
      const executors: ChildWorker[] = [deployment.start('executor'), deployment.start('executor')];
      await Promise.all(executors.map(deployment.url));
      const transcript = { logLines: [], responses: [] };
      const { admin, tenantId } = await signUpTenant(toCurrentApi(api), transcript);
      const destination = await admin.post('/api/connections', {
        system: 'nuvolo',
        name: 'Nuvolo',
        baseUrl: nuvolo.url,
        authKind: 'basic',
        credentials: { username: 'admin', password: 'nuvolo-demo' },
      });
      const sites: Site[] = [];
      for (const [i, plangrid] of plangrids.entries()) {
        const integrationId = await activeIntegration(admin, {
          title: `Site ${i + 1}`,
          plangrid,
          destinationConnectionId: destination.json.id,
          everySeconds: 1,
        });
        sites.push({ integrationId, plangrid });
      }
      const store = await deployment.openStore();
      // Destination writes take a while, so that faults land in the middle of pushes.
      nuvolo.control.addFault({ path: `*${WORK_ORDERS}*`, method: 'POST', fault: 'slow', delayMs: 100 });
      nuvolo.control.addFault({ path: `*${WORK_ORDERS}*`, method: 'PATCH', fault: 'slow', delayMs: 100 });

      const inject: Record<Fault, () => Promise<void>> = {
        'executor SIGKILL': async () => {
          // The executor of a run in progress, when one starts soon enough; else either.
          const running = await runningRun(store, tenantId, sites, 5_000);
          const busy = executors.findIndex((child) => running?.executorId?.endsWith(`:${child.pid}`));
          const at = busy >= 0 ? busy : Math.floor(random() * executors.length);
          const victim = executors[at]!;
          victim.kill('SIGKILL');
          await victim.exited;
          executors[at] = deployment.start('executor');
          await deployment.url(executors[at]);
        },
        'API restart': async () => {
          await deployment.stop(api.child);
          api.child = deployment.start('api');
          api.url = await deployment.url(api.child);
        },
        'Redis connections killed': async () => {
          await runningRun(store, tenantId, sites, 5_000);
          // Each executor's scheduler and worker connections at least (BullMQ adds its own).
          expect(await killRedisClients(deployment.prefix)).toBeGreaterThanOrEqual(2 * executors.length);
        },
        'destination 429 storm': () => storm('429'),
        'destination 503 storm': () => storm('503'),
        'source malformed JSON': () => sourceFault('malformed'),
        'source truncated page': () => sourceFault('truncated'),
        'source duplicated records': async () => {
          await sourceFault('duplicate');
          await sourceFault('overlap');
        },
      };
      /** Most destination requests answer 429 or 503 for a second and a half. */
      async function storm(status: '429' | '503') {
        const plan = nuvolo.control.addFault({ path: `*${WORK_ORDERS}*`, fault: status, probability: 0.7 });
        await sleep(1500);
        nuvolo.control.removeFault(plan.id);
      }
      /**
       * The next 1 to 8 issues pages one source answers are faulty (past 6, a read's retries give up and
       * the run fails); waits until they have been served.
       */
      async function sourceFault(fault: 'malformed' | 'truncated' | 'duplicate' | 'overlap') {
        const { control } = pick(sites).plangrid;
        const times = 1 + Math.floor(random() * 8);
        const plan = control.addFault({ path: ISSUES_PATH, method: 'GET', fault, times });
        await until(
          () => control.faults().find((p) => p.id === plan.id)?.fired === times,
          `the ${fault} pages were served`,
          30_000,
        );
        control.removeFault(plan.id);
      }

      const tally = { injected: 0, survived: 0, lost: 0, duplicated: 0, integrity: 0 };
      const failures: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // Each fault once in a seeded order, then seeded picks.
        const fault = round < FAULTS.length ? FAULTS[(round + SEED) % FAULTS.length]! : pick(FAULTS);
        for (const site of sites)
          site.plangrid.control.churn({
            create: 1 + Math.floor(random() * 3),
            update: 1 + Math.floor(random() * 3),
          });
        await sleep(Math.floor(random() * 1500));
        await inject[fault]();
        tally.injected += 1;

        const outcome = await converge(sites, nuvolo, store, tenantId, admin);
        tally.lost += outcome.lost;
        tally.duplicated += outcome.duplicated;
        tally.integrity += outcome.integrity.length;
        if (outcome.problems.length === 0) tally.survived += 1;
        else failures.push(`round ${round} (${fault}): ${outcome.problems.join('; ')}`);
      }

      const runs = (
        await Promise.all(sites.map((site) => allRuns(store, tenantId, site.integrationId)))
      ).flat();
      const exceptions = (await store.exceptions.list(tenantId, {}, { limit: 500 })).items;
      console.info(
        `faults: ${runs.length} runs (${runs.filter((run) => run.status === 'failed').length} failed), exceptions by kind ${JSON.stringify(countBy(exceptions.map((e) => `${e.phase}:${e.kind}`)))}`,
      );
      console.log(`reliability: faults: ${tally.injected} injected, ${tally.survived} survived`);
      console.log(
        `reliability: faults: ${tally.lost} lost, ${tally.duplicated} duplicated, ${tally.integrity} integrity problems`,
      );
      expect(failures).toEqual([]);
      expect(tally.survived).toBe(tally.injected);
    },
    // Per round: a fault, then up to CONVERGE_MS to converge; most rounds take a few seconds.
    60_000 + ROUNDS * 20_000,
  );
});

/**
 * Waits for the destination to match the sources, then checks the runs and the store. Answers what it
 * found wrong (empty when the round was survived).
 */
async function converge(
  sites: Site[],
  nuvolo: RunningSimulator<NuvoloControl>,
  store: Store,
  tenantId: string,
  admin: ApiClient,
) {
  let state = compare(sites, nuvolo);
  const deadline = Date.now() + CONVERGE_MS;
  while (Date.now() < deadline) {
    state = compare(sites, nuvolo);
    const settled = state.lost.length + state.stale.length + state.strangers.length === 0;
    if (settled || state.duplicated.length > 0) break;
    // A failed record waits for its retry (30 s and more) or a replay: a user replays it.
    for (const site of sites) await replayFailed(admin, site.integrationId);
    await sleep(250);
  }
  const problems: string[] = [];
  if (state.lost.length > 0) problems.push(`${state.lost.length} issues never reached the destination`);
  if (state.stale.length > 0) problems.push(`${state.stale.length} work orders kept an old title`);
  if (state.duplicated.length > 0) problems.push(`${state.duplicated.length} issues are two work orders`);
  if (state.strangers.length > 0) problems.push(`${state.strangers.length} work orders match no issue`);

  const runs = (await Promise.all(sites.map((site) => allRuns(store, tenantId, site.integrationId)))).flat();
  const stuck = runs.filter(
    (run) => run.status === 'running' && Date.now() - Date.parse(run.startedAt) > STUCK_MS,
  );
  if (stuck.length > 0) problems.push(`${stuck.length} runs stuck running`);
  for (const run of runs.filter((r) => r.status === 'failed' && !r.error))
    problems.push(`run ${run.id} failed without saying why`);
  const exceptions = await store.exceptions.list(tenantId, {}, { limit: 500 });
  // A pull or push failure says which system answered what; a bare TypeError says nothing a user can act on.
  const unexplained = exceptions.items.filter(
    (entry) => !entry.kind || (entry.phase !== 'transform' && !/^(PlanGrid|Nuvolo) /.test(entry.message)),
  );
  if (unexplained.length > 0)
    problems.push(
      `exceptions that do not explain themselves: ${unexplained.map((e) => e.message).join(' | ')}`,
    );

  const integrity = await settledIntegrity(store, tenantId);
  if (integrity.length > 0) problems.push(`integrity: ${JSON.stringify(integrity.slice(0, 3))}`);
  return { problems, lost: state.lost.length, duplicated: state.duplicated.length, integrity };
}

/** Problems the integrity check reports twice in a row: a record read between two writes is not one. */
async function settledIntegrity(store: Store, tenantId: string): Promise<IntegrityProblem[]> {
  const first = await checkIntegrity(store, tenantId);
  if (first.length === 0) return first;
  await sleep(500);
  const again = new Set((await checkIntegrity(store, tenantId)).map((problem) => JSON.stringify(problem)));
  return first.filter((problem) => again.has(JSON.stringify(problem)));
}

async function replayFailed(admin: ApiClient, integrationId: string) {
  const failed = await admin.get(`/api/records?integrationId=${integrationId}&status=failed&limit=100`);
  const recordIds = (failed.json?.items ?? []).map((record: { id: string }) => record.id);
  if (recordIds.length > 0) await admin.post('/api/records/replay', { recordIds });
}

/** A run of these sites in progress, once one is (null after `timeoutMs`). */
async function runningRun(store: Store, tenantId: string, sites: Site[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const site of sites) {
      const run = await store.runs.running(tenantId, site.integrationId);
      if (run) return run;
    }
    await sleep(20);
  }
  return null;
}

const countBy = (keys: string[]) =>
  keys.reduce<Record<string, number>>((counts, key) => ({ ...counts, [key]: (counts[key] ?? 0) + 1 }), {});

async function allRuns(store: Store, tenantId: string, integrationId: string) {
  const runs = [];
  let cursor: string | undefined;
  do {
    const page = await store.runs.list(
      tenantId,
      { integrationId },
      { limit: 500, ...(cursor && { cursor }) },
    );
    runs.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return runs;
}
