import type { ChurnTarget } from '../control/churn.js';
import type { SeedOptions, SimBackend } from '../control/sim-control.js';
import { PEOPLE, ROOMS } from '../shared/catalogue.js';
import type { SimClock } from '../shared/clock.js';
import { createRng } from '../shared/prng.js';
import type { Rng } from '../shared/prng.js';
import type { Row } from './query.js';

/*
 * The data of a Maximo Manage instance, by object structure: work orders (MXAPIWODETAIL), operating
 * locations (MXAPIOPERLOC), people (MXAPIPERSON) and the synonym domains (MXAPIDOMAIN). Every write stamps
 * `changedate` (seconds, +00:00, as Maximo answers) and a new `_rowstamp`.
 */

export const WORK_ORDERS_OS = 'mxapiwodetail';
export const LOCATIONS_OS = 'mxapioperloc';
export const PERSONS_OS = 'mxapiperson';
export const DOMAINS_OS = 'mxapidomain';
export const OBJECT_STRUCTURES = [WORK_ORDERS_OS, LOCATIONS_OS, PERSONS_OS, DOMAINS_OS] as const;
export type ObjectStructure = (typeof OBJECT_STRUCTURES)[number];

export const DEFAULT_SITE = 'BEDFORD';

/** WOSTATUS: the internal values (maxvalue) with Maximo's own synonyms. */
export const WO_STATUSES = [
  { value: 'WAPPR', maxvalue: 'WAPPR', description: 'Waiting on Approval' },
  { value: 'APPR', maxvalue: 'APPR', description: 'Approved' },
  { value: 'WSCH', maxvalue: 'WSCH', description: 'Waiting to be Scheduled' },
  { value: 'WMATL', maxvalue: 'WMATL', description: 'Waiting on Material' },
  { value: 'INPRG', maxvalue: 'INPRG', description: 'In Progress' },
  { value: 'COMP', maxvalue: 'COMP', description: 'Completed' },
  { value: 'CLOSE', maxvalue: 'CLOSE', description: 'Closed' },
  { value: 'CAN', maxvalue: 'CAN', description: 'Canceled' },
] as const;

/** Work that is done or abandoned: a technician has nothing left to complete. */
const FINISHED_STATUSES = new Set(['COMP', 'CLOSE', 'CAN']);

