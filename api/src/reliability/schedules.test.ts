import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLogger,
  generateMasterKey,
  loadConfig,
  type Schedule,
  type Tenant,
  type User,
} from '@isync/core';
import { createApp } from '../app.js';
import { hashPassword } from '../auth/passwords.js';
import { openServices, type Services } from '../services.js';
import { ApiClient, PASSWORD } from '../testing/api-world.js';
import { CaseTally } from '../testing/case-tally.js';

/*
 * Nothing a tenant stores can stop the server: fast-check writes random schedules, settings and flows
 * through the API (crons croner refuses, seconds-field crons, unknown time zones, flows of any shape),
 * pauses, resumes and activates, then restarts the services over the same SQLite file. The restart must
 * succeed, no answer may be a 5xx, what the API accepted must be what is stored, and every active
 * integration must be scheduled again. Integrations stored before schedules were checked (a broken cron
 * written straight into the store) are marked `error` with their reason, and the others keep running.
 */

const tally = new CaseTally();
let restarts = 0;
const RUNS = Math.max(10, Math.min(50, Math.round(Number(process.env.RELIABILITY_RUNS ?? 20) / 2)));

afterAll(() => {
  console.log(
    `reliability: schedules: ${tally.cases} cases, ${restarts} restarts, ${tally.violations.length} violations`,
  );
  expect(tally.violations).toEqual([]);
});

const silent = () =>
  createLogger({ level: 'fatal', destination: new Writable({ write: (_c, _e, done) => done() }) });

/** One server over a data directory that outlives it, as `npm start` would open it. */
class Server {
  services!: Services;
  client!: ApiClient;
  constructor(
    private readonly env: Record<string, string>,
    private readonly user: () => User,
  ) {}
  async start(): Promise<void> {
    this.services = await openServices(loadConfig(this.env), 'all', silent());
    const app = createApp(this.services.deps);
    await this.services.scheduler.start();
    this.client = new ApiClient(app, { logLines: [], responses: [] });
    await this.client.login(this.user().email);
  }
  async restart(): Promise<void> {
    await this.services.close();
    await this.start();
    restarts++;
  }
}

const field = fc.oneof(
  fc.constant('*'),
  fc.nat({ max: 70 }).map((n) => `*/${n}`),
  fc.nat({ max: 99 }).map(String),
  fc.tuple(fc.nat({ max: 60 }), fc.nat({ max: 60 })).map(([a, b]) => `${a}-${b}`),
  fc.array(fc.nat({ max: 60 }), { minLength: 2, maxLength: 3 }).map((list) => list.join(',')),
  fc.constantFrom('L', '?', 'MON', 'JAN', '1#2', 'W', '5L'),
  fc.string({ maxLength: 4 }).filter((s) => !/\s/.test(s) && s.length > 0),
);
const cron = fc.oneof(
  fc.array(field, { minLength: 5, maxLength: 7 }).map((parts) => parts.join(' ')),
  fc.constantFrom(
    '*/0 * * * *',
    'not a cron at all',
    '99 99 99 99 99',
    '* * * * * *',
    '0 0 30 2 *',
    '@hourly',
  ),
  fc.string({ minLength: 9, maxLength: 40 }),
);
const schedule: fc.Arbitrary<Schedule> = fc.oneof(
  fc
    .integer({ min: 1, max: 31 * 24 * 3600 })
    .map((everySeconds) => ({ kind: 'interval' as const, everySeconds })),
  cron
    .filter((expression) => expression.length >= 9)
    .map((expression) => ({ kind: 'cron' as const, expression })),
);
const timezone = fc.oneof(
  fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'),
  fc.constantFrom('Mars/Olympus', 'utc+1', 'Etc/GMT+99'),
);
const settings = fc.record({
  schedule,
  dateRange: fc.constant({ from: null, to: null }),
  timezone,
  statusMappings: fc.array(
    fc.record({ from: fc.string({ maxLength: 10 }), to: fc.string({ maxLength: 10 }) }),
    {
      maxLength: 3,
    },
  ),
});
const flow = fc.record({
  schemaVersion: fc.constant(1),
  nodes: fc.array(
    fc.record({
      id: fc.constantFrom('source', 'filter', 'field-map', 'status-map', 'destination', 'x'),
      type: fc.constantFrom('source', 'filter', 'field-map', 'status-map', 'destination', 'lookup', 'nope'),
      position: fc.record({ x: fc.integer(), y: fc.integer() }),
      data: fc.record({ config: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 })) }),
    }),
    { maxLength: 6 },
  ),
  edges: fc.array(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 8 }),
      source: fc.constantFrom('source', 'filter', 'field-map', 'x'),
      target: fc.constantFrom('filter', 'field-map', 'status-map', 'destination', 'x'),
    }),
    { maxLength: 6 },
  ),
});
const step = fc.tuple(
  fc.nat({ max: 2 }),
  fc.oneof(
    settings.map((body) => ({ kind: 'settings' as const, body })),
    flow.map((body) => ({ kind: 'flow' as const, body })),
    fc.constantFrom({ kind: 'pause' as const }, { kind: 'resume' as const }, { kind: 'activate' as const }),
  ),
);

