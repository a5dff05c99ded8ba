import type { Flow, Integration } from '@isync/core';
import { WORK_ORDERS, type NuvoloOptions, type PlanGridOptions } from '@isync/simulators';
import { simulatorWorld, type SimulatorWorld } from './world.js';

export { FAST_HTTP } from './fast-http.js';
export { quietLogger } from './world.js';

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

export interface SyncWorld extends Omit<SimulatorWorld, 'activate' | 'install' | 'compile' | 'connections'> {
  integration: Integration;
  /** The PlanGrid issues of the synced project, as the simulator holds them now. */
  issues(): Record<string, unknown>[];
  workOrders(): Record<string, unknown>[];
  /** Another active integration of the same tenant, with the same flow and plan. */
  addIntegration(title: string, schedule?: Integration['schedule']): Promise<Integration>;
}

/**
 * A tenant with a PlanGrid → Nuvolo integration compiled and activated against two fresh simulators,
 * on its own SQLite file.
 */
export async function syncWorld(
  options: { plangrid?: PlanGridOptions; nuvolo?: NuvoloOptions; file?: string } = {},
): Promise<SyncWorld> {
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
  };
}
