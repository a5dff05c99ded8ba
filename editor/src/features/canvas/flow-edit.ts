import type { Flow, FlowEdge, FlowNode } from '@isync/core';

const edgeId = (source: string, target: string) => `${source}->${target}`;

export const connect = (flow: Flow, source: string, target: string): Flow =>
  source === target || flow.edges.some((e) => e.source === source && e.target === target)
    ? flow
    : { ...flow, edges: [...flow.edges, { id: edgeId(source, target), source, target }] };

const freeId = (flow: Flow, type: string) => {
  let n = 1;
  while (flow.nodes.some((node) => node.id === `${type}-${n}`)) n++;
  return `${type}-${n}`;
};

const distanceToSegment = (
  p: { x: number; y: number },
  a: { x: number; y: number },
  b: { x: number; y: number },
) => {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const t =
    dx === 0 && dy === 0
      ? 0
      : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
};

/** The edge a node dropped at this point lands on (near the line between its nodes' centres), if any. */
function edgeAt(flow: Flow, point: { x: number; y: number }): FlowEdge | undefined {
  const centre = (id: string) => {
    const node = flow.nodes.find((n) => n.id === id);
    return node ? { x: node.position.x + 90, y: node.position.y + 40 } : null;
  };
  let best: { edge: FlowEdge; distance: number } | undefined;
  for (const edge of flow.edges) {
    const a = centre(edge.source);
    const b = centre(edge.target);
    if (!a || !b) continue;
    const distance = distanceToSegment(point, a, b);
    if (distance < 70 && (!best || distance < best.distance)) best = { edge, distance };
  }
  return best?.edge;
}

const STEP_X = 260;

/** Moves a node and everything downstream of it one column right, to make room for an inserted node. */
function shiftRight(flow: Flow, startId: string): Flow {
  const moved = new Set<string>();
  const queue = [startId];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (moved.has(id)) continue;
    moved.add(id);
    queue.push(...flow.edges.filter((e) => e.source === id).map((e) => e.target));
  }
  return {
    ...flow,
    nodes: flow.nodes.map((n) =>
      moved.has(n.id) ? { ...n, position: { ...n.position, x: n.position.x + STEP_X } } : n,
    ),
  };
}

/** Adds a node where it was dropped; dropped on an edge, it is put between the edge's two nodes. */
export function dropNode(
  flow: Flow,
  type: string,
  label: string,
  position: { x: number; y: number },
): { flow: Flow; id: string } {
  const id = freeId(flow, type);
  const node: FlowNode = {
    id,
    type,
    position: { x: position.x - 90, y: position.y - 40 },
    data: { label, config: {} },
  };
  const landed = edgeAt(flow, position);
  let next: Flow = { ...flow, nodes: [...flow.nodes, node] };
  if (landed) {
    const from = next.nodes.find((n) => n.id === landed.source)!;
    next = { ...shiftRight(next, landed.target), edges: next.edges.filter((e) => e.id !== landed.id) };
    next = updateNode(next, id, (n) => ({
      ...n,
      position: { x: from.position.x + STEP_X, y: from.position.y },
    }));
    next = connect(connect(next, landed.source, id), id, landed.target);
  }
  return { flow: next, id };
}

export const removeNodes = (flow: Flow, ids: string[]): Flow => ({
  ...flow,
  nodes: flow.nodes.filter((n) => !ids.includes(n.id)),
  edges: flow.edges.filter((e) => !ids.includes(e.source) && !ids.includes(e.target)),
});

export const removeEdges = (flow: Flow, ids: string[]): Flow => ({
  ...flow,
  edges: flow.edges.filter((e) => !ids.includes(e.id)),
});

export const updateNode = (flow: Flow, id: string, change: (node: FlowNode) => FlowNode): Flow => ({
  ...flow,
  nodes: flow.nodes.map((n) => (n.id === id ? change(n) : n)),
});
