import type { Integration, IntegrationId, Store, TenantId } from '@isync/core';
import type { EngineDependencies } from '../engine/run.js';

/** Why a run stops early when its tenant is suspended: what the run's error tells the user. */
export const SUSPENDED =
  'The tenant was suspended: the run stopped after its last stored batch; runs start again when the tenant is resumed.';

export async function tenantActive(store: Store, tenantId: TenantId): Promise<boolean> {
  return (await store.tenants.get(tenantId))?.status === 'active';
}

/**
 * Aborts `controller` with SUSPENDED once the tenant is found suspended, looking every `everyMs` (a worker in
 * another process than the API that suspended it). Answers a function that stops looking.
 */
export function watchTenant(
  store: Store,
  tenantId: TenantId,
  controller: AbortController,
  everyMs: number,
): () => void {
  const timer = setInterval(() => {
    void tenantActive(store, tenantId).then(
      (active) => {
        if (!active) controller.abort(SUSPENDED);
      },
      () => undefined,
    );
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Whether an integration gets a schedule: it is active with a published plan, and its tenant is not
 * suspended (a suspended tenant's schedules stop; resuming it schedules them again).
 */
export async function schedulable(store: Store, integration: Integration): Promise<boolean> {
  if (integration.status !== 'active' || integration.planVersion === null) return false;
  return tenantActive(store, integration.tenantId);
}

/** The words stored on an integration that cannot be scheduled. */
export const unschedulableReason = (error: unknown) =>
  `It cannot be scheduled: ${error instanceof Error ? error.message : String(error)} Fix the schedule in its settings and activate it again.`;

/**
 * Runs the scheduling of one integration so that nothing it throws (a stored cron the cron library refuses,
 * a time zone that went away, a broken row) escapes: the integration is marked `error` with the reason, and
 * start-up and every other integration carry on.
 */
export async function containScheduling(
  engine: Pick<EngineDependencies, 'store' | 'logger'>,
  tenantId: TenantId,
  integrationId: IntegrationId,
  schedule: () => Promise<void>,
): Promise<void> {
  try {
    await schedule();
  } catch (error) {
    const statusReason = unschedulableReason(error);
    engine.logger.error({ err: error, tenantId, integrationId }, 'integration cannot be scheduled');
    try {
      await engine.store.integrations.update(tenantId, integrationId, { status: 'error', statusReason });
    } catch (marking) {
      engine.logger.error(
        { err: marking, tenantId, integrationId },
        'could not mark the integration as error',
      );
    }
  }
}
