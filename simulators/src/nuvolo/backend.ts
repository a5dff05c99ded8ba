import type { ChurnTarget } from '../control/churn.js';
import type { SeedOptions, SimBackend } from '../control/sim-control.js';
import type { SimClock } from '../shared/clock.js';
import { createRng } from '../shared/prng.js';
import type { Rng } from '../shared/prng.js';
import { LOCATIONS, USERS, WORK_ORDERS } from './schema.js';
import { seedNuvolo } from './seed.js';
import type { TableStoreSnapshot } from './table-store.js';
import { TableStore } from './table-store.js';

/** The Nuvolo instance's data as the shared control plane sees it. */
export class NuvoloBackend implements SimBackend {
  readonly simulator = 'nuvolo';
  readonly store: TableStore;

  constructor(
    private readonly baseTime: number,
    clock: SimClock,
  ) {
    this.store = new TableStore(clock);
  }

  seed({ seed, records }: SeedOptions): void {
    this.store.clear(seed);
    seedNuvolo(this.store, createRng(seed), records, this.baseTime);
  }

  snapshot(): TableStoreSnapshot {
    return this.store.snapshot();
  }

  restore(state: unknown): void {
    const snapshot = state as Partial<TableStoreSnapshot> | null;
    if (!snapshot?.tables || !snapshot.choices || !Array.isArray(snapshot.tables[WORK_ORDERS])) {
      throw new Error('not a Nuvolo simulator snapshot');
    }
    this.store.restore(snapshot as TableStoreSnapshot);
  }

  churnTarget(): ChurnTarget {
    const store = this.store;
    const someone = (rng: Rng) => rng.pick(store.rows(USERS)).user_name ?? 'admin';
    const anyOrder = (rng: Rng) => {
      const rows = store.rows(WORK_ORDERS);
      return rows.length > 0 ? rng.pick(rows) : undefined;
    };
    return {
      create: (rng) => {
        const location = rng.pick(store.rows(LOCATIONS));
        return store.insert(
          WORK_ORDERS,
          {
            short_description: `Follow-up visit to ${location.name}`,
            work_location: location.sys_id,
            state: '2',
          },
          someone(rng),
        ).sys_id as string;
      },
      update: (rng) => {
        const row = anyOrder(rng);
        if (!row?.sys_id) return undefined;
        return store.update(
          WORK_ORDERS,
          row.sys_id,
          { description: `Updated note ${rng.hex(6)}` },
          someone(rng),
        ).sys_id;
      },
      changeStatus: (rng) => {
        const row = anyOrder(rng);
        if (!row?.sys_id) return undefined;
        const states = store.choiceList(WORK_ORDERS, 'state').filter((choice) => choice.value !== row.state);
        if (states.length === 0) return undefined;
        return store.update(WORK_ORDERS, row.sys_id, { state: rng.pick(states).value }, someone(rng)).sys_id;
      },
      remove: (rng) => {
        const row = anyOrder(rng);
        if (!row?.sys_id) return undefined;
        store.delete(WORK_ORDERS, row.sys_id);
        return row.sys_id;
      },
    };
  }
}
