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
import type { OAuthClient } from './auth.js';
import { oauthRoutes, requireCredentials, requireVersionedAccept } from './auth.js';
import { plangridDialect } from './dialect.js';
import { plangridRoutes } from './routes.js';
import { PlanGridStore } from './store.js';
import type { PlanGridUser, Project, RfiStatus } from './types.js';

export interface PlanGridOptions extends CommonSimOptions {
  /** The API key (Basic user name, empty password). Default `pg-demo-key`. */
  apiKey?: string;
  /** OAuth client for the authorization-code flow. Default `isync` / `isync-secret`. */
  oauthClient?: OAuthClient;
  /** RFIs to seed; default a fifth of `records`. */
  rfis?: number;
}

export interface PlanGridControl extends SimControl {
  projects(): Project[];
  /** The project team; their e-mails match Nuvolo's `sys_user` rows. */
  users(): PlanGridUser[];
  setRfiStatuses(
    projectUid: string,
    statuses: Array<{ label: string; color: string; uid?: string }>,
  ): RfiStatus[];
}

const rfiStatusesSchema = z.array(
  z.object({ uid: z.string().optional(), label: z.string().min(1), color: z.string().min(1) }).strict(),
);

/** Starts a PlanGrid API v1 simulator (default 200 issues over two projects, 40 requests/s). */
export async function startPlanGrid(
  options: PlanGridOptions = {},
): Promise<RunningSimulator<PlanGridControl>> {
  const clock = createClock();
  const apiKey = options.apiKey ?? 'pg-demo-key';
  const store = new PlanGridStore({ clock, rfis: options.rfis, baseTime: baseTimeMs(options.baseTime) });
  const tokens = createTokenStore({
    clock,
    accessTtlSeconds: options.tokenTtlSeconds ?? 3600,
    refreshTtlSeconds: 30 * 86_400,
  });
  const oauth = oauthRoutes(
    options.oauthClient ?? { clientId: 'isync', clientSecret: 'isync-secret' },
    tokens,
    clock,
    () => store.me.uid,
  );
  const { control: base, parts } = createSimControl({
    backend: store,
    clock,
    seed: { seed: options.seed ?? 1, records: options.records ?? 200 },
    rateLimits: rateLimitRules(options.rateLimit, [{ requestType: 'all', limit: 40, windowSeconds: 1 }]),
    requestLogSize: options.requestLogSize,
    onReset: () => {
      tokens.clear();
      oauth.clearCodes();
    },
  });
  const control: PlanGridControl = {
    ...base,
    projects: () => store.listProjects(),
    users: () => store.users,
    setRfiStatuses: (projectUid, statuses) => store.setRfiStatuses(projectUid, statuses),
  };

  const api = new Hono<SimEnv>();
  api.route('/oauth', oauth.app);
  api.use('*', requireVersionedAccept(), requireCredentials(apiKey, tokens));
  api.route('/', plangridRoutes(store));

  const app = createSimApp({
    control,
    parts,
    clock,
    dialect: plangridDialect,
    api,
    controlExtras: (sim) => {
      sim.put('/projects/:project/rfi-statuses', async (c) => {
        const body = await parseBody(c, rfiStatusesSchema);
        if (!body.ok) return body.response;
        if (!store.project(c.req.param('project'))) {
          return c.json({ error: { code: 'not_found', message: 'no such project', details: null } }, 404);
        }
        return c.json(store.setRfiStatuses(c.req.param('project'), body.value));
      });
    },
  });

  return serveSim(app, control, options);
}
