import type { Flow, FlowNode } from '@isync/core';
import { flowDirections } from './directions';

/**
 * The config of the node of a type the wizard edits: the first of that type in the forward direction (every
 * node of a one-way flow; a two-way flow's way back is edited on the canvas). The server's wizard routes pick
 * the same node (`forwardNodes` in core), so what a step shows is what it saves.
 */
export function configOf(flow: Flow | undefined, type: string): Record<string, unknown> {
  if (!flow) return {};
  const back = flowDirections(flow).back;
  return flow.nodes.find((node) => node.type === type && !back?.nodeIds.has(node.id))?.data.config ?? {};
}

/**
 * The nodes from the source (or `start`) following each node's first outgoing edge, as the wizard sees
 * the flow.
 */
export function pathOf(flow: Flow, start?: FlowNode): FlowNode[] {
  const byId = new Map(flow.nodes.map((node) => [node.id, node]));
  const walked: FlowNode[] = [];
  for (let node = start ?? flow.nodes.find((n) => n.type === 'source'); node && !walked.includes(node);) {
    walked.push(node);
    const edge = flow.edges.find((e) => e.source === node!.id);
    node = edge ? byId.get(edge.target) : undefined;
  }
  return walked;
}

export const stringOf = (value: unknown, fallback = ''): string =>
  typeof value === 'string' ? value : fallback;
