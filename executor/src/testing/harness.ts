import type { Integration } from '@isync/core';
import { WORK_ORDERS } from '@isync/simulators';
import { issuesToWorkOrdersFlow } from './flows.js';
import { simulatorWorld, type SimulatorWorld } from './world.js';

export { FAST_HTTP } from './fast-http.js';
export { quietLogger } from './world.js';
export { issuesToWorkOrdersFlow } from './flows.js';

export interface SyncWorld extends Omit<
  SimulatorWorld,
  'activate' | 'install' | 'compile' | 'connections' | 'addTenant'
> {
  integration: Integration;
  /** The PlanGrid issues of the synced project, as the simulator holds them now. */
  issues(): Record<string, unknown>[];
  workOrders(): Record<string, unknown>[];
  /** Another active integration of the same tenant, with the same flow and plan. */
  addIntegration(title: string, schedule?: Integration['schedule']): Promise<Integration>;
  /** An active integration of another tenant (its own connections), with the same flow. */
  addTenantIntegration(slug: string, title: string): Promise<Integration>;
}

/**
 * A tenant with a PlanGrid → Nuvolo integration compiled and activated against two fresh simulators,
 * on its own SQLite file.
 */
export async function syncWorld(options: Parameters<typeof simulatorWorld>[0] = {}): Promise<SyncWorld> {
  const world = await simulatorWorld(options);
  const { plangrid, nuvolo, project } = world;
  const flow = issuesToWorkOrdersFlow(world.connections.plangrid.id, world.connections.nuvolo.id, project);
  const compiled = await world.compile(flow);
  if (!compiled.plan) throw new Error(`the test flow does not compile: ${JSON.stringify(compiled.problems)}`);
  const plan = compiled.plan;
  const addIntegration = (title: string, schedule?: Integration['schedule']) =>
    world.install(title, flow, plan, schedule);
  const {
    activate: _activate,
    install: _install,
    compile: _compile,
    connections: _connections,
    addTenant: _addTenant,
    ...rest
  } = world;
  return {
    ...rest,
    integration: await addIntegration('PlanGrid → Nuvolo'),
    issues: () => {
      const state = plangrid.control.dump().state as {
        projects: { project: { uid: string }; issues: Record<string, unknown>[] }[];
      };
      return state.projects.find((p) => p.project.uid === project)!.issues;
    },
    workOrders: () => nuvolo.control.rows(WORK_ORDERS) as Record<string, unknown>[],
    addIntegration,
    async addTenantIntegration(slug, title) {
      const owner = await world.addTenant(slug);
      const theirs = issuesToWorkOrdersFlow(
        owner.connections.plangrid.id,
        owner.connections.nuvolo.id,
        project,
      );
      const compiledTheirs = await world.compile(theirs);
      if (!compiledTheirs.plan) throw new Error('the test flow does not compile for the other tenant');
      return world.install(title, theirs, compiledTheirs.plan, undefined, owner);
    },
  };
}
