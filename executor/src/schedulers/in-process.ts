import type { IntegrationId, Run, RunId, Store, TenantId } from '@isync/core';
import { executeRun, type EngineDependencies, type RunCancel, type RunRequest } from '../engine/run.js';
import { containScheduling, schedulable, SUSPENDED, tenantActive } from './containment.js';
import { tickerFor, type Ticker } from './cron.js';
import { queueRun, settledWithin } from './run-now.js';
import { FairSlots } from './fair-slots.js';
import { offsetFor } from './spread.js';
import { recordSkippedTick } from './skipped.js';
import type { RunNowAnswer, Scheduler, StopAnswer } from './scheduler.js';

export interface InProcessSchedulerOptions {
  /** Runs going at once across all integrations (shared fairly between tenants; bulk runs take half at most). */
  concurrency: number;
  /**
   * How long `close()` lets the runs in hand finish their page or batch before it aborts them (their requests
   * in flight are abandoned); default 10 s. The aborted runs are then given as long again to store how they
   * ended, and are left behind after that (logged): `close()` never waits without a bound.
   */
  closeGraceMs?: number;
}

const key = (tenantId: string, integrationId: string) => `${tenantId}/${integrationId}`;

/** What a queued run that this scheduler will not start any more tells its user. */
const NOT_STARTED = 'The server stopped before this run started; nothing was pulled or pushed. Run it again.';

/** One run in hand: its stop (at the next batch) and its abort (at once), and its id once known. */
interface RunInHand {
  runId: RunId | null;
  stop: AbortController;
  done: Promise<void>;
}

/**
 * Embedded mode: croner timers in this process and a concurrency limit. A tick that finds its integration
 * still running is dropped (the running one will pick up what changed); a run-now is queued and starts, as
 * itself, when the run in hand ends.
 */
export class InProcessScheduler implements Scheduler {
  private readonly jobs = new Map<string, Ticker>();
  /** Each job's next tick while it is ahead: croner works it out anew on every call (the integrations list asks). */
  private readonly nextTicks = new Map<string, Date>();
  private readonly running = new Map<string, RunInHand>();
  /** Queued runs waiting for the run in hand of their integration. */
  private readonly following = new Set<Promise<void>>();
  /** Runs in flight share the slots fairly between tenants, incremental runs before bulk ones. */
  private readonly slots: FairSlots;
  private closed = false;
  private closing: Promise<void> | undefined;
  /** Every run in hand stops at its next batch (close). */
  private readonly stop = new AbortController();
  /** Every run in hand is aborted at once (close, after the grace). */
  private readonly abort = new AbortController();

  constructor(
    private readonly engine: EngineDependencies,
    private readonly options: InProcessSchedulerOptions,
  ) {
    this.slots = new FairSlots(options.concurrency);
  }

  private get store(): Store {
    return this.engine.store;
  }

  async start(): Promise<void> {
    let cursor: string | undefined;
    do {
      const tenants = await this.store.tenants.list({ limit: 100, ...(cursor && { cursor }) });
      for (const tenant of tenants.items) {
        // This process is the only executor: queued runs left by the one before it will never start.
        await this.closeLeftQueued(tenant.id);
        let page: string | undefined;
        do {
          const integrations = await this.store.integrations.list(
            tenant.id,
            { status: 'active' },
            { limit: 100, ...(page && { cursor: page }) },
          );
          // One integration that cannot be scheduled is marked `error` by sync; it never stops the others.
          for (const integration of integrations.items) await this.sync(tenant.id, integration.id);
          page = integrations.nextCursor ?? undefined;
        } while (page);
      }
      cursor = tenants.nextCursor ?? undefined;
    } while (cursor);
  }

  private async closeLeftQueued(tenantId: TenantId): Promise<void> {
    for (;;) {
      const left = await this.store.runs.list(tenantId, { status: 'queued' }, { limit: 100 });
      let closed = 0;
      for (const run of left.items) {
        if (await this.store.runs.closeQueued(tenantId, run.id, { status: 'failed', error: NOT_STARTED }))
          closed += 1;
      }
      if (closed === 0 || left.nextCursor === null) return;
    }
  }

  async sync(tenantId: TenantId, integrationId: IntegrationId): Promise<void> {
    const id = key(tenantId, integrationId);
    this.jobs.get(id)?.stop();
    this.jobs.delete(id);
    this.nextTicks.delete(id);
    if (this.running.has(id) && !(await tenantActive(this.store, tenantId)))
      this.running.get(id)?.stop.abort(SUSPENDED);
    await containScheduling(this.engine, tenantId, integrationId, async () => {
      const integration = await this.store.integrations.get(tenantId, integrationId);
      if (this.closed || !integration || !(await schedulable(this.store, integration))) return;
      const { schedule, settings } = integration;
      const offset = offsetFor(integrationId, schedule, settings.timezone);
      this.jobs.set(
        id,
        tickerFor(schedule, settings.timezone, offset, () => void this.tick(tenantId, integrationId)),
      );
      if (integration.statusReason !== null)
        await this.store.integrations.update(tenantId, integrationId, { statusReason: null });
    });
  }

  /** A scheduled tick: a run starts, unless the integration's run is still going (the tick is recorded skipped). */
  private async tick(tenantId: TenantId, integrationId: IntegrationId): Promise<void> {
    if (!this.running.has(key(tenantId, integrationId)))
      return this.launch({ tenantId, integrationId, trigger: 'schedule' });
    await recordSkippedTick(this.engine, tenantId, integrationId).catch((error: unknown) =>
      this.engine.logger.warn({ err: error, tenantId, integrationId }, 'skipped tick not recorded'),
    );
  }

