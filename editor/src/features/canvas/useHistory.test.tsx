// @vitest-environment jsdom
import type { Flow } from '@isync/core';
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { connect, removeEdges, removeNodes } from './flow-edit';
import { useHistory } from './useHistory';

const start: Flow = {
  schemaVersion: 1,
  nodes: [
    { id: 'source', type: 'source', position: { x: 0, y: 0 }, data: { config: {} } },
    { id: 'field-map', type: 'field-map', position: { x: 260, y: 0 }, data: { config: {} } },
  ],
  edges: [],
} as Flow;

describe('undo and redo on the canvas', () => {
  it('cover drawing and removing edges', () => {
    const { result } = renderHook(() => useHistory(start));
    act(() => result.current.commit((f) => connect(f, 'source', 'field-map')));
    expect(result.current.value.edges.map((e) => e.id)).toEqual(['source->field-map']);
    act(() => result.current.commit((f) => removeEdges(f, ['source->field-map'])));
    expect(result.current.value.edges).toEqual([]);
    act(() => result.current.undo());
    expect(result.current.value.edges.map((e) => e.id)).toEqual(['source->field-map']);
    act(() => result.current.undo());
    expect(result.current.value).toBe(start);
    expect(result.current.canUndo).toBe(false);
    act(() => result.current.redo());
    act(() => result.current.redo());
    expect(result.current.value.edges).toEqual([]);
    expect(result.current.canRedo).toBe(false);
  });

  it('a node removed with its edges is one step back', () => {
    const { result } = renderHook(() => useHistory(connect(start, 'source', 'field-map')));
    act(() => {
      result.current.commit((f) => removeNodes(f, ['field-map']));
      // React Flow reports the node's edge as removed too.
      result.current.commit((f) => removeEdges(f, ['source->field-map']));
    });
    expect(result.current.value.nodes.map((n) => n.id)).toEqual(['source']);
    act(() => result.current.undo());
    expect(result.current.value.nodes).toHaveLength(2);
    expect(result.current.value.edges.map((e) => e.id)).toEqual(['source->field-map']);
  });
});
