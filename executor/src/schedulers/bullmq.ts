import { DelayedError, Queue, Worker, type Job, type RepeatOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { IntegrationId, RunTrigger, Schedule, TenantId } from '@isync/core';
import { executeRun, type EngineDependencies } from '../engine/run.js';
import { containScheduling, schedulable, SUSPENDED, tenantActive, watchTenant } from './containment.js';
import { assertSchedulable, nextCronMillis } from './cron.js';
import { acquireRunLock } from './run-lock.js';
import type { Scheduler } from './scheduler.js';

export const RUN_QUEUE = 'isync-runs';

export interface RunJob {
  tenantId: TenantId;
  integrationId: IntegrationId;
  trigger: RunTrigger;
  /** The run this job started, kept as soon as it starts: a stalled job retried by another worker checks it. */
  runId?: string;
}

type JobResult = Pick<RunJobOutcome, 'runId' | 'skipped' | 'resumed'>;

/** What became of one job a worker took (for logs, metrics and tests). */
export interface RunJobOutcome extends Omit<RunJob, 'runId'> {
  jobId: string;
  /** The run it executed, null when it executed none. */
  runId: string | null;
  /** Why it executed no run. */
  skipped?: string;
  /** A job taken again after its worker stopped (stalled), with the run that worker had started. */
  resumed: boolean;
}

export interface QueueSchedulerOptions {
  redisUrl: string;
  /** BullMQ key prefix: one per deployment (and per test run). */
  prefix: string;
  /** Whether this process also executes runs (executor role) or only schedules them (api role). */
  work: boolean;
  /** Runs this process executes at once. */
  concurrency: number;
  /** How long a run lock and a job lock live without renewal; longer than the slowest page. */
  lockMs?: number;
  /** How often this worker looks for jobs whose worker died (BullMQ's stalled check); default 30 s. */
  stalledIntervalMs?: number;
  /** How often a running run looks whether its tenant was suspended (it then stops at its next batch); 5 s. */
  tenantCheckMs?: number;
  /** Told of every job this worker finished processing. */
  onJob?: (outcome: RunJobOutcome) => void;
}

const schedulerId = (tenantId: string, integrationId: string) => `integration:${tenantId}:${integrationId}`;

/**
 * BullMQ works out a job scheduler's next time with this instead of its own cron parser, so queue mode fires
 * a cron exactly when embedded mode would, and accepts exactly what the API validated.
 */
const repeatStrategy = (millis: number, options: RepeatOptions): number | undefined =>
  options.pattern ? nextCronMillis(millis, options.pattern, options.tz ?? 'UTC') : undefined;

function repeatOf(schedule: Schedule, timezone: string): Omit<RepeatOptions, 'key'> {
  return schedule.kind === 'interval'
    ? { every: schedule.everySeconds * 1000 }
    : { pattern: schedule.expression, tz: timezone };
}

/**
 * Queue mode: one BullMQ job scheduler per active integration, so every tick is one job (a tick never runs
 * twice), executed by whichever worker takes it; a Redis lock per integration keeps runs from overlapping
 * across workers. On close, the worker finishes the page in hand: the engine stops at the next batch
 * boundary, with the cursor and counts saved.
 */
export class QueueScheduler implements Scheduler {
  private readonly redis: Redis;
  private readonly queue: Queue<RunJob>;
  private worker: Worker<RunJob> | undefined;
  private readonly stopping = new AbortController();
  private readonly lockMs: number;

  constructor(
    private readonly engine: EngineDependencies,
    private readonly options: QueueSchedulerOptions,
  ) {
    this.lockMs = options.lockMs ?? 60_000;
    // Named after the prefix, so that an operator (or a test) finds this deployment's clients in CLIENT LIST.
    this.redis = new Redis(options.redisUrl, {
      maxRetriesPerRequest: null,
      connectionName: `${options.prefix}:scheduler`,
    });
    this.queue = new Queue<RunJob>(RUN_QUEUE, {
      connection: this.redis,
      prefix: options.prefix,
      settings: { repeatStrategy },
    });
  }

  async start(): Promise<void> {
    if (this.options.work && !this.worker) {
      this.worker = new Worker<RunJob>(RUN_QUEUE, (job) => this.process(job), {
        connection: this.redis.duplicate({
          maxRetriesPerRequest: null,
          connectionName: `${this.options.prefix}:worker`,
        }),
        prefix: this.options.prefix,
        settings: { repeatStrategy },
        concurrency: this.options.concurrency,
        lockDuration: this.lockMs,
        // A job whose worker died is picked up again once; process() checks the run it had started.
        maxStalledCount: 1,
        ...(this.options.stalledIntervalMs !== undefined && {
          stalledInterval: this.options.stalledIntervalMs,
        }),
      });
      this.worker.on('error', (error) => this.engine.logger.error({ err: error }, 'queue worker error'));
    }
    await this.reconcile();
  }

  /** Every active integration has its scheduler, and no scheduler outlives its integration. */
  private async reconcile(): Promise<void> {
    const wanted = new Set<string>();
    let cursor: string | undefined;
    do {
      const tenants = await this.engine.store.tenants.list({ limit: 100, ...(cursor && { cursor }) });
      for (const tenant of tenants.items) {
        let page: string | undefined;
        do {
          const integrations = await this.engine.store.integrations.list(
            tenant.id,
            { status: 'active' },
            { limit: 100, ...(page && { cursor: page }) },
          );
          for (const integration of integrations.items) {
            wanted.add(schedulerId(tenant.id, integration.id));
            // One integration that cannot be scheduled is marked `error` by sync; it never stops the others.
            await this.sync(tenant.id, integration.id);
          }
          page = integrations.nextCursor ?? undefined;
        } while (page);
      }
      cursor = tenants.nextCursor ?? undefined;
    } while (cursor);
    for (const scheduler of await this.queue.getJobSchedulers(0, -1)) {
      const id = scheduler.id ?? scheduler.key;
      if (!wanted.has(id)) await this.queue.removeJobScheduler(id);
    }
  }

  async sync(tenantId: TenantId, integrationId: IntegrationId): Promise<void> {
    const id = schedulerId(tenantId, integrationId);
    await containScheduling(this.engine, tenantId, integrationId, async () => {
      const integration = await this.engine.store.integrations.get(tenantId, integrationId);
      if (!integration || !(await schedulable(this.engine.store, integration))) {
        await this.queue.removeJobScheduler(id);
        return;
      }
      try {
        assertSchedulable(integration.schedule, integration.settings.timezone);
      } catch (error) {
        await this.queue.removeJobScheduler(id);
        throw error;
      }
      await this.queue.upsertJobScheduler(id, repeatOf(integration.schedule, integration.settings.timezone), {
        name: 'run',
        data: { tenantId, integrationId, trigger: 'schedule' },
        opts: { removeOnComplete: 1000, removeOnFail: 1000 },
      });
      if (integration.statusReason !== null)
        await this.engine.store.integrations.update(tenantId, integrationId, { statusReason: null });
    });
  }

  async runNow(
    tenantId: TenantId,
    integrationId: IntegrationId,
    trigger: 'manual' | 'replay' = 'manual',
  ): Promise<void> {
    await this.queue.add(
      'run',
      { tenantId, integrationId, trigger },
      { removeOnComplete: 1000, removeOnFail: 1000 },
    );
  }

  async nextRunAt(tenantId: TenantId, integrationId: IntegrationId): Promise<Date | null> {
    const scheduler = await this.queue.getJobScheduler(schedulerId(tenantId, integrationId));
    return scheduler?.next ? new Date(scheduler.next) : null;
  }

  /** Whether Redis answers within `timeoutMs` (readiness): commands wait for a reconnect, so bound it. */
  async ping(timeoutMs = 1000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const answer = this.redis.ping().then(
      (reply) => reply === 'PONG',
      () => false,
    );
    try {
      return await Promise.race([answer, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Jobs waiting or delayed (the queue-depth metric). */
  async depth(): Promise<number> {
    return this.queue.getJobCountByTypes('waiting', 'delayed', 'prioritized');
  }

  private async process(job: Job<RunJob>): Promise<JobResult> {
    const outcome = await this.execute(job);
    this.options.onJob?.({
      tenantId: job.data.tenantId,
      integrationId: job.data.integrationId,
      trigger: job.data.trigger,
      jobId: job.id ?? '',
      ...outcome,
    });
    return outcome;
  }

  private async execute(job: Job<RunJob>): Promise<JobResult> {
    const { tenantId, integrationId, trigger, runId: startedRunId } = job.data;
    const resumed = startedRunId !== undefined;
    const lock = await acquireRunLock(
      this.redis,
      `${this.options.prefix}:run-lock:${integrationId}`,
      this.lockMs,
    );
    if (!lock) {
      if (trigger !== 'schedule') {
        // A manual run waits for the running one instead of being dropped.
        await job.moveToDelayed(Date.now() + 2000, job.token);
        throw new DelayedError();
      }
      return { runId: null, skipped: 'a run of this integration is going', resumed };
    }
    try {
      // A job taken again after its worker stopped: its run's real state decides. A finished run is not
      // repeated; a run still marked running was abandoned (this worker holds the lock), and executeRun
      // closes it and carries on from the saved cursor and record states.
      const started = startedRunId ? await this.engine.store.runs.get(tenantId, startedRunId) : null;
      if (started && started.status !== 'running') {
        return { runId: started.id, skipped: 'its run had already finished', resumed };
      }
      if (!(await tenantActive(this.engine.store, tenantId))) {
        return { runId: null, skipped: SUSPENDED, resumed };
      }
      const suspended = new AbortController();
      const unwatch = watchTenant(this.engine.store, tenantId, suspended, this.options.tenantCheckMs ?? 5000);
      const run = await executeRun(this.engine, {
        tenantId,
        integrationId,
        trigger,
        stop: AbortSignal.any([this.stopping.signal, suspended.signal]),
        onStart: (run) => job.updateData({ ...job.data, runId: run.id }),
      }).finally(unwatch);
      return {
        runId: run?.id ?? null,
        resumed,
        ...(!run && { skipped: 'nothing to run' }),
      };
    } finally {
      await lock.release();
    }
  }

  async close(): Promise<void> {
    this.stopping.abort();
    await this.worker?.close();
    await this.queue.close();
    await this.redis.quit().catch(() => undefined);
  }
}
