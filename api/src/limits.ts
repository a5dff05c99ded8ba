import { LimitExceededError, type Store, type Tenant } from '@isync/core';

/** Refuses a new integration when the tenant already has as many live ones as its limit allows. */
export async function assertRoomForIntegration(store: Store, tenant: Tenant): Promise<void> {
  if ((await store.integrations.count(tenant.id)) >= tenant.limits.maxIntegrations) {
    throw new LimitExceededError(
      'maxIntegrations',
      tenant.limits.maxIntegrations,
      `${tenant.name} has reached its limit of ${tenant.limits.maxIntegrations} integrations (maxIntegrations); archive one or ask for a higher limit.`,
    );
  }
}
