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

/** Puts a new node between an edge's two nodes, moving what lies downstream one column right. */
export function insertOnEdge(flow: Flow, edgeId: string, node: FlowNode): Flow {
  const edge = flow.edges.find((e) => e.id === edgeId);
  if (!edge) return { ...flow, nodes: [...flow.nodes, node] };
  const from = flow.nodes.find((n) => n.id === edge.source)!;
  let next: Flow = { ...flow, nodes: [...flow.nodes, node] };
  next = { ...shiftRight(next, edge.target), edges: next.edges.filter((e) => e.id !== edge.id) };
  next = updateNode(next, node.id, (n) => ({
    ...n,
    position: { x: from.position.x + STEP_X, y: from.position.y },
  }));
  return connect(connect(next, edge.source, node.id), node.id, edge.target);
}

/** Adds a node where it was dropped; dropped on an edge, it is put between the edge's two nodes. */
export function dropNode(
  flow: Flow,
  type: string,
  label: string,
  position: { x: number; y: number },
  config: Record<string, unknown> = {},
): { flow: Flow; id: string } {
  const id = freeId(flow, type);
  const node: FlowNode = {
    id,
    type,
    position: { x: position.x - 90, y: position.y - 40 },
    data: { label, config },
  };
  const landed = edgeAt(flow, position);
  return {
    flow: landed ? insertOnEdge(flow, landed.id, node) : { ...flow, nodes: [...flow.nodes, node] },
    id,
  };
}

/** Adds a node of a type on an edge (the edge's "+"). */
export function addOnEdge(
  flow: Flow,
  edgeId: string,
  type: string,
  label: string,
  config: Record<string, unknown> = {},
): { flow: Flow; id: string } {
  const id = freeId(flow, type);
  const node: FlowNode = { id, type, position: { x: 0, y: 0 }, data: { label, config } };
  return { flow: insertOnEdge(flow, edgeId, node), id };
}

/** Removes nodes and their edges; the same flow when none of them is in it (no empty undo step). */
export const removeNodes = (flow: Flow, ids: string[]): Flow =>
  flow.nodes.some((n) => ids.includes(n.id))
    ? {
        ...flow,
        nodes: flow.nodes.filter((n) => !ids.includes(n.id)),
        edges: flow.edges.filter((e) => !ids.includes(e.source) && !ids.includes(e.target)),
      }
    : flow;

/** Removes edges; the same flow when none of them is in it (a node's removal took them already). */
export const removeEdges = (flow: Flow, ids: string[]): Flow =>
  flow.edges.some((e) => ids.includes(e.id))
    ? { ...flow, edges: flow.edges.filter((e) => !ids.includes(e.id)) }
    : flow;

export const updateNode = (flow: Flow, id: string, change: (node: FlowNode) => FlowNode): Flow => ({
  ...flow,
  nodes: flow.nodes.map((n) => (n.id === id ? change(n) : n)),
});

/** What the canvas knows of a node type to judge a connection: its label and its port arity. */
export interface PortRules {
  type: string;
  label: string;
  ports: { in: string[]; out: string[]; maxInputs?: number | null; maxOutputs?: number | null };
}

/** The nodes on a path from `from` to `to` along the edges (both ends included), or null when none. */
function pathBetween(flow: Flow, from: string, to: string): string[] | null {
  const cameFrom = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (id === to) {
      const path: string[] = [];
      for (let at: string | null = to; at !== null; at = cameFrom.get(at) ?? null) path.unshift(at);
      return path;
    }
    for (const edge of flow.edges) {
      if (edge.source === id && !cameFrom.has(edge.target)) {
        cameFrom.set(edge.target, id);
        queue.push(edge.target);
      }
    }
  }
  return null;
}

/** How a message names a node: its type's label, and its own label when it has another one. */
function naming(flow: Flow, types: PortRules[]) {
  const typeOf = (id: string) => {
    const node = flow.nodes.find((n) => n.id === id);
    return { node, type: types.find((t) => t.type === node?.type) };
  };
  const label = (id: string) => {
    const { node, type } = typeOf(id);
    return node?.data.label || type?.label || node?.type || id;
  };
  /** 'Field map' or 'Field map "Map fields"'. */
  const titled = (id: string) => {
    const { node, type } = typeOf(id);
    const own = node?.data.label;
    const kind = type?.label ?? node?.type ?? id;
    return own && own !== kind ? `${kind} "${own}"` : kind;
  };
  const quoted = (ids: string[]) => ids.map((id) => `"${label(id)}"`).join(' and ');
  return { typeOf, titled, quoted };
}

/**
 * Why an edge from `source` to `target` may not be drawn, in words the user can act on, or null when it
 * may. The node types' port arity decides (a single-input node takes one edge in, a single-output node
 * sends one edge out), as the compiler does; a loop or an edge drawn twice is refused too. A second input
 * would let records go round the nodes between the two edges: the message names the nodes bypassed.
 */
export function connectionRefusal(
  flow: Flow,
  source: string,
  target: string,
  types: PortRules[],
): string | null {
  const { typeOf, titled, quoted } = naming(flow, types);
  if (source === target) return 'A node cannot send its records to itself.';
  if (flow.edges.some((e) => e.source === source && e.target === target))
    return `${titled(source)} is already connected to ${titled(target)}.`;
  const into = typeOf(target).type?.ports;
  const outOf = typeOf(source).type?.ports;
  if (into && into.in.length === 0) return `${titled(target)} takes no input: records only leave it.`;
  if (outOf && outOf.out.length === 0) return `${titled(source)} has no output: records end there.`;
  if (pathBetween(flow, target, source))
    return `Connecting ${titled(source)} to ${titled(target)} would make a loop: records would come back to ${quoted([target])}.`;

  const inputs = flow.edges.filter((e) => e.target === target).map((e) => e.source);
  const maxInputs = into?.maxInputs ?? null;
  if (maxInputs !== null && inputs.length >= maxInputs) {
    const existing = inputs[0]!;
    const reached = pathBetween(flow, source, existing);
    if (reached) {
      // The new edge would skip what lies between its source and the existing input.
      const skipped = reached.slice(1);
      return `Records from ${quoted([source])} already reach ${titled(target)} through ${quoted(skipped)}: a direct edge would let them bypass ${quoted(skipped)}.`;
    }
    // Records taking the existing edge would skip the new edge's node (and what leads to it from there).
    const beside = pathBetween(flow, existing, source)?.slice(1) ?? (outOf?.in.length ? [source] : []);
    const head = `${titled(target)} already has an input from ${quoted([existing])}`;
    return beside.length > 0
      ? `${head}: a second input would let records bypass ${quoted(beside)}. Insert the node on the existing edge instead.`
      : `${head}: it takes ${maxInputs === 1 ? 'one input' : `${maxInputs} inputs`}. Remove that edge first.`;
  }
  const outputs = flow.edges.filter((e) => e.source === source).map((e) => e.target);
  const maxOutputs = outOf?.maxOutputs ?? null;
  if (maxOutputs !== null && outputs.length >= maxOutputs) {
    return `${titled(source)} already sends its records to ${quoted(outputs)}: it has ${maxOutputs === 1 ? 'one output' : `${maxOutputs} outputs`}. Insert the node on that edge instead.`;
  }
  return null;
}
