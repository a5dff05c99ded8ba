import { randomBytes } from 'node:crypto';
import type { Config, Store, Tenant } from '@isync/core';
import { hashPassword } from './auth/passwords.js';

export const PLATFORM_SLUG = 'platform';

/** The platform's own tenant: platform admins live there. */
export async function platformTenant(store: Store): Promise<Tenant> {
  return (
    (await store.tenants.getBySlug(PLATFORM_SLUG)) ??
    store.tenants.create({
      name: 'iSync platform',
      slug: PLATFORM_SLUG,
      limits: { maxUsers: 50, maxIntegrations: 0 },
    })
  );
}

export interface FirstAdmin {
  /** Set when no platform admin exists yet and none was configured: print it once, it makes the first admin. */
  setupToken: string | null;
}

/**
 * The first platform admin comes from ISYNC_ADMIN_EMAIL / ISYNC_ADMIN_PASSWORD; without them, and while
 * there is no platform admin, a one-time setup token is made for the setup link printed at start.
 */
export async function ensureFirstAdmin(
  store: Store,
  config: Pick<Config, 'adminEmail' | 'adminPassword'>,
): Promise<FirstAdmin> {
  const platform = await platformTenant(store);
  if (config.adminEmail && config.adminPassword) {
    if (!(await store.users.findByEmailForLogin(config.adminEmail))) {
      await store.users.create(platform.id, {
        email: config.adminEmail,
        name: 'Platform admin',
        role: 'platform-admin',
        passwordHash: await hashPassword(config.adminPassword),
      });
    }
    return { setupToken: null };
  }
  const admins = await store.users.count(platform.id);
  return { setupToken: admins === 0 ? randomBytes(24).toString('base64url') : null };
}
