import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMasterKey, keyring, openSqliteStore, type Integration, type Store } from '@isync/core';
import { InProcessScheduler, runKeep, type EngineDependencies } from '@isync/executor';
import { REDIS_URL, testPrefix } from '@isync/executor/testing';
import { tcpReachable } from '@isync/core/testing';
import { startQueueExecutor, type QueueExecutor } from './scale/queue-executors.js';
import { megabytes, percentile, report, rssBytes, scheduleFigures, treeCpuSeconds } from './scale/measure.js';
import { scaleIntegrations } from './scale/world.js';
import { startSimulatorProcess, type SimulatorProcess } from './simulators.js';
import { silentLogger } from './world.js';

/*
 * Many integrations on one executor (issue 19): N every-minute integrations across tenants, each with a
 * field-map expression, against simulators answering every request after a latency and changing a few issues
 * a minute, run for a few minutes after a warm-up. Two modes, one after the other:
 *   embedded  the real in-process scheduler in this process (`scale.*` lines);
 *   queue     two executor processes started as a deployment starts them (`main.ts --role executor`),
 *             BullMQ workers on Redis over one store (`scale_queue.*` lines, with each executor's share).
 * Exits non-zero only when something is wrong (runs failing), never on a missed target.
 */

const INTEGRATIONS = Number(process.env.BENCH_SCALE_INTEGRATIONS ?? 1000);
const TENANTS = Number(process.env.BENCH_SCALE_TENANTS ?? 10);
const LATENCY_MS = Number(process.env.BENCH_SCALE_LATENCY_MS ?? 100);
const MINUTES = Number(process.env.BENCH_SCALE_MINUTES ?? 3);
const WARMUP_S = Number(process.env.BENCH_SCALE_WARMUP_S ?? 60);
const MODES = (process.env.BENCH_SCALE_MODES ?? 'embedded,queue').split(',').map((mode) => mode.trim());
/** Queue mode named on purpose: then a missing Redis fails the bench instead of leaving the mode out. */
const QUEUE_ASKED = process.env.BENCH_SCALE_MODES !== undefined;
/** Issue edits a minute in each of PlanGrid's two projects: about 3 changes per integration per minute. */
const CHANGES_PER_MINUTE = 6;
const CONCURRENCY = Number(process.env.ISYNC_EXECUTOR_CONCURRENCY ?? 16);
const QUEUE_EXECUTORS = 2;

/** What runs the integrations while the bench measures: its processes, and how to stop it. */
interface Executors {
  /** The processes whose CPU and memory are the executor's. */
  pids: number[];
  /** What became of the processes that ended while measured (none should). */
  lost(): string[];
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function embedded(store: Store, ring: ReturnType<typeof keyring>): Promise<Executors> {
  const logger = silentLogger();
  // What the product's embedded process keeps across runs, as it keeps it.
  const keep = runKeep(logger);
  const deps: EngineDependencies = { store, keyring: ring, logger, ...keep.deps };
  const scheduler = new InProcessScheduler(deps, { concurrency: CONCURRENCY });
  await scheduler.start();
  return {
    pids: [process.pid],
    lost: () => [],
    async stop() {
      await scheduler.close();
      await keep.close();
    },
  };
}

async function queue(dir: string, masterKey: string): Promise<Executors> {
  const keys = testPrefix();
  const executors: QueueExecutor[] = [];
  try {
    for (let i = 1; i <= QUEUE_EXECUTORS; i++) {
      executors.push(
        await startQueueExecutor(`executor-${i}`, {
          dataDir: dir,
          redisUrl: REDIS_URL,
          prefix: keys.prefix,
          masterKey,
          concurrency: CONCURRENCY,
          logDir: dir,
        }),
      );
    }
  } catch (error) {
    await Promise.all(executors.map((executor) => executor.stop()));
    await keys.clean();
    throw error;
  }
  // Killed in the middle, the bench takes its executors, their Redis keys and its store with it.
  const stop = async () => {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    await Promise.all(executors.map((executor) => executor.stop()));
    await keys.clean();
  };
  const interrupted = (signal: NodeJS.Signals) =>
    void stop().finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.kill(process.pid, signal);
    });
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  return {
    pids: executors.map((executor) => executor.pid),
    lost: () =>
      executors
        .filter((executor) => executor.ended())
        .map((executor) => `${executor.name} ended while measured:\n${executor.log()}`),
    stop,
  };
}

