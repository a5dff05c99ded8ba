import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compileFlow,
  generateMasterKey,
  keyring,
  openSqliteStore,
  sealCredentials,
  type Connection,
  type Flow,
  type Store,
  type Tenant,
} from '@isync/core';
import { executeRun, type EngineDependencies } from '@isync/executor';
import { quietLogger } from '@isync/executor/testing/world';
import { checkExpression, createConnector, nodeCatalog } from '@isync/nodes';
import {
  MAXIMO_API_KEY,
  startMaximo,
  startPlanGrid,
  type Issue,
  type MaximoControl,
  type PlanGridControl,
  type RunningSimulator,
} from '@isync/simulators';
import { findTemplate, instantiate } from './index.js';

/*
 * Acceptance (issue 20): the template PlanGrid issues → IBM Maximo work orders, run by the engine against
 * the PlanGrid and Maximo simulators, Maximo reached only through its shipped connector definition.
 */

const WO = 'mxapiwodetail';
const ISSUES = 1000;
const STATUS: Record<string, string> = { open: 'APPR', in_review: 'INPRG', pending: 'WMATL', closed: 'COMP' };
const PLANGRID_KEY = { apiKey: 'pg-demo-key' };
const MAXIMO_KEY = { apiKey: MAXIMO_API_KEY };

interface World {
  store: Store;
  tenant: Tenant;
  plangrid: RunningSimulator<PlanGridControl>;
  maximo: RunningSimulator<MaximoControl>;
  connections: { plangrid: Connection; maximo: Connection };
  project: string;
  engine: EngineDependencies;
  close(): Promise<void>;
}

