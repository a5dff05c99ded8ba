import type { Flow } from '@isync/core';
import { WORK_ORDERS } from '@isync/simulators';

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
