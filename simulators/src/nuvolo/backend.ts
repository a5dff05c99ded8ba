import type { ChurnTarget } from '../control/churn.js';
import type { RecordEdit, RecordEditResult, SeedOptions, SimBackend } from '../control/sim-control.js';
import type { SimClock } from '../shared/clock.js';
import { createRng } from '../shared/prng.js';
import type { Rng } from '../shared/prng.js';
import type { Choice } from './schema.js';
import { LOCATIONS, USERS, WORK_ORDERS } from './schema.js';
import { seedNuvolo } from './seed.js';
import { renderOptions, renderRow } from './serialize.js';
import type { Row, TableStoreSnapshot } from './table-store.js';
import { TableError, TableStore } from './table-store.js';

const COMPLETION_NOTES = [
  'Replaced the faulty part',
  'Tightened the fittings and tested',
  'Cleaned and re-commissioned the unit',
  'Repaired on site, no further action',
  'Adjusted and checked with the occupant',
];

/** The state a technician closes finished work with: "Closed Complete" unless the choice list says otherwise. */
export function completionState(choices: readonly Choice[]): string | undefined {
  const labelled = (pattern: RegExp) => choices.find((choice) => pattern.test(choice.label))?.value;
  return labelled(/^closed complete$/i) ?? labelled(/complete/i);
}

/** States a technician is working on: not draft, closed or canceled. */
const isOpenState = (choice: Choice) => !/draft|closed|complete|cancel/i.test(choice.label);

const refused = (status: 400 | 404, message: string): RecordEditResult => ({ ok: false, status, message });

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

  /** The people who do the work in the field. */
  private technicians(): readonly Row[] {
    const users = this.store.rows(USERS);
    const technicians = users.filter((user) => /technician|electrician|plumber/i.test(user.title ?? ''));
    return technicians.length > 0 ? technicians : users;
  }

  /**
   * A user's edit in the Nuvolo UI: only the table's own, non-system fields, within their length,
   * choice values from the list; stamped with the editor and a new sys_mod_count. By default the
   * record's assignee edits it (else a technician), never the API user unless named.
   */
  editRecord({ object, id, fields, by }: RecordEdit, origin: string): RecordEditResult {
    const store = this.store;
    if (!store.hasTable(object)) return refused(400, `Nuvolo has no table ${object}`);
    const table = store.table(object);
    if (table.def.readOnly) return refused(400, `${object} describes the other tables; it is not edited`);
    const row = store.get(object, id);
    if (!row) return refused(404, `no ${object} record has sys_id ${id}`);
    for (const [element, value] of Object.entries(fields)) {
      const field = table.fields.get(element);
      if (!field) return refused(400, `${object} has no field ${element}`);
      if (element.startsWith('sys_'))
        return refused(400, `${element} is stamped by the system; it is read-only`);
      const text = value === null || value === undefined ? '' : String(value);
      if (field.maxLength !== undefined && text.length > field.maxLength)
        return refused(400, `${element} takes at most ${field.maxLength} characters; got ${text.length}`);
    }
    const users = store.rows(USERS);
    const assignee = users.find((user) => user.sys_id === row.assigned_to)?.user_name;
    const editor = by ?? assignee ?? this.technicians()[0]?.user_name ?? 'admin';
    if (!users.some((user) => user.user_name === editor))
      return refused(400, `no sys_user has user_name ${editor}`);
    try {
      const updated = store.update(object, id, fields, editor);
      return { ok: true, record: renderRow(store, object, updated, renderOptions({}, origin)) };
    } catch (error) {
      if (!(error instanceof TableError)) throw error;
      return refused(400, error.detail ? `${error.message}: ${error.detail}` : error.message);
    }
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
      complete: (rng) => {
        const states = store.choiceList(WORK_ORDERS, 'state');
        const done = completionState(states);
        const open = new Set(states.filter(isOpenState).map((choice) => choice.value));
        const candidates = store.rows(WORK_ORDERS).filter((row) => open.has(row.state ?? ''));
        if (!done || candidates.length === 0) return undefined;
        const row = rng.pick(candidates);
        const technician = rng.pick(this.technicians()).user_name ?? 'admin';
        const note = `${rng.pick(COMPLETION_NOTES)} (${rng.hex(4)})`;
        return store.update(WORK_ORDERS, row.sys_id ?? '', { state: done, close_notes: note }, technician)
          .sys_id;
      },
    };
  }
}
