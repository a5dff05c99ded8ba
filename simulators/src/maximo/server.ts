import { Hono } from 'hono';
import type { CommonSimOptions, RunningSimulator } from '../control/options.js';
import { baseTimeMs, rateLimitRules } from '../control/options.js';
import { createSimApp, serveSim } from '../control/sim-app.js';
import type { SimControl } from '../control/sim-control.js';
import { createSimControl } from '../control/sim-control.js';
import type { SimEnv } from '../control/sim-env.js';
import { createClock } from '../shared/clock.js';
import type { Row } from './query.js';
import type { MaximoAuth } from './routes.js';
import { maximoDialect, maximoRoutes } from './routes.js';
import type { ObjectStructure } from './store.js';
import { MaximoStore } from './store.js';

export interface MaximoOptions extends CommonSimOptions, Partial<MaximoAuth> {}

export interface MaximoControl extends SimControl {
  /** A copy of an object structure's records, as stored (with `__restid`, the id in their href). */
  rows(os: ObjectStructure): Row[];
  /** Creates a work order as a Maximo user would; answers a copy of it. */
  createWorkOrder(fields: Record<string, unknown>): Row;
  /** Changes a work order as a Maximo user would. */
  updateWorkOrder(restId: string, fields: Record<string, unknown>): Row;
}

/** The API keys the simulator accepts by default. */
export const MAXIMO_API_KEY = 'mx-demo-key';
export const MAXIMO_READ_ONLY_API_KEY = 'mx-viewer-key';

/**
 * Starts an IBM Maximo Manage simulator (JSON API under /maximo/api/os and /maximo/oslc/os): 100 work
 * orders by default, the shared rooms as operating locations, the shared people as persons, no rate limit.
 */
export async function startMaximo(options: MaximoOptions = {}): Promise<RunningSimulator<MaximoControl>> {
  const clock = createClock();
  const store = new MaximoStore(clock, baseTimeMs(options.baseTime));
  const { control: base, parts } = createSimControl({
    backend: store,
    clock,
    seed: { seed: options.seed ?? 1, records: options.records ?? 100 },
    rateLimits: rateLimitRules(options.rateLimit, []),
    requestLogSize: options.requestLogSize,
  });
  const control: MaximoControl = {
    ...base,
    rows: (os) => store.list(os).map((row) => structuredClone(row)),
    createWorkOrder: (fields) => structuredClone(store.createWorkOrder(fields)),
    updateWorkOrder: (restId, fields) => structuredClone(store.updateWorkOrder(restId, fields)),
  };
  const auth: MaximoAuth = {
    apiKeys: options.apiKeys ?? [MAXIMO_API_KEY],
    readOnlyApiKeys: options.readOnlyApiKeys ?? [MAXIMO_READ_ONLY_API_KEY],
    users: options.users ?? [{ username: 'maxadmin', password: 'maxadmin' }],
  };
  const api = new Hono<SimEnv>();
  const routes = maximoRoutes(store, auth) as unknown as Hono<SimEnv>;
  api.route('/maximo/api/os', routes);
  api.route('/maximo/oslc/os', routes);
  const app = createSimApp({ control, parts, clock, dialect: maximoDialect, api });
  return serveSim(app, control, options);
}
