import { afterEach, beforeEach } from 'vitest';
import type { Integration } from '../../domain/integration.js';
import type { Run } from '../../domain/run.js';
import type { Tenant } from '../../domain/tenant.js';
import { testClock } from '../../testing/factories.js';
import type { Store } from '../port.js';

/** Opens a fresh, empty store for one test, whose clock the test controls. */
export type ContractStoreFactory = (options: { clock: () => Date }) => Promise<Store>;

/** A sealed-credentials blob as connections store it (its content does not matter to the store). */
export const SEALED = 'v1.k1.bm9uY2U.Y2lwaGVydGV4dA';

/** What every part of the contract works with: the current test's store and clock, and small factories. */
export interface ContractWorld {
  readonly store: Store;
  readonly clock: ReturnType<typeof testClock>;
  aTenant(slug?: string): Promise<Tenant>;
  anIntegration(tenant: Tenant, title?: string): Promise<Integration>;
  aRun(tenant: Tenant, integration: Integration, at?: Date): Promise<Run>;
}

/** Gives each test of the calling suite a fresh store (closed after it) and a clock of its own. */
export function contractWorld(makeStore: ContractStoreFactory): ContractWorld {
  let store: Store | undefined;
  let clock: ReturnType<typeof testClock> | undefined;
  beforeEach(async () => {
    clock = testClock();
    store = await makeStore({ clock: clock.now });
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });
  const world: ContractWorld = {
    get store() {
      if (!store) throw new Error('the contract store is opened by beforeEach');
      return store;
    },
    get clock() {
      if (!clock) throw new Error('the contract clock is made by beforeEach');
      return clock;
    },
    aTenant: (slug = 'acme') => world.store.tenants.create({ name: `Tenant ${slug}`, slug }),
    anIntegration: (tenant, title = 'PlanGrid → Nuvolo') =>
      world.store.integrations.create(tenant.id, { title, description: 'Issues to work orders' }),
    aRun: (tenant, integration, at = world.clock.now()) =>
      world.store.runs.start(
        tenant.id,
        { integrationId: integration.id, planVersion: 1, trigger: 'manual', cursorBefore: null },
        at,
      ),
  };
  return world;
}
