import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateMasterKey,
  keyring,
  openSqliteStore,
  type Flow,
  type Integration,
  type RunSummary,
  type Store,
} from '@isync/core';
import { InProcessScheduler, offsetFor, type EngineDependencies } from '@isync/executor';
import { SandboxPool } from '@isync/nodes';
import { startSimulatorProcess } from './simulators.js';
import { activeIntegration, silentLogger } from './world.js';

/*
 * Many integrations on one embedded executor (issue 19): N every-minute integrations across tenants, each
 * with a field-map expression, against simulators answering every request after a latency and changing a
 * few issues a minute, run by the real in-process scheduler for a few minutes after a warm-up. Prints
 * `BENCH scale.*` lines with their targets; exits non-zero only when something is wrong (runs failing),
 * never on a missed target.
 */

const INTEGRATIONS = Number(process.env.BENCH_SCALE_INTEGRATIONS ?? 1000);
const TENANTS = Number(process.env.BENCH_SCALE_TENANTS ?? 10);
const LATENCY_MS = Number(process.env.BENCH_SCALE_LATENCY_MS ?? 100);
const MINUTES = Number(process.env.BENCH_SCALE_MINUTES ?? 3);
const WARMUP_S = Number(process.env.BENCH_SCALE_WARMUP_S ?? 60);
/** Issue edits a minute in each of PlanGrid's two projects: about 3 changes per integration per minute. */
const CHANGES_PER_MINUTE = 6;
const CONCURRENCY = Number(process.env.ISYNC_EXECUTOR_CONCURRENCY ?? 16);
const EVERY_MINUTE = { kind: 'cron', expression: '* * * * *' } as const;

const withExpression = (flow: Flow): Flow => ({
  ...flow,
  nodes: flow.nodes.map((node) =>
    node.type !== 'field-map'
      ? node
      : {
          ...node,
          data: {
            ...node.data,
            config: {
              ...node.data.config,
              create: [
                ...(node.data.config.create as unknown[]).filter(
                  (m) => (m as { target: string }).target !== 'description',
                ),
                {
                  target: 'description',
                  value: { kind: 'expression', expression: 'text.upper(record.title)' },
                },
              ],
            },
          },
        },
  ),
});

/** CPU seconds (user + system) of this process and its children, leaving out the simulators' process. */
function treeCpuSeconds(except: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended meanwhile.
    }
  }
  const inTree = (pid: number): boolean => {
    for (let at = pid, hops = 0; hops < 10; hops++) {
      if (at === except) return false;
      if (at === process.pid) return true;
      const parent = stats.get(at)?.ppid;
      if (parent === undefined || parent <= 1) return false;
      at = parent;
    }
    return false;
  };
  let ticks = 0;
  for (const [pid, { ticks: own }] of stats) if (inTree(pid)) ticks += own;
  return ticks / 100; // USER_HZ
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function runsBetween(store: Store, tenantId: string, from: string, to: string): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.runs.list(tenantId, { from, to }, { limit: 500, ...(cursor && { cursor }) });
    runs.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return runs;
}

function report(name: string, value: number, unit: string, digits: number, target: string, met?: boolean) {
  const verdict = met === undefined ? '' : `: ${met ? 'met' : 'MISSED'}`;
  console.log(`BENCH ${name} ${value.toFixed(digits)} ${unit}  # ${target}${verdict}`);
}

