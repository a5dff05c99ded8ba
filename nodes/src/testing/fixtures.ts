import type { SystemDescription } from '@isync/core';
import type { Connector, ConnectorProvider } from '../connectors/connector.js';
import type { FlowItem, RuntimeContext } from '../definition.js';

/** A flow item for a pulled PlanGrid issue. */
export function flowItem(source: Record<string, unknown>, overrides: Partial<FlowItem> = {}): FlowItem {
  const sourceId = String(source.uid ?? 'uid-1');
  return {
    recordId: `rec-${sourceId}`,
    sourceId,
    source,
    operation: 'create',
    destinationId: null,
    fields: {},
    ...overrides,
  };
}

export function runtimeContext(overrides: Partial<RuntimeContext> = {}): RuntimeContext {
  const connectors: ConnectorProvider = {
    get: () => Promise.reject(new Error('no connector in this test')),
  };
  return {
    nodeId: 'node-1',
    runId: 'run-1',
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined },
    sandbox: null,
    connectors,
    runCache: new Map(),
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** A provider handing out the given connectors by connection id. */
export const connectorsOf = (connectors: Record<string, Partial<Connector>>): ConnectorProvider => ({
  get: async (id) => {
    const connector = connectors[id];
    if (!connector) throw new Error(`no connector ${id}`);
    return connector as Connector;
  },
});

export const PLANGRID_DESCRIPTION: SystemDescription = {
  system: 'plangrid',
  objects: [
    {
      name: 'issues',
      label: 'Tasks',
      statusField: 'status',
      statuses: ['open', 'in_review', 'pending', 'closed'].map((value) => ({ value, label: value })),
      fields: [
        { name: 'uid', label: 'Id', type: 'string', required: true },
        { name: 'title', label: 'Title', type: 'string', required: false },
        { name: 'status', label: 'Status', type: 'choice', required: false },
        { name: 'due_at', label: 'Due', type: 'datetime', required: false },
        { name: 'room', label: 'Room', type: 'string', required: false },
      ],
    },
  ],
};

export const NUVOLO_DESCRIPTION: SystemDescription = {
  system: 'nuvolo',
  objects: [
    {
      name: 'x_nuvo_eam_facilities_work_orders',
      label: 'Facilities work order',
      statusField: 'state',
      statuses: ['Draft', 'Open', 'Work in Progress', 'On Hold', 'Closed Complete', 'Canceled'].map(
        (value) => ({
          value,
          label: value,
        }),
      ),
      fields: [
        { name: 'number', label: 'Number', type: 'string', required: false },
        { name: 'short_description', label: 'Short description', type: 'string', required: true },
        { name: 'description', label: 'Description', type: 'string', required: false },
        { name: 'state', label: 'State', type: 'choice', required: false },
        { name: 'priority', label: 'Priority', type: 'number', required: false },
        {
          name: 'due_date',
          label: 'Due date',
          type: 'datetime',
          required: false,
          format: 'YYYY-MM-DD HH:mm:ss',
        },
        {
          name: 'work_location',
          label: 'Location',
          type: 'reference',
          required: false,
          reference: 'x_nuvo_eam_elocation',
        },
        { name: 'correlation_id', label: 'Correlation id', type: 'string', required: false },
        { name: 'u_source_system', label: 'Source system', type: 'string', required: false },
      ],
    },
    {
      name: 'x_nuvo_eam_elocation',
      label: 'Location',
      statusField: null,
      statuses: [],
      fields: [
        { name: 'name', label: 'Name', type: 'string', required: true },
        { name: 'sys_id', label: 'Id', type: 'string', required: false },
      ],
    },
  ],
};
