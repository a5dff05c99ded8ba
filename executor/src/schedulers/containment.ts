import type { Integration, IntegrationId, Store, TenantId } from '@isync/core';
import type { EngineDependencies } from '../engine/run.js';

/**
 * Whether an integration gets a schedule: it is active with a published plan, and its tenant is not
 * suspended (a suspended tenant's schedules stop; resuming it schedules them again).
 */
export async function schedulable(store: Store, integration: Integration): Promise<boolean> {
  if (integration.status !== 'active' || integration.planVersion === null) return false;
  const tenant = await store.tenants.get(integration.tenantId);
  return tenant?.status === 'active';
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
