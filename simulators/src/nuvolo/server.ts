import { Hono } from 'hono';
import { z } from 'zod';
import type { CommonSimOptions, RunningSimulator } from '../control/options.js';
import { baseTimeMs, rateLimitRules } from '../control/options.js';
import { parseBody } from '../control/routes.js';
import { createSimApp, serveSim } from '../control/sim-app.js';
import type { SimControl } from '../control/sim-control.js';
import { createSimControl } from '../control/sim-control.js';
import type { SimEnv } from '../control/sim-env.js';
import { createClock } from '../shared/clock.js';
import { createTokenStore } from '../shared/tokens.js';
import { NuvoloBackend } from './backend.js';
import { nuvoloDialect } from './dialect.js';
import type { StagingTable } from './import-set.js';
import { DEFAULT_STAGING_TABLES, importSetRoutes } from './import-set.js';
import type { AuthedEnv, NuvoloUser } from './oauth.js';
import { oauthTokenRoute, requireUser } from './oauth.js';
import { tableRoutes } from './routes.js';
import type { Choice } from './schema.js';
import type { Row } from './table-store.js';
import { TableError } from './table-store.js';

export interface NuvoloOptions extends CommonSimOptions {
  /** Basic / password-grant user with full access. Default `admin` / `nuvolo-demo`. */
  username?: string;
  password?: string;
  /** Users that may read but not write (403). Default `viewer` / `viewer-demo`. */
  readOnlyUsers?: Array<{ username: string; password: string }>;
  /** OAuth client for `/oauth_token.do`. Default `isync` / `isync-secret`. */
  oauthClient?: { clientId: string; clientSecret: string };
  /** Import Set staging tables; default `u_isync_work_order_import` → work orders, coalescing on correlation_id. */
  stagingTables?: Record<string, StagingTable>;
}

export interface NuvoloControl extends SimControl {
  /** Replaces a choice list (e.g. work-order `state`); sys_choice follows. */
  setChoices(table: string, element: string, choices: Choice[]): void;
  /** A copy of a table's rows. */
  rows(table: string): Row[];
  /** Inserts a row as a Nuvolo user would (numbered, stamped); answers a copy of it. */
  insert(table: string, fields: Record<string, unknown>, by?: string): Row;
}

const choicesSchema = z.array(z.object({ value: z.string(), label: z.string() }).strict()).min(1);

/** Starts a Nuvolo (ServiceNow Table API) simulator (default 100 work orders, no rate limit). */
export async function startNuvolo(options: NuvoloOptions = {}): Promise<RunningSimulator<NuvoloControl>> {
  const clock = createClock();
  const backend = new NuvoloBackend(baseTimeMs(options.baseTime), clock);
  const store = backend.store;
  const users: NuvoloUser[] = [
    { username: options.username ?? 'admin', password: options.password ?? 'nuvolo-demo' },
    ...(options.readOnlyUsers ?? [{ username: 'viewer', password: 'viewer-demo' }]).map((u) => ({
      ...u,
      readOnly: true,
    })),
  ];
  const tokens = createTokenStore({
    clock,
    accessTtlSeconds: options.tokenTtlSeconds ?? 1800,
    refreshTtlSeconds: 100 * 86_400,
  });
  const auth = {
    users,
    tokens,
    client: options.oauthClient ?? { clientId: 'isync', clientSecret: 'isync-secret' },
  };
  const { control: base, parts } = createSimControl({
    backend,
    clock,
    seed: { seed: options.seed ?? 1, records: options.records ?? 100 },
    rateLimits: rateLimitRules(options.rateLimit, []),
    requestLogSize: options.requestLogSize,
    onReset: () => tokens.clear(),
  });
  const control: NuvoloControl = {
    ...base,
    setChoices: (table, element, choices) => store.setChoices(table, element, choices),
    rows: (table) => store.rows(table).map((row) => ({ ...row })),
    insert: (table, fields, by = 'admin') => ({ ...store.insert(table, fields, by) }),
  };

  const api = new Hono<AuthedEnv>();
  api.route('/', oauthTokenRoute(auth));
  api.use('/api/*', requireUser(auth));
  for (const [path, v1] of [
    ['/api/now/table', false],
    ['/api/now/v1/table', true],
    ['/api/now/v2/table', false],
  ] as const) {
    api.route(path, tableRoutes(store, v1));
  }
  api.route('/api/now/import', importSetRoutes(store, options.stagingTables ?? DEFAULT_STAGING_TABLES));

  const app = createSimApp({
    control,
    parts,
    clock,
    dialect: nuvoloDialect,
    api: api as unknown as Hono<SimEnv>,
    controlExtras: (sim) => {
      sim.put('/choices/:table/:element', async (c) => {
        const body = await parseBody(c, choicesSchema);
        if (!body.ok) return body.response;
        try {
          store.setChoices(c.req.param('table'), c.req.param('element'), body.value);
        } catch (error) {
          if (!(error instanceof TableError)) throw error;
          return c.json({ error: { code: 'invalid_field', message: error.message, details: null } }, 400);
        }
        return c.json(store.choiceList(c.req.param('table'), c.req.param('element')));
      });
    },
  });

  return serveSim(app, control, options);
}
