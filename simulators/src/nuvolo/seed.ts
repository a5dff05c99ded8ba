import { PEOPLE, ROOMS } from '../shared/catalogue.js';
import type { Rng } from '../shared/prng.js';
import { DAY_MS, formatGlide } from '../shared/time.js';
import { LOCATIONS, USERS, WORK_ORDERS } from './schema.js';
import type { TableStore } from './table-store.js';

const problems = [
  'Leaking tap',
  'Door closer missing',
  'Power outlet not working',
  'HVAC diffuser noisy',
  'Light fixture flickering',
  'Ceiling tile stained',
  'Replace air filter',
  'Quarterly fire door inspection',
];

/** Users and locations from the shared catalogue, then `records` work orders around `baseTime`. */
export function seedNuvolo(store: TableStore, rng: Rng, records: number, baseTime: number): void {
  const seededAt = baseTime - 365 * DAY_MS;
  const admin = store.insert(
    USERS,
    {
      user_name: 'admin',
      first_name: 'System',
      last_name: 'Administrator',
      name: 'System Administrator',
      email: 'admin@example.com',
    },
    'system',
    seededAt,
  );
  const users = [
    admin,
    ...PEOPLE.map((person) =>
      store.insert(
        USERS,
        {
          user_name: person.key,
          first_name: person.firstName,
          last_name: person.lastName,
          name: `${person.firstName} ${person.lastName}`,
          email: person.email,
          title: person.title,
          department: person.department,
        },
        'system',
        seededAt,
      ),
    ),
  ].slice(1);
  const locations = ROOMS.map((room) =>
    store.insert(
      LOCATIONS,
      { name: room.name, location_code: room.code, building: room.building, floor: room.floor },
      'system',
      seededAt,
    ),
  );
  for (let i = 0; i < records; i++) {
    const createdAt = baseTime - rng.int(1, 120 * 86_400) * 1000;
    const location = rng.pick(locations);
    const problem = rng.pick(problems);
    const row = store.insert(
      WORK_ORDERS,
      {
        short_description: `${problem} in ${location.name}`,
        description: `Reported by the occupants of ${location.name}.`,
        state: rng.pick(['1', '2', '2', '3', '3', '4', '5', '5', '6', '7']),
        priority: String(rng.int(1, 5)),
        work_order_type:
          problem.startsWith('Quarterly') || problem.startsWith('Replace') ? 'preventive' : 'corrective',
        work_location: location.sys_id,
        planned_start: formatGlide(createdAt + rng.int(0, 7) * DAY_MS),
        due_date: formatGlide(createdAt + rng.int(7, 30) * DAY_MS),
        assigned_to: rng.chance(0.8) ? rng.pick(users).sys_id : '',
      },
      rng.pick(users).user_name ?? 'admin',
      createdAt,
    );
    // Some work orders have been edited since they were created.
    if (rng.chance(0.5)) {
      row.sys_updated_on = formatGlide(
        createdAt + rng.int(0, Math.floor((baseTime - createdAt) / 1000)) * 1000,
      );
      row.sys_mod_count = String(rng.int(1, 6));
    }
  }
}