describe('a server restarts cleanly after any settings and flows a tenant writes', () => {
  let dir: string;
  let server: Server;
  let tenant: Tenant;
  let editor: User;
  const ids: string[] = [];
  let legacy: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'isync-schedules-'));
    server = new Server(
      {
        ISYNC_DATA_DIR: dir,
        ISYNC_MASTER_KEY: generateMasterKey(),
        LOG_LEVEL: 'fatal',
      },
      () => editor,
    );
    // The store first, then the users and integrations, as an older release left them.
    const services = await openServices(loadConfig(server['env']), 'all', silent());
    const { store } = services.deps;
    tenant = await store.tenants.create({ name: 'Acme', slug: 'acme' });
    editor = await store.users.create(tenant.id, {
      email: 'editor@acme.test',
      name: 'Editor',
      role: 'editor',
      passwordHash: await hashPassword(PASSWORD),
    });
    const active = async (title: string, schedule: Schedule) => {
      const created = await store.integrations.create(tenant.id, { title, description: '' });
      await store.integrations.update(tenant.id, created.id, { status: 'active', planVersion: 1, schedule });
      return created.id;
    };
    for (const n of [1, 2, 3]) ids.push(await active(`Sync ${n}`, { kind: 'interval', everySeconds: 3600 }));
    legacy = await active('Stored before schedules were checked', {
      kind: 'cron',
      expression: '*/0 * * * *',
    });
    await services.close();
    await server.start();
  });
  afterAll(async () => {
    await server.services.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('marks an integration stored with a broken cron error with its reason, and schedules the others', async () => {
    const { store, scheduler } = { store: server.services.deps.store, scheduler: server.services.scheduler };
    const broken = await store.integrations.get(tenant.id, legacy);
    tally.check(
      'a stored broken cron is marked error',
      broken?.status === 'error' ? null : `status ${broken?.status}`,
    );
    tally.check(
      'the error says why',
      broken?.statusReason?.includes('illegal stepping') ? null : `reason ${broken?.statusReason}`,
    );
    const shown = await server.client.get(`/api/integrations/${legacy}`);
    tally.check(
      'the API shows the reason',
      shown.json.statusReason === broken?.statusReason ? null : shown.text,
    );
    for (const id of ids)
      tally.check(
        `integration ${id} is scheduled`,
        (await scheduler.nextRunAt(tenant.id, id)) ? null : 'no next run',
      );
    expect(tally.violations).toEqual([]);
  });

  it('restarts after random settings, flows, pauses and activations; what was accepted is kept and scheduled', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const before = tally.violations.length;
        const accepted = new Map<string, Schedule>();
        for (const [index, action] of steps) {
          const id = ids[index]!;
          const path = `/api/integrations/${id}`;
          const answer =
            action.kind === 'settings'
              ? await server.client.put(`${path}/settings`, action.body)
              : action.kind === 'flow'
                ? await server.client.put(`${path}/mappings`, { flow: action.body })
                : await server.client.post(`${path}/${action.kind}`);
          tally.check(
            `${action.kind} ${JSON.stringify(action).slice(0, 200)}`,
            answer.status >= 500 ? answer.text : null,
          );
          if (action.kind === 'settings' && answer.status === 200) accepted.set(id, action.body.schedule);
        }
        const stored = new Map<string, unknown>();
        for (const id of ids) stored.set(id, (await server.client.get(`/api/integrations/${id}`)).json);
        try {
          await server.restart();
          tally.check('the server restarts', null);
        } catch (error) {
          tally.check('the server restarts', String(error));
          await server.start();
        }
        for (const id of ids) {
          const after = (await server.client.get(`/api/integrations/${id}`)).json;
          const was = stored.get(id) as { schedule: Schedule; status: string };
          const schedule = accepted.get(id);
          tally.check(
            `integration ${id} keeps the schedule the API accepted`,
            schedule && JSON.stringify(after.schedule) !== JSON.stringify(schedule)
              ? `stored ${JSON.stringify(after.schedule)}, accepted ${JSON.stringify(schedule)}`
              : null,
          );
          tally.check(
            `integration ${id} keeps its status over the restart`,
            after.status === was.status ? null : `${was.status} → ${after.status} (${after.statusReason})`,
          );
          const next = await server.services.scheduler.nextRunAt(tenant.id, id);
          tally.check(
            `integration ${id} is scheduled exactly when active`,
            (after.status === 'active') === (next !== null)
              ? null
              : `${after.status}, next run ${String(next)}`,
          );
        }
        return tally.violations.length === before;
      }),
      { numRuns: RUNS },
    );
    expect(tally.violations).toEqual([]);
  }, 300_000);
});
