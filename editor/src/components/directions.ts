import type { Flow, FlowNode } from '@isync/core';

/*
 * A flow runs one way (one source) or both ways: the forward direction creates and updates, the way back
 * only updates the records the forward direction linked. The compiler splits them so
 * (core/src/compiler/directions.ts: the direction whose destination is "update only" is the way back); the
 * editor says which is which by the same rule, here and nowhere else.
 */

export type Way = 'one-way' | 'forward' | 'back';

export interface Direction {
  way: Way;
  source: FlowNode;
  destination: FlowNode | undefined;
  /** The source and every node reachable from it. */
  nodeIds: Set<string>;
}

export interface Directions {
  /** The flow's directions, the forward one first (a one-way flow has one, marked `one-way`). */
  all: Direction[];
  forward: Direction | undefined;
  back: Direction | undefined;
  /** The direction a node belongs to (the first one that reaches it). */
  of: (nodeId: string) => Direction | undefined;
}

/** A node's category as its node type says it ("source", "destination", "transform"). */
export type CategoryOf = (node: FlowNode) => string | undefined;

/** Without the node types at hand: the built-in source and destination node types. */
export const categoryByType: CategoryOf = (node) =>
  node.type === 'source' || node.type === 'destination' ? node.type : 'transform';

function reachable(flow: Flow, start: string): Set<string> {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const edge of flow.edges) {
      if (edge.source === id && !seen.has(edge.target)) {
        seen.add(edge.target);
        stack.push(edge.target);
      }
    }
  }
  return seen;
}

const updatesOnly = (direction: Direction) => direction.destination?.data.config.operations === 'update-only';

/**
 * The directions of a flow. With two sources, the one whose destination only updates is the way back and
 * the other is forward; when that does not single one out (the compiler says so), both are called forward.
 */
export function flowDirections(flow: Flow, categoryOf: CategoryOf = categoryByType): Directions {
  const byId = new Map(flow.nodes.map((node) => [node.id, node]));
  const found: Direction[] = flow.nodes
    .filter((node) => categoryOf(node) === 'source')
    .map((source) => {
      const nodeIds = reachable(flow, source.id);
      const destination = [...nodeIds]
        .map((id) => byId.get(id))
        .find((node) => node !== undefined && categoryOf(node) === 'destination');
      return { way: 'one-way', source, destination, nodeIds };
    });
  let all = found;
  if (found.length === 2) {
    const back = found.filter(updatesOnly);
    all =
      back.length === 1
        ? [
            { ...found.find((d) => d !== back[0])!, way: 'forward' },
            { ...back[0]!, way: 'back' },
          ]
        : found.map((d) => ({ ...d, way: 'forward' }));
  } else if (found.length > 2) {
    all = found.map((d) => ({ ...d, way: 'forward' }));
  }
  const forward = all.find((d) => d.way === 'forward' || d.way === 'one-way');
  const back = all.find((d) => d.way === 'back');
  return { all, forward, back, of: (nodeId) => all.find((d) => d.nodeIds.has(nodeId)) };
}

/** How a direction is named on its source: "PlanGrid → Nuvolo", with the word for the way. */
export function directionLabel(
  way: Way,
  systems: { from: string | undefined; to: string | undefined },
): string | null {
  if (way === 'one-way') return null;
  const route = systems.from && systems.to ? `: ${systems.from} → ${systems.to}` : '';
  return way === 'back' ? `↩ Way back${route}` : `→ Forward${route}`;
}

/**
 * The badge of each source of a two-way flow, by node id: its way and the systems it goes between, each
 * system named from its node's connection (`systemOf`); none for a one-way flow.
 */
export function directionBadges(
  flow: Flow,
  systemOf: (connectionId: unknown) => string | undefined,
  categoryOf: CategoryOf = categoryByType,
): Map<string, { way: 'forward' | 'back'; label: string }> {
  const badges = new Map<string, { way: 'forward' | 'back'; label: string }>();
  for (const direction of flowDirections(flow, categoryOf).all) {
    if (direction.way === 'one-way') continue;
    const label = directionLabel(direction.way, {
      from: systemOf(direction.source.data.config.connectionId),
      to: systemOf(direction.destination?.data.config.connectionId),
    });
    if (label) badges.set(direction.source.id, { way: direction.way, label });
  }
  return badges;
}