  async runNow(
    tenantId: TenantId,
    integrationId: IntegrationId,
    trigger: 'manual' | 'replay' = 'manual',
  ): Promise<RunNowAnswer> {
    const answer = await queueRun(this.store, tenantId, integrationId, trigger);
    // A run queued by an earlier ask already has its follower.
    if (answer.created) this.follow(answer.run);
    return answer;
  }

  /** Starts the queued run once its integration's run in hand (if any) has ended. */
  private follow(run: Run): void {
    const id = key(run.tenantId, run.integrationId);
    const followed = (async () => {
      while (this.running.has(id)) await this.running.get(id)!.done;
      // `launch` claims the integration synchronously: no tick can slip in between.
      await this.launch({
        tenantId: run.tenantId,
        integrationId: run.integrationId,
        trigger: run.trigger,
        runId: run.id,
      });
    })()
      .catch((error: unknown) =>
        this.engine.logger.error({ err: error, runId: run.id }, 'queued run not started'),
      )
      .finally(() => this.following.delete(followed));
    this.following.add(followed);
  }

  async stopRun(
    tenantId: TenantId,
    integrationId: IntegrationId,
    runId: RunId,
    cancel: RunCancel,
  ): Promise<StopAnswer> {
    const inHand = this.running.get(key(tenantId, integrationId));
    // One run per integration at a time: the one in hand is the running one (its id may not be known yet).
    if (!inHand || (inHand.runId !== null && inHand.runId !== runId)) return 'abandoned';
    inHand.stop.abort(cancel);
    return 'stopping';
  }

  async nextRunsAt(
    tenantId: TenantId,
    integrationIds: readonly IntegrationId[],
  ): Promise<Map<IntegrationId, Date>> {
    const next = new Map<IntegrationId, Date>();
    for (const id of integrationIds) {
      const at = await this.nextRunAt(tenantId, id);
      if (at) next.set(id, at);
    }
    return next;
  }

  async nextRunAt(tenantId: TenantId, integrationId: IntegrationId): Promise<Date | null> {
    const id = key(tenantId, integrationId);
    const job = this.jobs.get(id);
    if (!job) return null;
    const known = this.nextTicks.get(id);
    if (known && known.getTime() > Date.now()) return known;
    const next = job.nextRun();
    if (next) this.nextTicks.set(id, next);
    return next;
  }

  /** Resolves when no run is going and no queued run waits to start (tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.following.size > 0)
      await Promise.allSettled([...[...this.running.values()].map((run) => run.done), ...this.following]);
  }

  close(): Promise<void> {
    return (this.closing ??= this.shutDown());
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    for (const job of this.jobs.values()) job.stop();
    this.jobs.clear();
    this.nextTicks.clear();
    this.stop.abort();
    this.slots.drain();
    const grace = this.options.closeGraceMs ?? 10_000;
    if (await settledWithin(this.idle(), grace)) return;
    // A run retrying a system that went away would hold the shutdown for minutes: abandon its requests.
    this.engine.logger.warn(
      { runs: this.running.size, graceMs: grace },
      'runs did not stop within the grace period: aborting them',
    );
    this.abort.abort('The run was aborted: the executor shut down; it continues with the next run.');
    if (!(await settledWithin(this.idle(), grace)))
      this.engine.logger.error(
        { runs: this.running.size },
        'runs still going after they were aborted: left behind',
      );
  }

  private launch(request: Omit<RunRequest, 'signal' | 'stop'>): Promise<void> {
    const id = key(request.tenantId, request.integrationId);
    if (this.running.has(id)) return Promise.resolve();
    const inHand: RunInHand = {
      runId: request.runId ?? null,
      stop: new AbortController(),
      done: Promise.resolve(),
    };
    const done = (async () => {
      const release = await this.slots.acquire({
        tenantId: request.tenantId,
        bulk: await this.isBulk(request),
      });
      try {
        if (this.closed) return await this.notStarted(request, NOT_STARTED);
        if (!(await tenantActive(this.store, request.tenantId))) {
          this.engine.logger.info(request, 'run not started: its tenant is suspended');
          return await this.notStarted(request, SUSPENDED);
        }
        await executeRun(this.engine, {
          ...request,
          stop: AbortSignal.any([this.stop.signal, inHand.stop.signal]),
          signal: this.abort.signal,
          onStart: (run) => {
            inHand.runId = run.id;
          },
        });
      } catch (error) {
        this.engine.logger.error({ err: error, ...request }, 'run could not start');
      } finally {
        release();
      }
    })().finally(() => {
      this.running.delete(id);
    });
    inHand.done = done;
    this.running.set(id, inHand);
    return done;
  }

  /** A queued run this scheduler will not start ends failed with the reason. */
  private async notStarted(request: Omit<RunRequest, 'signal' | 'stop'>, why: string): Promise<void> {
    if (request.runId)
      await this.store.runs.closeQueued(request.tenantId, request.runId, { status: 'failed', error: why });
  }

  /** A first sync (no cursor yet) is bulk work: it may pull and push every record of the source. */
  private async isBulk(request: Omit<RunRequest, 'signal' | 'stop'>): Promise<boolean> {
    const integration = await this.store.integrations.get(request.tenantId, request.integrationId);
    return integration !== null && integration.cursor === null;
  }
}
