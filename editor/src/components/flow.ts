import type { Flow, FlowNode } from '@isync/core';

/** The config of the flow's first node of a type (the wizard edits those). */
export const configOf = (flow: Flow | undefined, type: string): Record<string, unknown> =>
  flow?.nodes.find((node) => node.type === type)?.data.config ?? {};

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
