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
  WORK_ORDERS,
  type NuvoloControl,
  type NuvoloOptions,
  type PlanGridControl,
  type PlanGridOptions,
  type RunningSimulator,
} from '@isync/simulators';
import type { EngineDependencies } from '../engine/run.js';
import { FAST_HTTP } from './fast-http.js';

export { FAST_HTTP } from './fast-http.js';

export const quietLogger = () =>
  createLogger({ level: 'warn', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });

/** The standard PlanGrid issues → Nuvolo work orders flow, as the first template draws it. */
export function issuesToWorkOrdersFlow(
  planGridConnectionId: string,
  nuvoloConnectionId: string,
  project: string,
): Flow {
  const node = (id: string, type: string, x: number, config: Record<string, unknown>) => ({
    id,
    type,
    position: { x, y: 0 },
    data: { config },
  });
  return {
    schemaVersion: 1,
    nodes: [
      node('source', 'source', 0, {
        connectionId: planGridConnectionId,
        object: 'issues',
        project,
        pageSize: 50,
      }),
      node('map', 'field-map', 250, {
        create: [
          { target: 'short_description', value: { kind: 'template', template: 'PG-{{number}}: {{title}}' } },
          { target: 'description', value: { kind: 'path', path: 'description' } },
          { target: 'due_date', value: { kind: 'path', path: 'due_at' } },
          { target: 'u_source_system', value: { kind: 'constant', value: 'PlanGrid' } },
        ],
        update: [
          { target: 'short_description', value: { kind: 'template', template: 'PG-{{number}}: {{title}}' } },
          { target: 'due_date', value: { kind: 'path', path: 'due_at' } },
        ],
      }),
      node('status', 'status-map', 500, {
        table: [
          { from: 'open', to: 'Open' },
          { from: 'in_review', to: 'Work in Progress' },
          { from: 'pending', to: 'On Hold' },
          { from: 'closed', to: 'Closed Complete' },
        ],
        whenDeleted: 'Canceled',
      }),
      node('room', 'lookup', 750, {
        object: 'x_nuvo_eam_elocation',
        matchField: 'name',
        sourcePath: 'room',
        targetField: 'work_location',
      }),
      node('destination', 'destination', 1000, { connectionId: nuvoloConnectionId, object: WORK_ORDERS }),
    ],
    edges: [
      { id: 'e1', source: 'source', target: 'map' },
      { id: 'e2', source: 'map', target: 'status' },
      { id: 'e3', source: 'status', target: 'room' },
      { id: 'e4', source: 'room', target: 'destination' },
    ],
  };
}

export interface SyncWorld {
  store: Store;
  /** The SQLite file, for another process to open. */
  file: string;
  /** The master key the connections' secrets are sealed with (base64), for another process. */
  masterKey: string;
  ring: Keyring;
  tenant: Tenant;
  integration: Integration;
  plangrid: RunningSimulator<PlanGridControl>;
  nuvolo: RunningSimulator<NuvoloControl>;
  project: string;
  engine: EngineDependencies;
  /** The PlanGrid issues of the synced project, as the simulator holds them now. */
  issues(): Record<string, unknown>[];
  workOrders(): Record<string, unknown>[];
  /** Another active integration of the same tenant, with the same flow and plan. */
  addIntegration(title: string, schedule?: Integration['schedule']): Promise<Integration>;
  close(): Promise<void>;
}

/**
 * A tenant with a PlanGrid → Nuvolo integration compiled and activated against two fresh simulators,
 * on its own SQLite file.
 */
export async function syncWorld(
  options: { plangrid?: PlanGridOptions; nuvolo?: NuvoloOptions; file?: string } = {},
): Promise<SyncWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'isync-executor-'));
  const plangrid = await startPlanGrid({ rateLimit: false, ...options.plangrid });
  const nuvolo = await startNuvolo({ records: 0, rateLimit: false, ...options.nuvolo });
  const file = options.file ?? join(dir, 'isync.db');
  const store = openSqliteStore({ file });
  const masterKey = generateMasterKey();
  const ring = keyring(masterKey);
  const tenant = await store.tenants.create({ name: 'Acme Facilities', slug: 'acme' });
  const planGridConnection = await store.connections.create(tenant.id, {
    system: 'plangrid',
    name: 'PlanGrid',
    baseUrl: plangrid.url,
    authKind: 'api-key',
    secret: sealCredentials(ring, { apiKey: 'pg-demo-key' }, tenant.id),
  });
  const nuvoloConnection = await store.connections.create(tenant.id, {
    system: 'nuvolo',
    name: 'Nuvolo',
    baseUrl: nuvolo.url,
    authKind: 'basic',
    secret: sealCredentials(ring, { username: 'admin', password: 'nuvolo-demo' }, tenant.id),
  });
  const project = plangrid.control.projects()[0]!.uid;
  const flow = issuesToWorkOrdersFlow(planGridConnection.id, nuvoloConnection.id, project);

  const source = createConnector({ connection: planGridConnection, credentials: { apiKey: 'pg-demo-key' } });
  const destination = createConnector({
    connection: nuvoloConnection,
    credentials: { username: 'admin', password: 'nuvolo-demo' },
  });
  const compiled = compileFlow(flow, nodeCatalog, {
    source: await source.describe(),
    destination: await destination.describe(),
    checkExpression: (text) => {
      const result = checkExpression(text);
      return result.ok ? null : result.message;
    },
  });
  await Promise.all([source.close(), destination.close()]);
  if (!compiled.plan) throw new Error(`the test flow does not compile: ${JSON.stringify(compiled.problems)}`);

  const compiledPlan = compiled.plan;
  const addIntegration = async (title: string, schedule?: Integration['schedule']) => {
    const draft = await store.integrations.create(tenant.id, { title, description: '' });
    const plan = await store.plans.save(tenant.id, draft.id, compiledPlan);
    return (await store.integrations.update(tenant.id, draft.id, {
      flow,
      status: 'active',
      planVersion: plan.version,
      sourceConnectionId: planGridConnection.id,
      destinationConnectionId: nuvoloConnection.id,
      ...(schedule && { schedule }),
    }))!;
  };
  const integration = await addIntegration('PlanGrid → Nuvolo');

  return {
    store,
    file,
    masterKey,
    ring,
    tenant,
    integration,
    plangrid,
    nuvolo,
    project,
    engine: { store, keyring: ring, logger: quietLogger(), connectorHttp: FAST_HTTP },
    issues: () => {
      const state = plangrid.control.dump().state as {
        projects: { project: { uid: string }; issues: Record<string, unknown>[] }[];
      };
      return state.projects.find((p) => p.project.uid === project)!.issues;
    },
    workOrders: () => nuvolo.control.rows(WORK_ORDERS) as Record<string, unknown>[],
    addIntegration,
    async close() {
      await store.close();
      await Promise.all([plangrid.close(), nuvolo.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
