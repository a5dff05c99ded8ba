import { DelayedError, Queue, Worker, type Job, type RepeatOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { IntegrationId, RunId, RunTrigger, Schedule, TenantId } from '@isync/core';
import { executeRun, RunCancel, type EngineDependencies } from '../engine/run.js';
import { containScheduling, schedulable, SUSPENDED, tenantActive, watchTenant } from './containment.js';
import { assertSchedulable, nextCronMillis } from './cron.js';
import { acquireRunLock } from './run-lock.js';
import { queueRun, settledWithin } from './run-now.js';
import { recordSkippedTick } from './skipped.js';
import { offsetFor } from './spread.js';
import type { RunNowAnswer, Scheduler, StopAnswer } from './scheduler.js';

export const RUN_QUEUE = 'isync-runs';

export interface RunJob {
  tenantId: TenantId;
  integrationId: IntegrationId;
  trigger: RunTrigger;
  /**
   * The job's run: the queued run a run-now job starts (set when it is queued), or the run a scheduled tick
   * started (kept as soon as it starts). A stalled job retried by another worker checks it.
   */
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
  /** How often a running run looks whether it was canceled (it then stops at its next batch); 1 s. */
  cancelCheckMs?: number;
  /**
   * How long `close()` lets the runs in hand finish their page or batch before it aborts them (their requests
   * in flight are abandoned); default 10 s. `close()` never waits without a bound.
   */
  closeGraceMs?: number;
  /** Told of every job this worker finished processing. */
  onJob?: (outcome: RunJobOutcome) => void;
}

const schedulerId = (tenantId: string, integrationId: string) => `integration:${tenantId}:${integrationId}`;
/** The job of a queued run: one per run, so a repeated ask never adds a second. */
const queuedJobId = (runId: string) => `run-${runId}`;
/** A queued run older than this whose job is gone will never start (the API died between the two writes). */
const ORPHAN_AFTER_MS = 60_000;

/**
 * BullMQ works out a job scheduler's next time with this instead of its own cron parser, so queue mode fires
 * a cron exactly when embedded mode would, and accepts exactly what the API validated.
 */
const repeatStrategy = (millis: number, options: RepeatOptions, name?: string): number | undefined => {
  if (!options.pattern) return undefined;
  // A cron's spread offset rides in the job name (BullMQ keeps `offset` for `every` schedules only).
  const offset = offsetOfJobName(name);
  const next = nextCronMillis(millis - offset, options.pattern, options.tz ?? 'UTC');
  return next === undefined ? undefined : next + offset;
};

/** The scheduled job's name: `run`, or `run+<offset ms>` for a cron spread within its period. */
const jobNameOf = (offsetMs: number) => (offsetMs > 0 ? `run+${offsetMs}` : 'run');
const offsetOfJobName = (name: string | undefined) => Number(/^run\+(\d+)$/.exec(name ?? '')?.[1] ?? 0);

function repeatOf(schedule: Schedule, timezone: string, offsetMs: number): Omit<RepeatOptions, 'key'> {
  return schedule.kind === 'interval'
    ? { every: schedule.everySeconds * 1000, ...(offsetMs > 0 && { offset: offsetMs }) }
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
  /** Aborts the runs in hand at once (close, after the grace). */
  private readonly aborting = new AbortController();
  private closing: Promise<void> | undefined;
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

  private runLockKey(integrationId: string): string {
    return `${this.options.prefix}:run-lock:${integrationId}`;
  }

  private cancelKey(runId: string): string {
    return `${this.options.prefix}:run-cancel:${runId}`;
  }

  /** Queued runs whose job is gone (never added, or lost) will never start: they end failed, saying so. */
  private async closeOrphanedQueued(tenantId: TenantId): Promise<void> {
    const queued = await this.engine.store.runs.list(tenantId, { status: 'queued' }, { limit: 100 });
    for (const run of queued.items) {
      if (Date.now() - Date.parse(run.startedAt) < ORPHAN_AFTER_MS) continue;
      const job = await this.queue.getJob(queuedJobId(run.id));
      const state = job ? await job.getState() : 'missing';
      if (state !== 'missing' && state !== 'completed' && state !== 'failed' && state !== 'unknown') continue;
      await this.engine.store.runs.closeQueued(tenantId, run.id, {
        status: 'failed',
        error: 'No executor took this run (its job was lost); nothing was pulled or pushed. Run it again.',
      });
    }
  }

  /** Every active integration has its scheduler, and no scheduler outlives its integration. */
  private async reconcile(): Promise<void> {
    const wanted = new Set<string>();
    let cursor: string | undefined;
    do {
      const tenants = await this.engine.store.tenants.list({ limit: 100, ...(cursor && { cursor }) });
      for (const tenant of tenants.items) {
        await this.closeOrphanedQueued(tenant.id);
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
      const { schedule, settings } = integration;
      const offset = offsetFor(integrationId, schedule, settings.timezone);
      await this.queue.upsertJobScheduler(id, repeatOf(schedule, settings.timezone, offset), {
        name: schedule.kind === 'cron' ? jobNameOf(offset) : 'run',
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
  ): Promise<RunNowAnswer> {
    const answer = await queueRun(this.engine.store, tenantId, integrationId, trigger);
    // A run queued by an earlier ask has its job already (the job id is the run's: no second one).
    if (answer.created)
      await this.queue.add(
        'run',
        { tenantId, integrationId, trigger, runId: answer.run.id },
        { jobId: queuedJobId(answer.run.id), removeOnComplete: 1000, removeOnFail: 1000 },
      );
    return answer;
  }

  /**
   * The worker running `runId` looks for this key between its checks and stops at its next batch. No
   * worker holds the integration's run lock: nothing runs it any more (its worker died).
   */
  async stopRun(
    _tenantId: TenantId,
    integrationId: IntegrationId,
    runId: RunId,
    cancel: RunCancel,
  ): Promise<StopAnswer> {
    if ((await this.redis.exists(this.runLockKey(integrationId))) === 0) return 'abandoned';
    await this.redis.set(this.cancelKey(runId), cancel.message, 'PX', 24 * 3600_000);
    return 'stopping';
  }

  /** Aborts `controller` with the cancel once the run's cancel key is set. Answers a function that stops looking. */
  private watchCancel(runId: () => string | null, controller: AbortController): () => void {
    const timer = setInterval(() => {
      const id = runId();
      if (!id || controller.signal.aborted) return;
      void this.redis.get(this.cancelKey(id)).then(
        (message) => {
          if (message !== null) controller.abort(new RunCancel(message));
        },
        () => undefined,
      );
    }, this.options.cancelCheckMs ?? 1000);
    timer.unref();
    return () => clearInterval(timer);
  }

  async nextRunsAt(
    tenantId: TenantId,
    integrationIds: readonly IntegrationId[],
  ): Promise<Map<IntegrationId, Date>> {
    // Sent together on the one connection: a page's schedulers cost one round trip, not one each.
    const found = await Promise.all(integrationIds.map((id) => this.nextRunAt(tenantId, id)));
    return new Map(integrationIds.flatMap((id, i) => (found[i] ? [[id, found[i]] as const] : [])));
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
    const { tenantId, integrationId, trigger, runId: jobRunId } = job.data;
    const lockLost = new AbortController();
    const lock = await acquireRunLock(this.redis, this.runLockKey(integrationId), this.lockMs, {
      onLost: (why) => lockLost.abort(why),
    });
    if (!lock) {
      if (trigger !== 'schedule') {
        // A manual run waits for the running one instead of being dropped.
        await job.moveToDelayed(Date.now() + 2000, job.token);
        throw new DelayedError();
      }
      // A job taken again after its worker stopped may find that worker's lock not expired yet.
      const known = jobRunId ? await this.engine.store.runs.get(tenantId, jobRunId) : null;
      const resumed = known !== null && known.status !== 'queued';
      if (!resumed) await recordSkippedTick(this.engine, tenantId, integrationId);
      return { runId: null, skipped: 'a run of this integration is going', resumed };
    }
    try {
      // The job's run decides: a queued run starts as itself; a run already running was started by a
      // worker that stopped (this job was taken again) and was abandoned — this worker holds the lock, so
      // executeRun closes it and carries on from the saved cursor and record states; an ended run (finished,
      // or canceled before it started) is not repeated.
      const known = jobRunId ? await this.engine.store.runs.get(tenantId, jobRunId) : null;
      const queued = known?.status === 'queued' ? known : null;
      const resumed = known !== null && !queued;
      if (known && known.status !== 'queued' && known.status !== 'running') {
        const skipped = known.status === 'canceled' ? 'its run was canceled' : 'its run had already finished';
        return { runId: known.id, skipped, resumed };
      }
      if (!(await tenantActive(this.engine.store, tenantId))) {
        if (queued)
          await this.engine.store.runs.closeQueued(tenantId, queued.id, {
            status: 'failed',
            error: SUSPENDED,
          });
        return { runId: null, skipped: SUSPENDED, resumed };
      }
      const suspended = new AbortController();
      const canceled = new AbortController();
      let runId: string | null = queued?.id ?? null;
      const unwatchTenant = watchTenant(
        this.engine.store,
        tenantId,
        suspended,
        this.options.tenantCheckMs ?? 5000,
      );
      const unwatchCancel = this.watchCancel(() => runId, canceled);
      const run = await executeRun(this.engine, {
        tenantId,
        integrationId,
        trigger,
        ...(queued && { runId: queued.id }),
        stop: AbortSignal.any([this.stopping.signal, suspended.signal, canceled.signal]),
        // A run that lost its lock may overlap another worker's: it stops at once.
        signal: AbortSignal.any([this.aborting.signal, lockLost.signal]),
        onStart: async (started) => {
          runId = started.id;
          if (!queued) await job.updateData({ ...job.data, runId: started.id });
        },
      }).finally(() => {
        unwatchTenant();
        unwatchCancel();
      });
      if (runId) await this.redis.del(this.cancelKey(runId)).catch(() => undefined);
      return {
        runId: run?.id ?? null,
        resumed,
        ...(!run && { skipped: 'nothing to run' }),
      };
    } finally {
      await lock.release();
    }
  }

  close(): Promise<void> {
    return (this.closing ??= this.shutDown());
  }

  /**
   * The runs in hand finish their page or batch within the grace; after it they are aborted (requests in
   * flight abandoned) and given as long again; then the worker is closed without waiting for them.
   */
  private async shutDown(): Promise<void> {
    this.stopping.abort();
    const grace = this.options.closeGraceMs ?? 10_000;
    const closing = this.worker?.close() ?? Promise.resolve();
    if (!(await settledWithin(closing, grace))) {
      this.engine.logger.warn({ graceMs: grace }, 'runs did not stop within the grace period: aborting them');
      this.aborting.abort('The run was aborted: the executor shut down; it continues with the next run.');
      if (!(await settledWithin(closing, grace))) {
        this.engine.logger.error('runs still going after they were aborted: closing the worker without them');
        await settledWithin(this.worker!.close(true), grace);
      }
    }
    await settledWithin(this.queue.close(), grace);
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
