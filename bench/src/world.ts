import { Writable } from 'node:stream';
import {
  compileFlow,
  createLogger,
  sealCredentials,
  type Flow,
  type Integration,
  type Keyring,
  type Logger,
  type Store,
  type Tenant,
} from '@isync/core';
import { checkExpression, createConnector, nodeCatalog } from '@isync/nodes';
import { issuesToWorkOrdersFlow } from '@isync/executor/testing';
import type { SimulatorUrls } from './protocol.js';

const PLANGRID_CREDENTIALS = { apiKey: 'pg-demo-key' };
const NUVOLO_CREDENTIALS = { username: 'admin', password: 'nuvolo-demo' };

/** Warnings still count (a retry is logged); the bench only prints figures. */
export const silentLogger = (): Logger =>
  createLogger({ level: 'warn', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });

/**
 * A tenant with a PlanGrid and a Nuvolo connection (secrets sealed) and an active integration whose flow
 * is compiled against what the two systems describe, as the wizard leaves it.
 */
export async function activeIntegration(
  store: Store,
  ring: Keyring,
  simulators: SimulatorUrls,
  slug: string,
  /** Changes the standard flow before it is compiled (the scale bench adds an expression). */
  adjust: (flow: Flow) => Flow = (flow) => flow,
): Promise<{ tenant: Tenant; integration: Integration }> {
  const tenant = await store.tenants.create({ name: `Bench ${slug}`, slug });
  const planGrid = await store.connections.create(tenant.id, {
    system: 'plangrid',
    name: 'PlanGrid',
    baseUrl: simulators.plangrid,
    authKind: 'api-key',
    secret: sealCredentials(ring, PLANGRID_CREDENTIALS, tenant.id),
  });
  const nuvolo = await store.connections.create(tenant.id, {
    system: 'nuvolo',
    name: 'Nuvolo',
    baseUrl: simulators.nuvolo,
    authKind: 'basic',
    secret: sealCredentials(ring, NUVOLO_CREDENTIALS, tenant.id),
  });
  const flow = adjust(issuesToWorkOrdersFlow(planGrid.id, nuvolo.id, simulators.project));

  const source = createConnector({ connection: planGrid, credentials: PLANGRID_CREDENTIALS });
  const destination = createConnector({ connection: nuvolo, credentials: NUVOLO_CREDENTIALS });
  try {
    const compiled = compileFlow(flow, nodeCatalog, {
      source: await source.describe(),
      destination: await destination.describe(),
      checkExpression: (text) => {
        const result = checkExpression(text);
        return result.ok ? null : result.message;
      },
    });
    if (!compiled.plan)
      throw new Error(`the bench flow does not compile: ${JSON.stringify(compiled.problems)}`);
    const draft = await store.integrations.create(tenant.id, { title: 'PlanGrid → Nuvolo', description: '' });
    const plan = await store.plans.save(tenant.id, draft.id, { ...compiled.plan, flow });
    const integration = await store.integrations.update(tenant.id, draft.id, {
      flow,
      status: 'active',
      planVersion: plan.version,
      sourceConnectionId: planGrid.id,
      destinationConnectionId: nuvolo.id,
    });
    if (!integration) throw new Error('the bench integration vanished');
    return { tenant, integration };
  } finally {
    await Promise.all([source.close(), destination.close()]);
  }
}
