import { Hono } from 'hono';
import type { SimClock } from '../shared/clock.js';
import type { ListenOptions } from '../shared/listen.js';
import { listen } from '../shared/listen.js';
import type { RunningSimulator } from './options.js';
import { faultMiddleware } from './faults.js';
import { rateLimitMiddleware } from './rate-limit.js';
import { requestLogMiddleware } from './request-log.js';
import { controlRoutes } from './routes.js';
import type { SimControl, SimParts } from './sim-control.js';
import type { ApiDialect, SimEnv } from './sim-env.js';

export interface SimAppOptions {
  control: SimControl;
  parts: SimParts;
  clock: SimClock;
  dialect: ApiDialect;
  /** The simulated API itself. */
  api: Hono<SimEnv>;
  /** Simulator-specific control routes, mounted under `/__sim`. */
  controlExtras?: (app: Hono) => void;
}

/**
 * One simulator: the control plane under `/__sim`, then, for every API request, the request log,
 * the fault plans and the rate limiter (in that order, so injected faults and 429s are logged too).
 */
export function createSimApp({
  control,
  parts,
  clock,
  dialect,
  api,
  controlExtras,
}: SimAppOptions): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  app.route('/__sim', controlRoutes(control, controlExtras));
  app.use('*', requestLogMiddleware(parts.log, clock));
  app.use('*', faultMiddleware(parts.faults, dialect, clock, parts.limiter));
  app.use('*', rateLimitMiddleware(parts.limiter, dialect));
  app.route('/', api);
  app.notFound(() => dialect.notFound());
  app.onError((error) => {
    console.error(error);
    return dialect.serverError(500);
  });
  return app;
}

/** Listens, and closes by stopping churn first so that no timer outlives the server. */
export async function serveSim<Control extends SimControl>(
  app: Hono<SimEnv>,
  control: Control,
  options: ListenOptions,
): Promise<RunningSimulator<Control>> {
  const server = await listen(app.fetch, options);
  return {
    url: server.url,
    control,
    close: async () => {
      control.stopChurn();
      await server.close();
    },
  };
}
