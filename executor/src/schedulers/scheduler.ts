import type { IntegrationId, RunTrigger, TenantId } from '@isync/core';

/**
 * Keeps runs in step with integrations: one schedule per active integration, runs of one integration
 * never overlapping. Two implementations with the same semantics: in-process (embedded mode) and BullMQ
 * (queue mode).
 */
export interface Scheduler {
  /** Schedules every active integration of every tenant. */
  start(): Promise<void>;
  /** Re-reads one integration and schedules, reschedules or unschedules it (after activate, pause, edit…). */
  sync(tenantId: TenantId, integrationId: IntegrationId): Promise<void>;
  /** Asks for a run now; it starts as soon as the integration is not already running. */
  runNow(
    tenantId: TenantId,
    integrationId: IntegrationId,
    trigger?: Exclude<RunTrigger, 'schedule'>,
  ): Promise<void>;
  /** When the integration's next scheduled run is due, if it has one. */
  nextRunAt(tenantId: TenantId, integrationId: IntegrationId): Promise<Date | null>;
  /** Stops scheduling, lets the runs in hand finish their page, and releases everything. */
  close(): Promise<void>;
}
