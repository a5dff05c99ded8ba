import type { Flow } from '../domain/flow.js';

export interface FlowGraph {
  outgoing: Map<string, string[]>;
  incoming: Map<string, string[]>;
}

export function buildGraph(flow: Flow): FlowGraph {
  const outgoing = new Map<string, string[]>(flow.nodes.map((n) => [n.id, []]));
  const incoming = new Map<string, string[]>(flow.nodes.map((n) => [n.id, []]));
  for (const edge of flow.edges) {
    outgoing.get(edge.source)?.push(edge.target);
    incoming.get(edge.target)?.push(edge.source);
  }
  return { outgoing, incoming };
}

/**
 * Kahn's algorithm. Answers the node ids in an order where every node comes after its inputs (ties broken
 * by flow order, so the plan is stable), and the ids left over because they sit on a cycle.
 */
export function topologicalOrder(flow: Flow, graph: FlowGraph): { order: string[]; cyclic: string[] } {
  const remaining = new Map(flow.nodes.map((n) => [n.id, graph.incoming.get(n.id)!.length]));
  const ready = flow.nodes.filter((n) => remaining.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const next of graph.outgoing.get(id)!) {
      const left = remaining.get(next)! - 1;
      remaining.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  const placed = new Set(order);
  // Nodes left over sit on a cycle or downstream of one; only the former are the problem.
  const onCycle = (id: string) => graph.outgoing.get(id)!.some((next) => reachableFrom(next, graph).has(id));
  return { order, cyclic: flow.nodes.map((n) => n.id).filter((id) => !placed.has(id) && onCycle(id)) };
}

/** Every node reachable from `start` along edges. */
export const reachableFrom = (start: string, graph: FlowGraph): Set<string> => walk(start, graph.outgoing);

/** Every node from which `end` is reachable along edges. */
export const reachingTo = (end: string, graph: FlowGraph): Set<string> => walk(end, graph.incoming);

function walk(start: string, neighbours: Map<string, string[]>): Set<string> {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    for (const next of neighbours.get(stack.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}
