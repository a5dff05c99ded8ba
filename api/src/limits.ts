import { LimitExceededError, type Store, type Tenant, type TenantPatch } from '@isync/core';

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

/**
 * Refuses one more user who counts against maxUsers (a new or invited user, or a disabled one enabled
 * again): every path that makes a user count goes through here.
 */
export async function assertRoomForUser(store: Store, tenant: Tenant, doing = 'add a user'): Promise<void> {
  if ((await store.users.count(tenant.id)) >= tenant.limits.maxUsers) {
    throw new LimitExceededError(
      'maxUsers',
      tenant.limits.maxUsers,
      `${tenant.name} has reached its limit of ${tenant.limits.maxUsers} users (maxUsers), so you cannot ${doing}; disable a user or ask for a higher limit.`,
    );
  }
}

/**
 * An invited user already counts; accepting is refused only when the tenant is over its limit (it was
 * lowered after the invitation was sent).
 */
export async function assertWithinUsers(store: Store, tenant: Tenant): Promise<void> {
  const users = await store.users.count(tenant.id);
  if (users > tenant.limits.maxUsers) {
    throw new LimitExceededError(
      'maxUsers',
      tenant.limits.maxUsers,
      `${tenant.name} has ${users} users for a limit of ${tenant.limits.maxUsers} (maxUsers): ask an admin of ${tenant.name} to disable a user or to ask for a higher limit, then accept again.`,
    );
  }
}

/**
 * A change of a tenant's limits may not put it under what it already uses: lowering maxUsers or
 * maxIntegrations below the users or integrations it has is refused, saying what to disable or archive first.
 */
export async function assertLimitsCover(store: Store, tenant: Tenant, patch: TenantPatch): Promise<void> {
  const { maxUsers, maxIntegrations } = patch.limits ?? {};
  if (maxUsers !== undefined) {
    const users = await store.users.count(tenant.id);
    if (users > maxUsers)
      throw new LimitExceededError(
        'maxUsers',
        maxUsers,
        `${tenant.name} has ${users} users; disable ${users - maxUsers} before lowering maxUsers to ${maxUsers}.`,
      );
  }
  if (maxIntegrations !== undefined) {
    const integrations = await store.integrations.count(tenant.id);
    if (integrations > maxIntegrations)
      throw new LimitExceededError(
        'maxIntegrations',
        maxIntegrations,
        `${tenant.name} has ${integrations} integrations; archive ${integrations - maxIntegrations} before lowering maxIntegrations to ${maxIntegrations}.`,
      );
  }
}
