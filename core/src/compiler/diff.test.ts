import { describe, expect, it } from 'vitest';
import type { Flow } from '../domain/flow.js';
import { changedPaths, diffFlows } from './diff.js';

const flow = (): Flow => ({
  schemaVersion: 1,
  nodes: [
    {
      id: 'src',
      type: 'source',
      position: { x: 0, y: 0 },
      data: { label: 'PlanGrid', config: { object: 'issues' } },
    },
    {
      id: 'map',
      type: 'field-map',
      position: { x: 200, y: 0 },
      data: {
        label: 'Map fields',
        config: {
          create: [
            { target: 'short_description', value: { kind: 'path', path: 'title' } },
            { target: 'priority', value: { kind: 'constant', value: '3' } },
          ],
        },
      },
    },
    { id: 'dest', type: 'destination', position: { x: 400, y: 0 }, data: { config: { object: 'wo' } } },
  ],
  edges: [
    { id: 'e1', source: 'src', target: 'map' },
    { id: 'e2', source: 'map', target: 'dest' },
  ],
});

describe('flow diff', () => {
  it('finds no change when only positions and edge ids differ', () => {
    const moved = flow();
    moved.nodes[0]!.position = { x: 99, y: 99 };
    moved.edges[0]!.id = 'redrawn';
    expect(diffFlows(flow(), moved)).toEqual([]);
  });

  it('names a changed config by its path, and a renamed node by its label', () => {
    const changed = flow();
    const create = changed.nodes[1]!.data.config.create as { value: { value?: string } }[];
    create[1]!.value.value = '1';
    changed.nodes[1]!.data.label = 'Issue → work order';
    expect(diffFlows(flow(), changed)).toEqual([
      {
        kind: 'node-changed',
        nodeId: 'map',
        label: 'Issue → work order',
        fields: ['label', 'create.1.value.value'],
        summary: 'field-map "Issue → work order" changed: label, create.1.value.value',
      },
    ]);
  });

  it('reports nodes and edges added and removed, in words', () => {
    const after = flow();
    after.nodes.push({
      id: 'only-open',
      type: 'filter',
      position: { x: 100, y: 100 },
      data: { label: 'Only open issues', config: { rule: { '==': [{ var: 'status' }, 'open'] } } },
    });
    after.edges = [
      { id: 'a', source: 'src', target: 'only-open' },
      { id: 'b', source: 'only-open', target: 'map' },
      { id: 'e2', source: 'map', target: 'dest' },
    ];
    expect(diffFlows(flow(), after).map((c) => c.summary)).toEqual([
      'filter "Only open issues" added',
      'Connection "PlanGrid" → "Only open issues" added',
      'Connection "Only open issues" → "Map fields" added',
      'Connection "PlanGrid" → "Map fields" removed',
    ]);
    expect(diffFlows(after, flow()).map((c) => c.kind)).toEqual([
      'node-removed',
      'edge-added',
      'edge-removed',
      'edge-removed',
    ]);
  });

  it('lists every node as added when there is no version yet', () => {
    expect(
      diffFlows(null, flow())
        .filter((c) => c.kind === 'node-added')
        .map((c) => c.nodeId),
    ).toEqual(['src', 'map', 'dest']);
  });

  it('reports a list whose length changed as one change of the list', () => {
    expect(changedPaths({ create: [1, 2] }, { create: [1, 2, 3] })).toEqual(['create']);
    expect(changedPaths({ a: { b: 1, c: 2 } }, { a: { b: 1, c: 3, d: 4 } })).toEqual(['a.c', 'a.d']);
    expect(changedPaths(1, 2)).toEqual(['config']);
  });
});
