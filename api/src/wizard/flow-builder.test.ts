import { describe, expect, it } from 'vitest';
import { emptyFlow } from '@isync/core';
import { withNodeConfig } from './flow-builder.js';

const chain = (flow: ReturnType<typeof emptyFlow>) => {
  const order: string[] = [];
  let current = flow.nodes.find((n) => n.type === 'source');
  while (current) {
    order.push(current.type);
    const next = flow.edges.find((e) => e.source === current!.id)?.target;
    current = flow.nodes.find((n) => n.id === next);
  }
  return order;
};

describe('wizard flow builder', () => {
  it('builds source → field-map → status-map → destination whatever order the steps come in', () => {
    let flow = emptyFlow();
    flow = withNodeConfig(flow, 'source', { connectionId: 'pg' });
    flow = withNodeConfig(flow, 'destination', { connectionId: 'nv' });
    flow = withNodeConfig(flow, 'status-map', { table: [] });
    flow = withNodeConfig(flow, 'field-map', { create: [] });
    expect(chain(flow)).toEqual(['source', 'field-map', 'status-map', 'destination']);
    expect(flow.edges).toHaveLength(3);
    const xs = ['source', 'field-map', 'status-map', 'destination'].map(
      (t) => flow.nodes.find((n) => n.type === t)!.position.x,
    );
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  it('changes only the config of a node the flow already has, keeping what the canvas arranged', () => {
    let flow = withNodeConfig(
      withNodeConfig(emptyFlow(), 'source', { connectionId: 'pg', object: 'issues' }),
      'destination',
      {},
    );
    flow.nodes[0]!.position = { x: 40, y: 300 };
    flow = withNodeConfig(flow, 'source', { object: 'rfis' });
    expect(flow.nodes[0]).toMatchObject({
      position: { x: 40, y: 300 },
      data: { config: { connectionId: 'pg', object: 'rfis' } },
    });
    expect(flow.nodes).toHaveLength(2);
  });
});
