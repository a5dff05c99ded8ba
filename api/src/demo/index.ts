import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sealCredentials, type Config, type Connection, type Integration, type Logger } from '@isync/core';
import { hashPassword } from '../auth/passwords.js';
import type { ApiDependencies } from '../deps.js';
import { createFromTemplate } from '../routes/templates.js';
import { compileIntegration } from '../wizard/compile.js';

/*
 * Demo mode (`npm start -- --demo` or ISYNC_DEMO=1): both simulators in this process, a demo tenant
 * with its user, the two connections and the first template active on a one-minute schedule, and a
 * gentle churn in PlanGrid so runs keep finding changes. Everything is found again on a restart (the
 * simulators' state is kept in the data dir), so a second start duplicates nothing.
 */

export const DEMO_TEMPLATE = 'plangrid-issues-to-nuvolo-work-orders';
const DEMO_SLUG = 'demo';
const PLANGRID_KEY = 'pg-demo-key';
const NUVOLO_CREDENTIALS = { username: 'admin', password: 'nuvolo-demo' };
const DAY_MS = 86_400_000;

/** `--demo` on the command line or ISYNC_DEMO=1, in the embedded (all-in-one) process only. */
export const demoRequested = (config: Config, argv: readonly string[]): boolean =>
  (config.demo || argv.slice(2).includes('--demo')) && config.role === 'all';

export interface DemoSettings {
  email: string;
  password: string;
  plangridPort: number;
  nuvoloPort: number;
  /** Where the simulators' state is kept between starts; null keeps it in memory only. */
  stateDir: string | null;
}

export function demoSettings(
  config: Config,
  env: Record<string, string | undefined> = process.env,
): DemoSettings {
  const port = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 0 || value > 65535) {
      throw new Error(`${name} must be a port number (0 to 65535), not "${env[name]}"`);
    }
    return value;
  };
  return {
    email: env.ISYNC_DEMO_EMAIL || 'demo@isync.local',
    password: env.ISYNC_DEMO_PASSWORD || 'isync-demo',
    plangridPort: port('PLANGRID_PORT', 4101),
    nuvoloPort: port('NUVOLO_PORT', 4102),
    stateDir: config.store === 'sqlite' ? join(config.dataDir, 'demo') : null,
  };
}

export interface Demo {
  integration: Integration;
  /** The lines to print once the server listens (with the demo password: demo mode only). */
  announce(url: string): string;
  close(): Promise<void>;
}

export async function startDemo(deps: ApiDependencies, config: Config, logger: Logger): Promise<Demo> {
  const settings = demoSettings(config);
  const { startNuvolo, startPlanGrid } = await import('@isync/simulators');
  const baseTime = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const plangrid = await startPlanGrid({ port: settings.plangridPort, records: 300, rfis: 120, baseTime });
  const nuvolo = await startNuvolo({ port: settings.nuvoloPort, baseTime });
  const stateFile = (name: string) => (settings.stateDir ? join(settings.stateDir, `${name}.json`) : null);
  for (const [sim, name] of [
    [plangrid, 'plangrid'],
    [nuvolo, 'nuvolo'],
  ] as const) {
    const file = stateFile(name);
    if (file && existsSync(file)) await sim.control.loadFromFile(file);
  }

  const { store } = deps;
  const tenant =
    (await store.tenants.getBySlug(DEMO_SLUG)) ??
    (await store.tenants.create({ name: 'Demo Facilities', slug: DEMO_SLUG }));
  if (!(await store.users.findByEmailForLogin(settings.email))) {
    await store.users.create(tenant.id, {
      email: settings.email,
      name: 'Demo user',
      role: 'tenant-admin',
      passwordHash: await hashPassword(settings.password),
    });
  }

  const existing = (await store.connections.list(tenant.id, { limit: 500 })).items;
  const connection = async (
    name: string,
    input: Omit<Connection, 'id' | 'tenantId' | 'name' | 'createdAt' | 'updatedAt' | 'secret' | 'options'>,
    credentials: Record<string, unknown>,
  ): Promise<Connection> => {
    const found = existing.find((c) => c.name === name);
    const secret = sealCredentials(deps.keyring, credentials, tenant.id);
    // The simulators may listen on other ports than last time: point the connection at them.
    if (found)
      return (await store.connections.update(tenant.id, found.id, { baseUrl: input.baseUrl, secret }))!;
    return store.connections.create(tenant.id, { ...input, name, secret });
  };
  const source = await connection(
    'Demo PlanGrid',
    { system: 'plangrid', baseUrl: plangrid.url, authKind: 'api-key' },
    { apiKey: PLANGRID_KEY },
  );
  const destination = await connection(
    'Demo Nuvolo',
    { system: 'nuvolo', baseUrl: nuvolo.url, authKind: 'basic' },
    NUVOLO_CREDENTIALS,
  );

  const integrations = (await store.integrations.list(tenant.id, {}, { limit: 500 })).items;
  let integration =
    integrations.find((i) => i.templateId === DEMO_TEMPLATE && i.status !== 'archived') ??
    (await createFromTemplate(deps, tenant.id, null, {
      templateId: DEMO_TEMPLATE,
      title: 'PlanGrid issues → Nuvolo work orders (demo)',
      sourceConnectionId: source.id,
      destinationConnectionId: destination.id,
      project: plangrid.control.projects()[0]!.uid,
      schedule: { kind: 'interval', everySeconds: 60 },
    }));
  if (integration.planVersion === null) {
    const compiled = await compileIntegration(deps, integration);
    if (!compiled.plan) {
      throw new Error(`The demo integration does not compile: ${JSON.stringify(compiled.problems)}`);
    }
    const plan = await store.plans.save(tenant.id, integration.id, {
      ...compiled.plan,
      flow: integration.flow,
      createdBy: null,
    });
    integration = (await store.integrations.update(tenant.id, integration.id, {
      status: 'active',
      planVersion: plan.version,
    }))!;
    await deps.scheduler.sync(tenant.id, integration.id);
  }
  await deps.scheduler.runNow(tenant.id, integration.id, 'manual');
  // About one change every five seconds: new issues, edits and status changes for the next runs.
  plangrid.control.startChurn({ perSecond: 0.2, mix: { create: 1, update: 1, statusChange: 2, delete: 0 } });
  logger.info(
    { tenantId: tenant.id, integrationId: integration.id, plangrid: plangrid.url, nuvolo: nuvolo.url },
    'demo mode: simulators started, demo integration active',
  );

  return {
    integration,
    announce(url) {
      const lines = [
        `iSync demo is running: open ${url}`,
        `Sign in as ${settings.email} / ${settings.password}`,
        `PlanGrid simulator: ${plangrid.url}   Nuvolo simulator: ${nuvolo.url}`,
      ];
      logger.info({ url, email: settings.email }, `iSync demo is running: sign in at ${url}`);
      return lines.join('\n');
    },
    async close() {
      plangrid.control.stopChurn();
      if (settings.stateDir) {
        mkdirSync(settings.stateDir, { recursive: true });
        await plangrid.control.dumpToFile(stateFile('plangrid')!);
        await nuvolo.control.dumpToFile(stateFile('nuvolo')!);
      }
      await Promise.all([plangrid.close(), nuvolo.close()]);
    },
  };
}
