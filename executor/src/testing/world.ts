import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  compileFlow,
  createLogger,
  generateMasterKey,
  keyring,
  openSqliteStore,
  sealCredentials,
  type CompileResult,
  type Connection,
  type Flow,
  type Integration,
  type Keyring,
  type Store,
  type Tenant,
} from '@isync/core';
import { checkExpression, createConnector, nodeCatalog } from '@isync/nodes';
import {
  startNuvolo,
  startPlanGrid,
  type NuvoloControl,
  type NuvoloOptions,
  type PlanGridControl,
  type PlanGridOptions,
  type RunningSimulator,
} from '@isync/simulators';
import type { EngineDependencies } from '../engine/run.js';
import { FAST_HTTP } from './fast-http.js';

/*
 * A tenant on its own SQLite file with a PlanGrid and a Nuvolo connection to two fresh simulators: the
 * world every end-to-end test of a flow starts from (the executor's harness, the templates' tests).
 */

export const PLANGRID_CREDENTIALS = { apiKey: 'pg-demo-key' };
export const NUVOLO_CREDENTIALS = { username: 'admin', password: 'nuvolo-demo' };

export const quietLogger = () =>
  createLogger({ level: 'warn', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });

export interface SimulatorWorld {
  store: Store;
  /** The SQLite file, for another process to open. */
  file: string;
  /** The master key the connections' secrets are sealed with (base64), for another process. */
  masterKey: string;
  ring: Keyring;
  tenant: Tenant;
  plangrid: RunningSimulator<PlanGridControl>;
  nuvolo: RunningSimulator<NuvoloControl>;
  connections: { plangrid: Connection; nuvolo: Connection };
  /** The first PlanGrid project. */
  project: string;
  engine: EngineDependencies;
  /** Compiles a flow against what the two connections' real connectors describe now. */
  compile(flow: Flow): Promise<CompileResult>;
  /** Stores a new active integration of the tenant running this flow (which must compile). */
  activate(title: string, flow: Flow, schedule?: Integration['schedule']): Promise<Integration>;
  /** Stores a new active integration running this flow with a plan compiled before. */
  install(
    title: string,
    flow: Flow,
    plan: NonNullable<CompileResult['plan']>,
    schedule?: Integration['schedule'],
    owner?: TenantConnections,
  ): Promise<Integration>;
  /** Another tenant with its own PlanGrid and Nuvolo connections to the same simulators. */
  addTenant(slug: string): Promise<TenantConnections>;
  close(): Promise<void>;
}

/** A tenant and its two connections to the simulators. */
export interface TenantConnections {
  tenant: Tenant;
  connections: { plangrid: Connection; nuvolo: Connection };
}

export async function simulatorWorld(
  options: {
    plangrid?: PlanGridOptions;
    nuvolo?: NuvoloOptions;
    file?: string;
    /** The MongoDB adapter over mingo in memory instead of SQLite (`file` is then unused). */
    store?: 'sqlite' | 'mongodb-standin';
  } = {},
): Promise<SimulatorWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'isync-world-'));
  const plangrid = await startPlanGrid({ rateLimit: false, ...options.plangrid });
  const nuvolo = await startNuvolo({ records: 0, rateLimit: false, ...options.nuvolo });
  const file = options.file ?? join(dir, 'isync.db');
  // Loaded only when asked for: most worlds never touch the MongoDB adapter.
  const store =
    options.store === 'mongodb-standin'
      ? await (await import('@isync/core/testing/mingo')).mingoStore()
      : openSqliteStore({ file });
  const masterKey = generateMasterKey();
  const ring = keyring(masterKey);
  const addTenant = async (slug: string, name = slug): Promise<TenantConnections> => {
    const tenant = await store.tenants.create({ name, slug });
    return {
      tenant,
      connections: {
        plangrid: await store.connections.create(tenant.id, {
          system: 'plangrid',
          name: 'PlanGrid',
          baseUrl: plangrid.url,
          authKind: 'api-key',
          secret: sealCredentials(ring, PLANGRID_CREDENTIALS, tenant.id),
        }),
        nuvolo: await store.connections.create(tenant.id, {
          system: 'nuvolo',
          name: 'Nuvolo',
          baseUrl: nuvolo.url,
          authKind: 'basic',
          secret: sealCredentials(ring, NUVOLO_CREDENTIALS, tenant.id),
        }),
      },
    };
  };
  const acme = await addTenant('acme', 'Acme Facilities');
  const { tenant, connections } = acme;

  const compile = async (flow: Flow) => {
    const source = createConnector({ connection: connections.plangrid, credentials: PLANGRID_CREDENTIALS });
    const destination = createConnector({ connection: connections.nuvolo, credentials: NUVOLO_CREDENTIALS });
    try {
      return compileFlow(flow, nodeCatalog, {
        source: await source.describe(),
        destination: await destination.describe(),
        checkExpression: (text) => {
          const result = checkExpression(text);
          return result.ok ? null : result.message;
        },
      });
    } finally {
      await Promise.all([source.close(), destination.close()]);
    }
  };

  const install: SimulatorWorld['install'] = async (title, flow, compiled, schedule, owner = acme) => {
    const tenantId = owner.tenant.id;
    const draft = await store.integrations.create(tenantId, { title, description: '' });
    const plan = await store.plans.save(tenantId, draft.id, { ...compiled, flow });
    return (await store.integrations.update(tenantId, draft.id, {
      flow,
      status: 'active',
      planVersion: plan.version,
      sourceConnectionId: owner.connections.plangrid.id,
      destinationConnectionId: owner.connections.nuvolo.id,
      ...(schedule && { schedule }),
    }))!;
  };
  const activate: SimulatorWorld['activate'] = async (title, flow, schedule) => {
    const compiled = await compile(flow);
    if (!compiled.plan) throw new Error(`"${title}" does not compile: ${JSON.stringify(compiled.problems)}`);
    return install(title, flow, compiled.plan, schedule);
  };

  return {
    store,
    file,
    masterKey,
    ring,
    tenant,
    plangrid,
    nuvolo,
    connections,
    project: plangrid.control.projects()[0]!.uid,
    engine: { store, keyring: ring, logger: quietLogger(), connectorHttp: FAST_HTTP },
    compile,
    activate,
    install,
    addTenant: (slug) => addTenant(slug),
    async close() {
      await store.close();
      await Promise.all([plangrid.close(), nuvolo.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