/** Maximo's date-times: seconds and a +00:00 offset. */
export const maximoDate = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}+00:00`;

/** A refusal in Maximo's words: the HTTP status, the BMXAA reason code and its message. */
export class MaximoError extends Error {
  constructor(
    readonly status: number,
    readonly reasonCode: string,
    message: string,
  ) {
    super(`${reasonCode} - ${message}`);
  }
}

export interface MaximoSnapshot {
  rows: Record<ObjectStructure, Row[]>;
  rowstamp: number;
  nextWonum: number;
  nextId: number;
}

const restIdOf = (key: string) => `_${Buffer.from(key).toString('base64url')}`;

/** The attributes a work order takes, and how; anything else sent is ignored, as Maximo ignores it. */
const WO_ATTRIBUTES = new Set([
  'wonum',
  'siteid',
  'description',
  'description_longdescription',
  'status',
  'location',
  'lead',
  'reportedby',
  'worktype',
  'wopriority',
  'targcompdate',
  'targstartdate',
  'reportdate',
  'externalrefid',
]);
const DATE_ATTRIBUTES = new Set(['targcompdate', 'targstartdate', 'reportdate']);

export class MaximoStore implements SimBackend {
  readonly simulator = 'maximo';
  private rows = new Map<ObjectStructure, Map<string, Row>>();
  private rowstamp = 1_000_000;
  private nextWonum = 1001;
  private nextId = 1;

  constructor(
    private readonly clock: SimClock,
    private readonly baseTime: number,
  ) {
    for (const os of OBJECT_STRUCTURES) this.rows.set(os, new Map());
  }

  private table(os: ObjectStructure): Map<string, Row> {
    return this.rows.get(os)!;
  }

  list(os: ObjectStructure): Row[] {
    return [...this.table(os).values()];
  }

  get(os: ObjectStructure, restId: string): Row | undefined {
    return this.table(os).get(restId);
  }

  private stamp(row: Row, at = this.clock.now()): Row {
    row._rowstamp = String(++this.rowstamp);
    row.changedate = maximoDate(at);
    return row;
  }

  private put(os: ObjectStructure, key: string, row: Row, at?: number): Row {
    const restId = restIdOf(key);
    row.__restid = restId;
    this.table(os).set(restId, this.stamp(row, at));
    return row;
  }

  /** Creates a work order as the JSON API does: validated, numbered, WAPPR unless told otherwise. */
  createWorkOrder(fields: Record<string, unknown>, at?: number): Row {
    const row = this.validated(fields, {});
    row.siteid ??= DEFAULT_SITE;
    row.status ??= 'WAPPR';
    row.wonum ??= String(this.nextWonum++);
    if (this.list(WORK_ORDERS_OS).some((r) => r.wonum === row.wonum && r.siteid === row.siteid))
      throw new MaximoError(
        400,
        'BMXAA4129E',
        `Record already exists for Site=${String(row.siteid)}, Work Order=${String(row.wonum)}. Ensure that the key value for the given record is unique.`,
      );
    const now = at ?? this.clock.now();
    row.workorderid = this.nextId++;
    row.reportdate ??= maximoDate(now);
    row.statusdate = maximoDate(now);
    row.status_description = statusDescription(String(row.status));
    return this.put(WORK_ORDERS_OS, `${String(row.wonum)}/${String(row.siteid)}`, row, at);
  }

  /** Merges fields into a work order (x-method-override: PATCH). */
  updateWorkOrder(restId: string, fields: Record<string, unknown>): Row {
    const current = this.get(WORK_ORDERS_OS, restId);
    if (!current) throw notFound(WORK_ORDERS_OS, restId);
    const changes = this.validated(fields, current);
    if ('wonum' in fields && fields.wonum !== current.wonum)
      throw new MaximoError(
        400,
        'BMXAA4047E',
        'The Work Order attribute cannot be changed once it is saved.',
      );
    Object.assign(current, changes);
    if (changes.status !== undefined) {
      current.statusdate = maximoDate(this.clock.now());
      current.status_description = statusDescription(String(changes.status));
    }
    return this.stamp(current);
  }

  remove(os: ObjectStructure, restId: string): void {
    if (!this.table(os).delete(restId)) throw notFound(os, restId);
  }

  private validated(fields: Record<string, unknown>, current: Row): Row {
    const out: Row = {};
    for (const [rawName, value] of Object.entries(fields)) {
      const name = rawName.toLowerCase();
      if (!WO_ATTRIBUTES.has(name)) continue;
      if (value === null || value === '') {
        out[name] = null;
        continue;
      }
      if (DATE_ATTRIBUTES.has(name)) {
        const ms = Date.parse(String(value));
        if (Number.isNaN(ms))
          throw new MaximoError(
            400,
            'BMXAA4144E',
            `${String(value)} is not a valid date for ${name.toUpperCase()}.`,
          );
        out[name] = maximoDate(ms);
      } else if (name === 'wopriority') {
        const number = Number(value);
        if (!Number.isInteger(number))
          throw new MaximoError(400, 'BMXAA4144E', `${String(value)} is not a valid number for WOPRIORITY.`);
        out[name] = number;
      } else out[name] = String(value);
    }
    const description = out.description ?? current.description;
    if (typeof description === 'string' && description.length > 100)
      throw new MaximoError(
        400,
        'BMXAA4049E',
        'The value specified exceeds the maximum field length. Description: maximum 100 characters.',
      );
    if (out.status !== undefined && out.status !== null && !WO_STATUSES.some((s) => s.value === out.status))
      throw new MaximoError(400, 'BMXAA4190E', `WOSTATUS ${String(out.status)} is not in the value list.`);
    const site = String(out.siteid ?? current.siteid ?? DEFAULT_SITE);
    if (
      typeof out.location === 'string' &&
      !this.list(LOCATIONS_OS).some((l) => l.location === out.location && l.siteid === site)
    )
      throw new MaximoError(400, 'BMXAA2661E', `Location ${out.location} is not a valid location.`);
    for (const person of ['lead', 'reportedby'])
      if (typeof out[person] === 'string' && !this.list(PERSONS_OS).some((p) => p.personid === out[person]))
        throw new MaximoError(400, 'BMXAA3794E', `Person ${String(out[person])} is not a valid person.`);
    return out;
  }

  seed({ seed, records }: SeedOptions): void {
    for (const os of OBJECT_STRUCTURES) this.table(os).clear();
    this.rowstamp = 1_000_000;
    this.nextWonum = 1001;
    this.nextId = 1;
    const rng = createRng(seed);
    const start = this.baseTime - 30 * 86_400_000;
    for (const room of ROOMS)
      this.put(
        LOCATIONS_OS,
        `${room.code}/${DEFAULT_SITE}`,
        {
          location: room.code,
          description: room.name,
          siteid: DEFAULT_SITE,
          status: 'OPERATING',
          type: 'OPERATING',
        },
        start,
      );
    for (const person of PEOPLE)
      this.put(
        PERSONS_OS,
        personIdOf(person.firstName, person.lastName),
        {
          personid: personIdOf(person.firstName, person.lastName),
          displayname: `${person.firstName} ${person.lastName}`,
          primaryemail: person.email,
          status: 'ACTIVE',
          title: person.title,
        },
        start,
      );
    this.put(
      DOMAINS_OS,
      'WOSTATUS',
      {
        domainid: 'WOSTATUS',
        domaintype: 'SYNONYM',
        description: 'Work Order Status',
        synonymdomain: WO_STATUSES.map((s) => ({ ...s, defaults: true, orgid: null, siteid: null })),
      },
      start,
    );
    for (let i = 0; i < records; i++) {
      const at = start + Math.floor((i / Math.max(1, records)) * 29 * 86_400_000) + rng.int(0, 3_600_000);
      this.createWorkOrder(
        {
          description: `${rng.pick(['Inspect', 'Repair', 'Replace', 'Clean'])} ${rng.pick(['HVAC unit', 'door closer', 'light fixture', 'sink'])}`,
          location: rng.pick(ROOMS).code,
          lead: ((person) => personIdOf(person.firstName, person.lastName))(rng.pick(PEOPLE)),
          status: rng.pick(WO_STATUSES).value,
          worktype: rng.pick(['CM', 'PM', 'EM']),
          wopriority: rng.int(1, 4),
        },
        at,
      );
    }
  }

  snapshot(): MaximoSnapshot {
    const rows = Object.fromEntries(
      OBJECT_STRUCTURES.map((os) => [os, this.list(os).map((row) => structuredClone(row))]),
    ) as Record<ObjectStructure, Row[]>;
    return { rows, rowstamp: this.rowstamp, nextWonum: this.nextWonum, nextId: this.nextId };
  }

  restore(state: unknown): void {
    const snapshot = state as Partial<MaximoSnapshot> | null;
    if (!snapshot?.rows || !Array.isArray(snapshot.rows[WORK_ORDERS_OS]))
      throw new Error('not a Maximo simulator snapshot');
    for (const os of OBJECT_STRUCTURES) {
      const table = this.table(os);
      table.clear();
      for (const row of snapshot.rows[os] ?? []) table.set(String(row.__restid), structuredClone(row));
    }
    this.rowstamp = snapshot.rowstamp ?? this.rowstamp;
    this.nextWonum = snapshot.nextWonum ?? this.nextWonum;
    this.nextId = snapshot.nextId ?? this.nextId;
  }

  churnTarget(): ChurnTarget {
    const anyOrder = (rng: Rng) => {
      const rows = this.list(WORK_ORDERS_OS);
      return rows.length > 0 ? rng.pick(rows) : undefined;
    };
    return {
      create: (rng) =>
        String(
          this.createWorkOrder({
            description: `Follow-up visit to ${rng.pick(ROOMS).name}`.slice(0, 100),
            location: rng.pick(ROOMS).code,
          }).__restid,
        ),
      update: (rng) => {
        const row = anyOrder(rng);
        if (!row) return undefined;
        return String(
          this.updateWorkOrder(String(row.__restid), { description_longdescription: `Note ${rng.hex(6)}` })
            .__restid,
        );
      },
      changeStatus: (rng) => {
        const row = anyOrder(rng);
        if (!row) return undefined;
        const next = rng.pick(WO_STATUSES.filter((s) => s.value !== row.status));
        return String(this.updateWorkOrder(String(row.__restid), { status: next.value }).__restid);
      },
      remove: (rng) => {
        const row = anyOrder(rng);
        if (!row) return undefined;
        this.remove(WORK_ORDERS_OS, String(row.__restid));
        return String(row.__restid);
      },
      complete: (rng) => {
        const open = this.list(WORK_ORDERS_OS).filter((row) => !FINISHED_STATUSES.has(String(row.status)));
        if (open.length === 0) return undefined;
        const row = rng.pick(open);
        return String(this.updateWorkOrder(String(row.__restid), { status: 'COMP' }).__restid);
      },
    };
  }
}

export const personIdOf = (firstName: string, lastName: string) => `${firstName[0]}${lastName}`.toUpperCase();

const statusDescription = (value: string) => WO_STATUSES.find((s) => s.value === value)?.description ?? value;

export const notFound = (os: string, restId: string) =>
  new MaximoError(
    404,
    'BMXAA8727E',
    `The OSLC resource ${os}/${restId} was not found, or you cannot access it.`,
  );
