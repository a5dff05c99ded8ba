// @vitest-environment jsdom
import type { Flow, FlowNode } from '@isync/core';
import { render, screen } from '@testing-library/react';
import { ReactFlowProvider } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { directionBadges, flowDirections } from './directions';
import { FlowDiagram } from './flow-diagram/FlowDiagram';
import type { CardNode } from './flow-diagram/NodeCard';
import { autoLayout } from './flow-diagram/layout';

const node = (id: string, type: string, config: Record<string, unknown> = {}, y = 0): FlowNode => ({
  id,
  type,
  position: { x: 0, y },
  data: { label: id, config },
});
const edge = (source: string, target: string) => ({ id: `${source}->${target}`, source, target });

/** PlanGrid issues → Nuvolo work orders, and the way back (its destination only updates), as the template. */
function twoWayFlow(backOperations = 'update-only'): Flow {
  return {
    schemaVersion: 1,
    nodes: [
      // The way back listed first: which source comes first in the document decides nothing.
      node('back-source', 'source', {
        connectionId: 'nuvolo-1',
        object: 'x_nuvo_eam_facilities_work_orders',
      }),
      node('back-state', 'status-map'),
      node('back-destination', 'destination', {
        connectionId: 'plangrid-1',
        object: 'issues',
        operations: backOperations,
      }),
      node('source', 'source', { connectionId: 'plangrid-1', object: 'issues' }),
      node('field-map', 'field-map'),
      node('destination', 'destination', {
        connectionId: 'nuvolo-1',
        object: 'x_nuvo_eam_facilities_work_orders',
        operations: 'create-and-update',
      }),
    ],
    edges: [
      edge('source', 'field-map'),
      edge('field-map', 'destination'),
      edge('back-source', 'back-state'),
      edge('back-state', 'back-destination'),
    ],
  };
}

const oneWayFlow = (): Flow => ({
  schemaVersion: 1,
  nodes: [node('source', 'source'), node('map', 'field-map'), node('destination', 'destination')],
  edges: [edge('source', 'map'), edge('map', 'destination')],
});

const SYSTEMS: Record<string, string> = { 'plangrid-1': 'PlanGrid', 'nuvolo-1': 'Nuvolo' };
const systemOf = (id: unknown) => SYSTEMS[String(id)];

describe('the directions of a flow', () => {
  it('calls the direction whose destination only updates the way back, as the compiler does', () => {
    const directions = flowDirections(twoWayFlow());
    expect(directions.forward?.source.id).toBe('source');
    expect(directions.back?.source.id).toBe('back-source');
    expect(directions.of('back-state')?.way).toBe('back');
    expect(directions.of('field-map')?.way).toBe('forward');
    expect(directions.of('destination')?.destination?.id).toBe('destination');
  });

  it('has no way back when neither or both destinations only update', () => {
    expect(flowDirections(twoWayFlow('create-and-update')).back).toBeUndefined();
    expect(flowDirections(oneWayFlow()).all.map((d) => d.way)).toEqual(['one-way']);
  });

  it('names each direction of a two-way flow by its systems, and none of a one-way flow', () => {
    expect(Object.fromEntries(directionBadges(twoWayFlow(), systemOf))).toEqual({
      source: { way: 'forward', label: '→ Forward: PlanGrid → Nuvolo' },
      'back-source': { way: 'back', label: '↩ Way back: Nuvolo → PlanGrid' },
    });
    expect(directionBadges(twoWayFlow(), () => undefined).get('back-source')?.label).toBe('↩ Way back');
    expect(directionBadges(oneWayFlow(), systemOf).size).toBe(0);
  });

  it('lays each direction out on rows of its own, the forward one on top', () => {
    const flow = twoWayFlow();
    const laid = autoLayout(flow.nodes, flow.edges, [flowDirections(flow).forward!.source.id]);
    const at = (id: string) => laid.find((n) => n.id === id)!.position;
    expect(at('source')).toEqual({ x: 0, y: 0 });
    expect(at('destination')).toEqual({ x: 520, y: 0 });
    expect(at('field-map').x).toBe(260);
    expect(at('back-source').x).toBe(0);
    // One band a direction: its nodes on one row, apart from the other direction's.
    expect(new Set(['back-source', 'back-state', 'back-destination'].map((id) => at(id).y)).size).toBe(1);
    expect(at('back-source').y).toBeGreaterThanOrEqual(140);
  });
});

describe('the flow diagram of a two-way flow', () => {
  it('shows on each source which direction starts there, between which systems', () => {
    const flow = twoWayFlow();
    const badges = directionBadges(flow, systemOf);
    const nodes: CardNode[] = flow.nodes.map((n) => ({
      id: n.id,
      type: 'card',
      position: n.position,
      data: {
        label: n.data.label ?? n.id,
        type: n.type,
        hasIn: n.type !== 'source',
        hasOut: n.type !== 'destination',
        direction: badges.get(n.id),
      },
    }));
    render(
      <ReactFlowProvider>
        <FlowDiagram
          nodes={nodes}
          edges={flow.edges.map(({ id, source, target }) => ({ id, source, target }))}
        />
      </ReactFlowProvider>,
    );
    const shown = screen.getAllByTestId('node-direction').map((chip) => chip.textContent);
    expect(shown).toHaveLength(2);
    expect(shown).toEqual(
      expect.arrayContaining(['↩ Way back: Nuvolo → PlanGrid', '→ Forward: PlanGrid → Nuvolo']),
    );
    expect(screen.getByLabelText('back-source (source, ↩ Way back: Nuvolo → PlanGrid)')).toBeTruthy();
  });
});
