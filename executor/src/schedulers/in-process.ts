import type { Cron } from 'croner';
import type { IntegrationId, Store, TenantId } from '@isync/core';
import { executeRun, type EngineDependencies, type RunRequest } from '../engine/run.js';
import { containScheduling, schedulable, SUSPENDED, tenantActive } from './containment.js';
import { cronFor } from './cron.js';
import type { Scheduler } from './scheduler.js';

export interface InProcessSchedulerOptions {
  /** Runs going at once across all integrations. */
  concurrency: number;
}

const key = (tenantId: string, integrationId: string) => `${tenantId}/${integrationId}`;

/**
 * Embedded mode: croner timers in this process and a concurrency limit. A tick that finds its integration
 * still running is dropped (the running one will pick up what changed); a run-now waits its turn.
 */
export class InProcessScheduler implements Scheduler {
  private readonly jobs = new Map<string, Cron>();
  /** Each job's next tick while it is ahead: croner works it out anew on every call (the integrations list asks). */
  private readonly nextTicks = new Map<string, Date>();
  private readonly running = new Map<string, Promise<void>>();
  /** Stops one running run at its next batch (its tenant was suspended). */
  private readonly runStops = new Map<string, AbortController>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;
  private closed = false;
  private readonly stop = new AbortController();

  constructor(
    private readonly engine: EngineDependencies,
    private readonly options: InProcessSchedulerOptions,
  ) {}

  private get store(): Store {
    return this.engine.store;
  }

  async start(): Promise<void> {
    let cursor: string | undefined;
    do {
      const tenants = await this.store.tenants.list({ limit: 100, ...(cursor && { cursor }) });
      for (const tenant of tenants.items) {
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

  async sync(tenantId: TenantId, integrationId: IntegrationId): Promise<void> {
    const id = key(tenantId, integrationId);
    this.jobs.get(id)?.stop();
    this.jobs.delete(id);
    this.nextTicks.delete(id);
    if (this.runStops.has(id) && !(await tenantActive(this.store, tenantId)))
      this.runStops.get(id)!.abort(SUSPENDED);
    await containScheduling(this.engine, tenantId, integrationId, async () => {
      const integration = await this.store.integrations.get(tenantId, integrationId);
      if (this.closed || !integration || !(await schedulable(this.store, integration))) return;
      this.jobs.set(
        id,
        cronFor(integration.schedule, integration.settings.timezone, () => {
          if (!this.running.has(id)) void this.launch({ tenantId, integrationId, trigger: 'schedule' });
        }),
      );
      if (integration.statusReason !== null)
        await this.store.integrations.update(tenantId, integrationId, { statusReason: null });
    });
  }

  async runNow(
    tenantId: TenantId,
    integrationId: IntegrationId,
    trigger: 'manual' | 'replay' = 'manual',
  ): Promise<void> {
    const id = key(tenantId, integrationId);
    // A manual run asked for while one is going starts right after it.
    await this.running.get(id);
    void this.launch({ tenantId, integrationId, trigger });
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

  /** Resolves when no run is going (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled(this.running.values());
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.jobs.values()) job.stop();
    this.jobs.clear();
    this.nextTicks.clear();
    this.stop.abort();
    for (const release of this.waiting.splice(0)) release();
    await this.idle();
  }

  private launch(request: Omit<RunRequest, 'signal' | 'stop'>): Promise<void> {
    const id = key(request.tenantId, request.integrationId);
    if (this.closed || this.running.has(id)) return Promise.resolve();
    const runStop = new AbortController();
    this.runStops.set(id, runStop);
    const done = (async () => {
      await this.slot();
      try {
        if (this.closed) return;
        if (!(await tenantActive(this.store, request.tenantId))) {
          this.engine.logger.info(request, 'run not started: its tenant is suspended');
          return;
        }
        await executeRun(this.engine, {
          ...request,
          stop: AbortSignal.any([this.stop.signal, runStop.signal]),
        });
      } catch (error) {
        this.engine.logger.error({ err: error, ...request }, 'run could not start');
      } finally {
        this.release();
      }
    })().finally(() => {
      this.running.delete(id);
      this.runStops.delete(id);
    });
    this.running.set(id, done);
    return done;
  }

  private async slot(): Promise<void> {
    if (this.active < this.options.concurrency) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
  }

  private release(): void {
    this.active -= 1;
    this.waiting.shift()?.();
  }
}
