import type { Flow, FlowNode } from '@isync/core';
import { describe, expect, it } from 'vitest';
import {
  addOnEdge,
  connect,
  connectionRefusal,
  dropNode,
  removeEdges,
  removeNodes,
  type PortRules,
} from './flow-edit';

const single = { in: ['items'], out: ['items'], maxInputs: 1, maxOutputs: 1 };
const TYPES: PortRules[] = [
  { type: 'source', label: 'Source', ports: { in: [], out: ['items'], maxInputs: null, maxOutputs: 1 } },
  { type: 'filter', label: 'Filter', ports: single },
  { type: 'field-map', label: 'Field map', ports: single },
  { type: 'status-map', label: 'Status map', ports: single },
  {
    type: 'destination',
    label: 'Destination',
    ports: { in: ['items'], out: [], maxInputs: 1, maxOutputs: null },
  },
];

const node = (id: string, type: string, label?: string, x = 0): FlowNode => ({
  id,
  type,
  position: { x, y: 0 },
  data: { ...(label !== undefined && { label }), config: {} },
});

/** PlanGrid → Field map → Destination, and a filter "Only open issues" on its own. */
const flow = (): Flow =>
  connect(
    connect(
      {
        schemaVersion: 1,
        nodes: [
          node('source', 'source', 'PlanGrid', 0),
          node('field-map', 'field-map', 'Field map', 260),
          node('destination', 'destination', 'Nuvolo', 520),
          node('filter-1', 'filter', 'Only open issues', 130),
        ],
        edges: [],
      } as Flow,
      'source',
      'field-map',
    ),
    'field-map',
    'destination',
  );

describe('connectionRefusal', () => {
  it('refuses a second input beside an existing edge, naming the node records would bypass', () => {
    expect(connectionRefusal(flow(), 'filter-1', 'field-map', TYPES)).toBe(
      'Field map already has an input from "PlanGrid": a second input would let records bypass ' +
        '"Only open issues". Insert the node on the existing edge instead.',
    );
  });

  it('refuses a direct edge around a node records already pass through', () => {
    const inserted = dropNode(flow(), 'filter', 'Filter', { x: 220, y: 40 });
    expect(inserted.flow.edges.map((e) => e.id)).toEqual([
      'field-map->destination',
      'source->filter-2',
      'filter-2->field-map',
    ]);
    expect(connectionRefusal(inserted.flow, 'source', 'field-map', TYPES)).toBe(
      'Records from "PlanGrid" already reach Field map through "Filter": a direct edge would let them ' +
        'bypass "Filter".',
    );
  });

  it('names a node by its type and its own label when they differ', () => {
    const labelled = {
      ...flow(),
      nodes: flow().nodes.map((n) =>
        n.id === 'field-map' ? node('field-map', 'field-map', 'Map fields') : n,
      ),
    };
    expect(connectionRefusal(labelled, 'filter-1', 'field-map', TYPES)).toMatch(
      /^Field map "Map fields" already has an input from "PlanGrid"/,
    );
  });

  it('refuses a second output of a single-output node', () => {
    expect(connectionRefusal(flow(), 'source', 'filter-1', TYPES)).toBe(
      'Source "PlanGrid" already sends its records to "Field map": it has one output. ' +
        'Insert the node on that edge instead.',
    );
  });

  it('refuses a loop, an edge into a source, an edge out of a destination, a self edge and a repeat', () => {
    expect(connectionRefusal(flow(), 'destination', 'source', TYPES)).toMatch(/takes no input/);
    expect(connectionRefusal(flow(), 'destination', 'filter-1', TYPES)).toMatch(/has no output/);
    expect(connectionRefusal(flow(), 'field-map', 'field-map', TYPES)).toMatch(/itself/);
    expect(connectionRefusal(flow(), 'source', 'field-map', TYPES)).toMatch(/already connected/);
    const chain = connect(flow(), 'filter-1', 'source');
    const loose = { ...chain, edges: chain.edges.filter((e) => e.id !== 'source->field-map') };
    expect(
      connectionRefusal(loose, 'source', 'filter-1', [
        ...TYPES.filter((t) => t.type !== 'source'),
        { type: 'source', label: 'Source', ports: single },
      ]),
    ).toMatch(/would make a loop/);
  });

  it('accepts an edge that completes the flow', () => {
    const open = { ...flow(), edges: flow().edges.filter((e) => e.id !== 'source->field-map') };
    expect(connectionRefusal(open, 'source', 'filter-1', TYPES)).toBeNull();
    expect(connectionRefusal(connect(open, 'source', 'filter-1'), 'filter-1', 'field-map', TYPES)).toBeNull();
  });

  it('lets any number of edges in or out where the node type sets no limit', () => {
    const any = TYPES.map((t) => ({ ...t, ports: { ...t.ports, maxInputs: null, maxOutputs: null } }));
    expect(connectionRefusal(flow(), 'filter-1', 'field-map', any)).toBeNull();
  });
});

describe('editing the flow', () => {
  it('inserts a node with "+" on an edge: between its two nodes, what follows moved one column right', () => {
    const { flow: inserted, id } = addOnEdge(flow(), 'source->field-map', 'status-map', 'Status map', {
      table: [{ from: 'open', to: 'Open' }],
    });
    expect(id).toBe('status-map-1');
    expect(inserted.edges.map((e) => e.id)).toEqual([
      'field-map->destination',
      'source->status-map-1',
      'status-map-1->field-map',
    ]);
    const at = (nodeId: string) => inserted.nodes.find((n) => n.id === nodeId)!;
    expect(at('status-map-1').position).toEqual({ x: 260, y: 0 });
    expect(at('status-map-1').data.config).toEqual({ table: [{ from: 'open', to: 'Open' }] });
    expect(at('field-map').position.x).toBe(520);
    expect(at('destination').position.x).toBe(780);
    expect(at('source').position.x).toBe(0);
  });

  it('drops a node away from every edge where it was dropped, connected to nothing', () => {
    const { flow: dropped, id } = dropNode(
      flow(),
      'filter',
      'Filter',
      { x: 400, y: 600 },
      { description: '' },
    );
    expect(dropped.edges).toEqual(flow().edges);
    expect(dropped.nodes.find((n) => n.id === id)).toMatchObject({
      position: { x: 310, y: 560 },
      data: { config: { description: '' } },
    });
  });

  it('removes an edge, and a node with its edges; removing what is gone changes nothing', () => {
    const start = flow();
    const withoutEdge = removeEdges(start, ['source->field-map']);
    expect(withoutEdge.edges.map((e) => e.id)).toEqual(['field-map->destination']);
    const withoutNode = removeNodes(start, ['field-map']);
    expect(withoutNode.edges).toEqual([]);
    expect(withoutNode.nodes.map((n) => n.id)).toEqual(['source', 'destination', 'filter-1']);
    // React Flow reports a removed node's edges as removed too: no second, empty undo step.
    expect(removeEdges(withoutNode, ['source->field-map'])).toBe(withoutNode);
    expect(removeNodes(withoutNode, ['field-map'])).toBe(withoutNode);
  });
});