async function measure(mode: string): Promise<string[]> {
  const problems: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'isync-scale-'));
  let simulators: SimulatorProcess | undefined;
  const store = openSqliteStore({ file: join(dir, 'isync.db') });
  try {
    simulators = await startSimulatorProcess();
    const urls = await simulators.ask({
      op: 'start-scale',
      records: 40,
      delayMs: LATENCY_MS,
      perMinute: CHANGES_PER_MINUTE,
    });
    const masterKey = generateMasterKey();
    const ring = keyring(masterKey);
    const integrations: Integration[] = await scaleIntegrations(store, ring, urls, {
      count: INTEGRATIONS,
      tenants: TENANTS,
    });
    const queueMode = mode === 'queue';
    console.log(
      `# ${mode}: ${integrations.length} integrations over ${TENANTS} tenants, every minute, APIs answering ` +
        `after ${LATENCY_MS} ms, ${CHANGES_PER_MINUTE} issue changes a minute per project, ` +
        (queueMode
          ? `${QUEUE_EXECUTORS} executor processes (BullMQ on Redis, the SQLite store shared), concurrency ${CONCURRENCY} each; `
          : `concurrency ${CONCURRENCY}; `) +
        `${WARMUP_S} s warm-up, then ${MINUTES} min measured`,
    );
    const executors = queueMode ? await queue(dir, masterKey) : await embedded(store, ring);
    const prefix = queueMode ? 'scale_queue' : 'scale';
    let measured: { from: string; to: string; cpuPct: number; rss: number[][] };
    try {
      await sleep(WARMUP_S * 1000);
      const from = new Date().toISOString();
      const cpu = () => executors.pids.reduce((sum, pid) => sum + treeCpuSeconds(pid, simulators!.pid), 0);
      const cpuBefore = cpu();
      const wallBefore = performance.now();
      const rss: number[][] = executors.pids.map(() => []);
      const sampler = setInterval(
        () => executors.pids.forEach((pid, i) => rss[i]!.push(rssBytes(pid))),
        1000,
      );
      await sleep(MINUTES * 60_000);
      clearInterval(sampler);
      const cpuPct = ((cpu() - cpuBefore) / ((performance.now() - wallBefore) / 1000)) * 100;
      measured = { from, to: new Date().toISOString(), cpuPct, rss };
      problems.push(...executors.lost().map((lost) => `${mode}: ${lost}`));
    } finally {
      await executors.stop();
    }

    const figures = await scheduleFigures(store, integrations, measured.from, measured.to);
    if (figures.failed.length > 0)
      problems.push(`${mode}: ${figures.failed.length} runs failed, e.g. ${figures.failed[0]!.error}`);
    const p99 = percentile(figures.lags, 99);
    const highestRss = Math.max(...measured.rss.map((samples) => Math.max(0, ...samples)));
    const allRss = measured.rss.flat().sort((a, b) => a - b);
    const perMinute = figures.scheduled.length / figures.judgedMinutes;
    console.log(
      `# ${mode}: ${figures.scheduled.length} scheduled runs due in ${figures.judgedMinutes.toFixed(1)} min ` +
        `(${(integrations.length * figures.judgedMinutes).toFixed(0)} due), ` +
        `lag p50 ${percentile(figures.lags, 50).toFixed(2)} s, RSS median ${megabytes(percentile(allRss, 50)).toFixed(0)} MB`,
    );
    // The work those runs did, so that CPU figures of two trees compare like with like.
    const done = figures.scheduled.reduce(
      (sum, run) => ({
        pulled: sum.pulled + run.counts.pulled,
        written: sum.written + run.counts.created + run.counts.updated + run.counts.linked,
        failed: sum.failed + run.counts.failed,
      }),
      { pulled: 0, written: 0, failed: 0 },
    );
    console.log(
      `# ${mode}: those runs pulled ${done.pulled} records, wrote ${done.written} to the destination, ` +
        `${done.failed} failed`,
    );
    report(`${prefix}.lag_p99_s`, p99, 's', 2, 'target < 5', p99 < 5);
    report(`${prefix}.skipped_ticks`, figures.skipped, 'ticks', 0, 'target 0', figures.skipped === 0);
    report(
      `${prefix}.rss_mb`,
      megabytes(highestRss),
      'MB',
      0,
      queueMode ? 'max of each executor process, target < 500' : 'max, target < 500',
      megabytes(highestRss) < 500,
    );
    report(
      `${prefix}.cpu_pct`,
      measured.cpuPct,
      '%',
      1,
      queueMode
        ? `of one core, both executors and their sandbox hosts together`
        : 'of one core, executor and its sandbox hosts, target < 100',
      queueMode ? undefined : measured.cpuPct < 100,
    );
    report(
      `${prefix}.runs_per_min`,
      perMinute,
      'runs/min',
      0,
      `${integrations.length} due a minute`,
      perMinute >= integrations.length * 0.99,
    );
    if (queueMode) {
      const byExecutor = new Map<string, number>();
      for (const run of figures.scheduled)
        byExecutor.set(run.executorId ?? '?', (byExecutor.get(run.executorId ?? '?') ?? 0) + 1);
      console.log(
        `# queue: runs by executor: ${[...byExecutor].map(([id, runs]) => `${id} ${runs}`).join(', ')}`,
      );
      const busiest = Math.max(0, ...byExecutor.values());
      const share = figures.scheduled.length === 0 ? 0 : (busiest / figures.scheduled.length) * 100;
      report(
        'scale_queue.busiest_executor_pct',
        share,
        '%',
        1,
        `of the scheduled runs, taken by the busier of ${QUEUE_EXECUTORS} executors (an even split is ${(100 / QUEUE_EXECUTORS).toFixed(0)})`,
      );
      if (byExecutor.size < QUEUE_EXECUTORS)
        problems.push(`queue: only ${byExecutor.size} of ${QUEUE_EXECUTORS} executors ran anything`);
    }
  } finally {
    await store.close();
    await simulators?.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return problems;
}

const problems: string[] = [];
for (const mode of MODES) {
  if (mode !== 'embedded' && mode !== 'queue') {
    problems.push(`BENCH_SCALE_MODES: unknown mode "${mode}" (embedded, queue)`);
    continue;
  }
  if (mode === 'queue') {
    const { hostname, port } = new URL(REDIS_URL);
    if (!(await tcpReachable(hostname, Number(port || 6379)))) {
      const why = `queue mode needs Redis and nothing answers at ${REDIS_URL}`;
      if (QUEUE_ASKED) problems.push(why);
      else console.log(`# queue: LEFT OUT — ${why} (BENCH_SCALE_MODES=queue makes that a failure)`);
      continue;
    }
  }
  problems.push(...(await measure(mode)));
}
if (problems.length > 0) {
  for (const problem of problems) console.error(`scale bench: ${problem}`);
  process.exit(1);
}
