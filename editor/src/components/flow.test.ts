import type { Flow, FlowNode } from '@isync/core';
import { describe, expect, it } from 'vitest';
import { configOf } from './flow';

const node = (id: string, type: string, config: Record<string, unknown>): FlowNode => ({
  id,
  type,
  position: { x: 0, y: 0 },
  data: { label: id, config },
});

/** A two-way flow drawn with its way back first in the document (the compiler decides by what each does). */
const twoWay: Flow = {
  schemaVersion: 1,
  nodes: [
    node('back-source', 'source', { connectionId: 'nuvolo-1' }),
    node('back-status', 'status-map', { table: [{ from: '3', to: 'closed' }] }),
    node('back-destination', 'destination', { connectionId: 'plangrid-1', operations: 'update-only' }),
    node('source', 'source', { connectionId: 'plangrid-1' }),
    node('status', 'status-map', { table: [{ from: 'closed', to: '3' }] }),
    node('destination', 'destination', { connectionId: 'nuvolo-1', operations: 'create-and-update' }),
  ],
  edges: [
    { id: 'b1', source: 'back-source', target: 'back-status' },
    { id: 'b2', source: 'back-status', target: 'back-destination' },
    { id: 'f1', source: 'source', target: 'status' },
    { id: 'f2', source: 'status', target: 'destination' },
  ],
};

describe('the node a wizard step edits', () => {
  it('is the forward direction’s, wherever the way back stands in the document', () => {
    expect(configOf(twoWay, 'source')).toEqual({ connectionId: 'plangrid-1' });
    expect(configOf(twoWay, 'destination')).toMatchObject({ connectionId: 'nuvolo-1' });
    expect(configOf(twoWay, 'status-map')).toEqual({ table: [{ from: 'closed', to: '3' }] });
  });

  it('is the first of its type in a one-way flow, even one not wired yet', () => {
    const oneWay: Flow = {
      schemaVersion: 1,
      nodes: [
        node('source', 'source', { connectionId: 'plangrid-1' }),
        node('map', 'field-map', { create: [] }),
      ],
      edges: [],
    };
    expect(configOf(oneWay, 'field-map')).toEqual({ create: [] });
    expect(configOf(oneWay, 'destination')).toEqual({});
    expect(configOf(undefined, 'source')).toEqual({});
  });
});