const dir = mkdtempSync(join(tmpdir(), 'isync-scale-'));
const simulators = await startSimulatorProcess();
const store = openSqliteStore({ file: join(dir, 'isync.db') });
const sandboxes = new SandboxPool({ logger: silentLogger() });
const problems: string[] = [];
try {
  const urls = await simulators.ask({
    op: 'start-scale',
    records: 40,
    delayMs: LATENCY_MS,
    perMinute: CHANGES_PER_MINUTE,
  });
  const ring = keyring(generateMasterKey());
  const integrations: Integration[] = [];
  const started = new Date().toISOString();
  for (let t = 0; t < TENANTS; t++) {
    const { tenant, integration } = await activeIntegration(store, ring, urls, `scale-${t}`, withExpression);
    const plan = (await store.plans.get(tenant.id, integration.id, integration.planVersion!))!;
    const count = Math.floor(INTEGRATIONS / TENANTS) + (t < INTEGRATIONS % TENANTS ? 1 : 0);
    for (let i = 0; i < count; i++) {
      const base =
        i === 0
          ? integration
          : await store.integrations.create(tenant.id, { title: `Site ${i}`, description: '' });
      if (i > 0) await store.plans.save(tenant.id, base.id, { ...plan, flow: integration.flow });
      const active = await store.integrations.update(tenant.id, base.id, {
        flow: integration.flow,
        status: 'active',
        planVersion: i === 0 ? plan.version : 1,
        schedule: EVERY_MINUTE,
        sourceConnectionId: integration.sourceConnectionId,
        destinationConnectionId: integration.destinationConnectionId,
      });
      // Synced before: minute runs pull only what changed, as in a hub's steady state.
      await store.integrations.saveCursor(tenant.id, base.id, started);
      integrations.push(active!);
    }
  }
  const deps: EngineDependencies = { store, keyring: ring, logger: silentLogger(), sandboxes };
  const scheduler = new InProcessScheduler(deps, { concurrency: CONCURRENCY });
  console.log(
    `# scale: ${integrations.length} integrations over ${TENANTS} tenants, every minute, APIs answering after ` +
      `${LATENCY_MS} ms, ${CHANGES_PER_MINUTE} issue changes a minute per project, concurrency ${CONCURRENCY}; ` +
      `${WARMUP_S} s warm-up, then ${MINUTES} min measured`,
  );
  await scheduler.start();
  await new Promise((resolve) => setTimeout(resolve, WARMUP_S * 1000));

  const from = new Date().toISOString();
  const cpuBefore = treeCpuSeconds(simulators.pid);
  const wallBefore = performance.now();
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(process.memoryUsage.rss()), 1000);
  await new Promise((resolve) => setTimeout(resolve, MINUTES * 60_000));
  clearInterval(sampler);
  const cpuPct =
    ((treeCpuSeconds(simulators.pid) - cpuBefore) / ((performance.now() - wallBefore) / 1000)) * 100;
  const to = new Date().toISOString();
  await scheduler.close();

  const offsets = new Map(integrations.map((i) => [i.id, offsetFor(i.id, EVERY_MINUTE, 'UTC')]));
  const runs = (
    await Promise.all(
      [...new Set(integrations.map((i) => i.tenantId))].map((t) => runsBetween(store, t, from, to)),
    )
  ).flat();
  // Each scheduled run is judged by its due time (its minute plus its integration's offset): those due in
  // the measured window's whole minutes but the last (whose runs may start after the window) count.
  const judgedUntil = Date.parse(to) - 60_000;
  const dueRuns = runs
    .filter((run) => run.trigger === 'schedule' && run.status !== 'skipped')
    .map((run) => {
      const offset = offsets.get(run.integrationId) ?? 0;
      const startedAt = Date.parse(run.startedAt);
      const due = Math.floor((startedAt - offset) / 60_000) * 60_000 + offset;
      return { run, due, lag: (startedAt - due) / 1000 };
    })
    .filter(({ due }) => due >= Date.parse(from) && due < judgedUntil);
  const judgedMinutes = (judgedUntil - Date.parse(from)) / 60_000;
  const scheduled = dueRuns.map(({ run }) => run);
  const lags = dueRuns.map(({ lag }) => lag).sort((a, b) => a - b);
  const skipped = runs.filter((run) => run.status === 'skipped').length;
  // Runs in flight when the measure ended were stopped by the shutdown: not a failure of the sync.
  const failed = scheduled.filter((run) => run.status === 'failed' && !run.error?.includes('shut down'));
  if (failed.length > 0) problems.push(`${failed.length} runs failed, e.g. ${failed[0]!.error}`);
  const sortedRss = rss.sort((a, b) => a - b);
  const mb = (bytes: number) => bytes / 1024 / 1024;
  console.log(
    `# scale: ${scheduled.length} scheduled runs due in ${judgedMinutes.toFixed(1)} min ` +
      `(${(integrations.length * judgedMinutes).toFixed(0)} due), ` +
      `lag p50 ${percentile(lags, 50).toFixed(2)} s, RSS median ${mb(percentile(sortedRss, 50)).toFixed(0)} MB`,
  );
  report('scale.lag_p99_s', percentile(lags, 99), 's', 2, 'target < 5', percentile(lags, 99) < 5);
  report('scale.skipped_ticks', skipped, 'ticks', 0, 'target 0', skipped === 0);
  report(
    'scale.rss_mb',
    mb(sortedRss.at(-1) ?? 0),
    'MB',
    0,
    'max, target < 500',
    mb(sortedRss.at(-1) ?? 0) < 500,
  );
  report(
    'scale.cpu_pct',
    cpuPct,
    '%',
    1,
    'of one core, executor and its sandbox hosts, target < 100',
    cpuPct < 100,
  );
  report(
    'scale.runs_per_min',
    scheduled.length / judgedMinutes,
    'runs/min',
    0,
    `${integrations.length} due a minute`,
    scheduled.length / judgedMinutes >= integrations.length * 0.99,
  );
} finally {
  await sandboxes.close();
  await store.close();
  await simulators.close();
  rmSync(dir, { recursive: true, force: true });
}
if (problems.length > 0) {
  for (const problem of problems) console.error(`scale bench: ${problem}`);
  process.exit(1);
}
