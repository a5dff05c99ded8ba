import { forwardNodes, type Flow, type FlowNode } from '@isync/core';
import { nodeCatalog } from '@isync/nodes';

/*
 * The wizard edits the same flow document the canvas draws: each step sets the config of one node type,
 * creating the node where the flow has none and wiring it into the path from the source to the
 * destination. Whatever the user arranged on the canvas stays; only the named node's config changes. In a
 * two-way flow the wizard edits the forward direction (the integration's own source and destination).
 */

const ofType = (flow: Flow, type: string) => forwardNodes(flow, nodeCatalog).find((n) => n.type === type);

/** Where each node type sits on a wizard-made path, left to right. */
const RANK: Record<string, number> = {
  source: 0,
  filter: 1,
  'field-map': 2,
  'status-map': 3,
  lookup: 4,
  destination: 5,
};
const STEP_X = 260;

/** The path from the source following each node's first outgoing edge. */
function path(flow: Flow): FlowNode[] {
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const start = ofType(flow, 'source');
  const walked: FlowNode[] = [];
  for (let node = start; node && !walked.includes(node);) {
    walked.push(node);
    const edge = flow.edges.find((e) => e.source === node!.id);
    node = edge ? byId.get(edge.target) : undefined;
  }
  return walked;
}

const freeId = (flow: Flow, base: string) => {
  let id = base;
  for (let n = 2; flow.nodes.some((node) => node.id === id); n++) id = `${base}-${n}`;
  return id;
};

const edgeId = (source: string, target: string) => `${source}->${target}`;

/** Puts a new node into the path where its type belongs, rewiring the edge it lands on. */
function insert(flow: Flow, node: FlowNode): Flow {
  const chain = path(flow);
  const rank = RANK[node.type] ?? 3;
  const before = [...chain].reverse().find((n) => (RANK[n.type] ?? 3) <= rank && n.type !== 'destination');
  const after = before ? flow.edges.find((e) => e.source === before.id)?.target : chain[0]?.id;
  const edges = flow.edges.filter((e) => !(before && e.source === before.id && e.target === after));
  if (before) edges.push({ id: edgeId(before.id, node.id), source: before.id, target: node.id });
  if (after) edges.push({ id: edgeId(node.id, after), source: node.id, target: after });
  const x = before ? before.position.x + STEP_X : 0;
  // Shift what follows to the right, so the inserted node has room.
  const following = new Set(chain.slice(before ? chain.indexOf(before) + 1 : 0).map((n) => n.id));
  const nodes = flow.nodes.map((n) =>
    following.has(n.id) ? { ...n, position: { ...n.position, x: n.position.x + STEP_X } } : n,
  );
  return { ...flow, nodes: [...nodes, { ...node, position: { x, y: before?.position.y ?? 0 } }], edges };
}

/** Sets (merging) the config of the flow's node of this type, adding the node when it has none. */
export function withNodeConfig(
  flow: Flow,
  type: string,
  config: Record<string, unknown>,
  label?: string,
): Flow {
  const existing = ofType(flow, type);
  if (existing) {
    return {
      ...flow,
      nodes: flow.nodes.map((n) =>
        n === existing ? { ...n, data: { ...n.data, config: { ...n.data.config, ...config } } } : n,
      ),
    };
  }
  const node: FlowNode = {
    id: freeId(flow, type),
    type,
    position: { x: 0, y: 0 },
    data: { ...(label && { label }), config },
  };
  return insert(flow, node);
}

export const nodeConfig = (flow: Flow, type: string): Record<string, unknown> | undefined =>
  ofType(flow, type)?.data.config;