/** A tenant with a PlanGrid and a Maximo connection to fresh simulators, on its own SQLite file. */
async function maximoWorld(issues: number, retryBaseMs = 30_000): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'isync-maximo-'));
  // Two projects: the first holds half the issues.
  const plangrid = await startPlanGrid({ records: issues * 2, rateLimit: false });
  const maximo = await startMaximo({ records: 0, rateLimit: false });
  const store = openSqliteStore({ file: join(dir, 'isync.db') });
  const ring = keyring(generateMasterKey());
  const tenant = await store.tenants.create({ name: 'Acme Facilities', slug: 'acme' });
  const connections = {
    plangrid: await store.connections.create(tenant.id, {
      system: 'plangrid',
      name: 'PlanGrid',
      baseUrl: plangrid.url,
      authKind: 'api-key',
      secret: sealCredentials(ring, PLANGRID_KEY, tenant.id),
    }),
    maximo: await store.connections.create(tenant.id, {
      system: 'maximo',
      name: 'Maximo',
      baseUrl: maximo.url,
      authKind: 'api-key',
      secret: sealCredentials(ring, MAXIMO_KEY, tenant.id),
    }),
  };
  return {
    store,
    tenant,
    plangrid,
    maximo,
    connections,
    project: plangrid.control.projects()[0]!.uid,
    engine: {
      store,
      keyring: ring,
      logger: quietLogger(),
      options: { retryBaseMs },
      // The definition paces Maximo at 20 requests/s; the simulator takes more.
      connectorHttp: {
        timeoutMs: 5_000,
        requestsPerSecond: 2_000,
        burst: 100,
        concurrency: 8,
        retry: { maxRetries: 8, baseDelayMs: 5, maxDelayMs: 50, maxTotalWaitMs: 30_000 },
      },
    },
    async close() {
      await store.close();
      await Promise.all([plangrid.close(), maximo.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Compiles the template for the world's connections and stores it as an active integration. */
async function activate(world: World) {
  const flow: Flow = instantiate(findTemplate('plangrid-issues-to-maximo-work-orders')!, {
    sourceConnectionId: world.connections.plangrid.id,
    destinationConnectionId: world.connections.maximo.id,
    project: world.project,
  });
  const source = createConnector({ connection: world.connections.plangrid, credentials: PLANGRID_KEY });
  const destination = createConnector({ connection: world.connections.maximo, credentials: MAXIMO_KEY });
  const compiled = compileFlow(flow, nodeCatalog, {
    source: await source.describe(),
    destination: await destination.describe(),
    checkExpression: (text) => {
      const result = checkExpression(text);
      return result.ok ? null : result.message;
    },
  });
  await Promise.all([source.close(), destination.close()]);
  expect(compiled.problems.filter((p) => p.severity === 'error')).toEqual([]);
  const draft = await world.store.integrations.create(world.tenant.id, {
    title: 'HQ defects → Maximo',
    description: '',
  });
  const plan = await world.store.plans.save(world.tenant.id, draft.id, { ...compiled.plan!, flow });
  return (await world.store.integrations.update(world.tenant.id, draft.id, {
    flow,
    status: 'active',
    planVersion: plan.version,
    sourceConnectionId: world.connections.plangrid.id,
    destinationConnectionId: world.connections.maximo.id,
  }))!;
}

const run = (world: World, integrationId: string) =>
  executeRun(world.engine, { tenantId: world.tenant.id, integrationId, trigger: 'manual' }).then((r) => r!);

/** The project's issues as the simulator holds them. */
function issuesOf(world: World): Issue[] {
  const state = world.plangrid.control.dump().state as {
    projects: Array<{ project: { uid: string }; issues: Issue[] }>;
  };
  return state.projects.find((p) => p.project.uid === world.project)!.issues;
}

describe('PlanGrid issues → IBM Maximo work orders, by definition', () => {
  let world: World;
  let integrationId: string;

  beforeAll(async () => {
    world = await maximoWorld(ISSUES);
    integrationId = (await activate(world)).id;
  }, 60_000);
  afterAll(() => world?.close());

  it('syncs 1,000 issues into exactly 1,000 work orders with their fields, location, lead and status', async () => {
    const first = await run(world, integrationId);
    expect(first).toMatchObject({ status: 'succeeded', counts: { created: ISSUES, failed: 0 } });
    const orders = world.maximo.control.rows(WO);
    expect(orders).toHaveLength(ISSUES);
    const issues = issuesOf(world);
    expect(issues).toHaveLength(ISSUES);
    const byRef = new Map(orders.map((order) => [order.externalrefid, order]));
    expect(byRef.size).toBe(ISSUES);
    const locations = world.maximo.control.rows('mxapioperloc');
    const persons = world.maximo.control.rows('mxapiperson');
    const team = world.plangrid.control.users();
    let withLead = 0;
    for (const issue of issues) {
      const order = byRef.get(issue.uid)!;
      expect(order, issue.uid).toBeDefined();
      expect(order).toMatchObject({
        description: issue.title,
        description_longdescription: issue.description,
        status: STATUS[issue.status],
        worktype: 'CM',
        siteid: 'BEDFORD',
        location: locations.find((l) => l.description === issue.room)!.location,
      });
      if (issue.due_at) expect(order.targcompdate).toBe(`${issue.due_at.slice(0, 19)}+00:00`);
      const email = team.find((u) => u.uid === issue.assignees[0]?.uid)?.email;
      if (email) {
        expect(order.lead).toBe(persons.find((p) => p.primaryemail === email)!.personid);
        withLead++;
      }
    }
    expect(withLead).toBeGreaterThan(ISSUES / 2);
  }, 120_000);

  it('pushes nothing on a second run', async () => {
    world.maximo.control.clearRequests();
    const second = await run(world, integrationId);
    expect(second).toMatchObject({ status: 'succeeded', counts: { created: 0, updated: 0, failed: 0 } });
    expect(world.maximo.control.requests({ method: 'POST' })).toEqual([]);
    expect(world.maximo.control.rows(WO)).toHaveLength(ISSUES);
  }, 60_000);

  it('sends an edit as a POST with x-method-override: PATCH and patchtype MERGE to the work order', async () => {
    const issue = issuesOf(world).find((i) => i.status === 'open')!;
    const edited = await fetch(`${world.plangrid.url}/projects/${world.project}/issues/${issue.uid}`, {
      method: 'PATCH',
      headers: {
        accept: 'application/vnd.plangrid+json; version=1',
        authorization: `Basic ${Buffer.from('pg-demo-key:').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ title: 'Cracked tile, now urgent', status: 'in_review' }),
    });
    expect(edited.status).toBe(200);
    world.maximo.control.clearRequests();
    const third = await run(world, integrationId);
    expect(third).toMatchObject({ status: 'succeeded', counts: { created: 0, updated: 1, failed: 0 } });
    const writes = world.maximo.control.requests({ method: 'POST' });
    expect(writes).toHaveLength(1);
    const order = world.maximo.control.rows(WO).find((o) => o.externalrefid === issue.uid)!;
    expect(writes[0]).toMatchObject({
      path: `/maximo/api/os/${WO}/${String(order.__restid)}`,
      methodOverride: 'PATCH',
      status: 200,
    });
    expect(JSON.parse(writes[0]!.body!)).toMatchObject({
      description: 'Cracked tile, now urgent',
      status: 'INPRG',
    });
    expect(order).toMatchObject({ description: 'Cracked tile, now urgent', status: 'INPRG' });
    expect(world.maximo.control.rows(WO)).toHaveLength(ISSUES);
  }, 60_000);
});

describe('PlanGrid issues → IBM Maximo work orders, when create answers are lost', () => {
  it('makes no duplicate: the lost creates are found again by externalrefid', async () => {
    const world = await maximoWorld(120, 0);
    try {
      const { id } = await activate(world);
      // Answers cut off mid-body after the work order was made: the client cannot know it exists.
      world.maximo.control.addFault({
        path: `/maximo/api/os/${WO}`,
        method: 'POST',
        fault: 'truncated',
        times: 15,
      });
      const first = await run(world, id);
      expect(first.counts.failed).toBe(15);
      expect(world.maximo.control.rows(WO)).toHaveLength(120);
      expect(world.maximo.control.faults()[0]!.fired).toBe(15);
      // The failed records are tried again at their next attempt, due at once here (retryBaseMs 0).
      for (let attempt = 0; attempt < 4; attempt++) {
        const next = await run(world, id);
        if (next.counts.failed === 0) break;
      }
      const orders = world.maximo.control.rows(WO);
      expect(orders).toHaveLength(120);
      expect(new Set(orders.map((o) => o.externalrefid)).size).toBe(120);
      expect(
        world.maximo.control.requests({ method: 'POST' }).filter((r) => r.fault === 'truncated'),
      ).toHaveLength(15);
    } finally {
      await world.close();
    }
  }, 120_000);
});
