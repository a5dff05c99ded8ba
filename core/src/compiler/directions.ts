import type { Flow, FlowNode } from '../domain/flow.js';
import { ConflictPolicySchema, type TwoWayField } from '../domain/two-way.js';
import { buildGraph, reachableFrom, type FlowGraph } from './graph.js';
import type { CompileProblem, NodeCatalog } from './types.js';

/**
 * A flow runs one way (one source) or both ways: a forward direction (source → destination, creating and
 * updating) and a reverse one (destination → source) whose destination only updates the records the forward
 * direction linked. Each direction is its source and the nodes reachable from it.
 */
export interface FlowDirection {
  source: FlowNode;
  destination: FlowNode | undefined;
  nodeIds: Set<string>;
}

export interface FlowDirections {
  forward: FlowDirection | undefined;
  reverse: FlowDirection | undefined;
  problems: CompileProblem[];
}

const error = (nodeId: string | null, message: string): CompileProblem => ({
  nodeId,
  field: null,
  severity: 'error',
  message,
});

const nodeName = (node: FlowNode) => `"${node.data.label ?? node.id}"`;

/** The forward direction's nodes (all of a one-way flow's), in document order: what the wizard edits. */
export function forwardNodes(flow: Flow, catalog: NodeCatalog): FlowNode[] {
  const { reverse } = flowDirections(flow, catalog, buildGraph(flow));
  return reverse ? flow.nodes.filter((node) => !reverse.nodeIds.has(node.id)) : flow.nodes;
}

/** The forward direction's source and destination nodes (those of the integration's own two sides). */
export function forwardEnds(flow: Flow, catalog: NodeCatalog): { source?: FlowNode; destination?: FlowNode } {
  const { forward } = flowDirections(flow, catalog, buildGraph(flow));
  return {
    ...(forward && { source: forward.source }),
    ...(forward?.destination && { destination: forward.destination }),
  };
}

/** Splits a flow into its directions (see `FlowDirection`); more than two sources is a problem. */
export function flowDirections(flow: Flow, catalog: NodeCatalog, graph: FlowGraph): FlowDirections {
  const categoryOf = (node: FlowNode) => catalog.get(node.type)?.category;
  const byId = new Map(flow.nodes.map((node) => [node.id, node]));
  const directions = flow.nodes
    .filter((node) => categoryOf(node) === 'source')
    .map((source): FlowDirection => {
      const nodeIds = reachableFrom(source.id, graph);
      nodeIds.add(source.id);
      const destination = [...nodeIds]
        .map((id) => byId.get(id))
        .find((node) => node !== undefined && categoryOf(node) === 'destination');
      return { source, destination, nodeIds };
    });
  const problems: CompileProblem[] = [];
  if (directions.length <= 1) return { forward: directions[0], reverse: undefined, problems };
  for (const extra of directions.slice(2)) {
    problems.push(
      error(
        extra.source.id,
        `${nodeName(extra.source)}: a flow has one source, or two when it syncs both ways.`,
      ),
    );
  }
  const [first, second] = directions as [FlowDirection, FlowDirection];
  const shared = [...first.nodeIds].filter((id) => second.nodeIds.has(id));
  if (shared.length > 0) {
    problems.push(
      error(
        shared[0]!,
        `${nodeName(byId.get(shared[0]!)!)} is reached from both sources: each direction of a two-way flow has nodes of its own.`,
      ),
    );
  }
  // A source that reaches no destination is told where it leads nowhere.
  if (!first.destination || !second.destination) return { forward: first, reverse: undefined, problems };
  const updatesOnly = (direction: FlowDirection) =>
    direction.destination?.data.config.operations === 'update-only';
  const reverse = [first, second].filter(updatesOnly);
  if (reverse.length !== 1) {
    problems.push(
      error(
        second.destination?.id ?? second.source.id,
        'A two-way flow writes back to the records its first direction linked: set exactly one of its two destinations to "update only" (the way back).',
      ),
    );
    return { forward: first, reverse: undefined, problems };
  }
  const forward = reverse[0] === first ? second : first;
  return { forward, reverse: reverse[0], problems };
}

/**
 * The checks of a two-way flow: the way back reads the forward destination's table and writes the forward
 * source's, and every field written both ways has a conflict policy. Answers the problems and the two-way
 * fields with their policies (null when the directions do not fit together).
 */
export function twoWayProblems(
  directions: FlowDirections,
  flow: Flow,
  catalog: NodeCatalog,
  configs: Map<string, Record<string, unknown>>,
): { problems: CompileProblem[]; fields: TwoWayField[] | null } {
  const { forward, reverse } = directions;
  if (!forward || !reverse || !forward.destination || !reverse.destination)
    return { problems: [], fields: null };
  const problems: CompileProblem[] = [];
  const config = (node: FlowNode) => configs.get(node.id);
  const [fSource, fDestination, rSource, rDestination] = [
    config(forward.source),
    config(forward.destination),
    config(reverse.source),
    config(reverse.destination),
  ];
  if (!fSource || !fDestination || !rSource || !rDestination) return { problems, fields: null };
  const sameSide = (reader: Record<string, unknown>, writer: Record<string, unknown>) =>
    reader.connectionId === writer.connectionId && reader.object === writer.object;
  if (!sameSide(rSource, fDestination)) {
    problems.push(
      error(
        reverse.source.id,
        `${nodeName(reverse.source)}: the way back must read what ${nodeName(forward.destination)} writes (its connection and table).`,
      ),
    );
  }
  if (!sameSide(rDestination, fSource)) {
    problems.push(
      error(
        reverse.destination.id,
        `${nodeName(reverse.destination)}: the way back must write to what ${nodeName(forward.source)} reads (its connection and object).`,
      ),
    );
  }

  const forwardReads = readsOf(forward, flow, catalog, configs);
  const reverseReads = readsOf(reverse, flow, catalog, configs);
  const policies = (fDestination.conflicts ?? {}) as Record<string, unknown>;
  const fields: TwoWayField[] = [];
  for (const [destinationField, sourceFields] of forwardReads) {
    for (const sourceField of sourceFields) {
      const readBack = reverseReads.get(sourceField);
      if (!readBack || !(readBack.has(destinationField) || readBack.has('*'))) continue;
      const policy = ConflictPolicySchema.safeParse(policies[destinationField]);
      if (!policy.success) {
        problems.push({
          ...error(
            forward.destination.id,
            `${nodeName(forward.destination)}: ${destinationField} is written both ways (from ${sourceField}, and back to ${sourceField}); choose who wins when both sides changed it.`,
          ),
          field: 'conflicts',
        });
        continue;
      }
      fields.push({ sourceField, destinationField, policy: policy.data });
    }
  }
  for (const field of Object.keys(policies)) {
    if (fields.some((f) => f.destinationField === field)) continue;
    problems.push({
      nodeId: forward.destination.id,
      field: 'conflicts',
      severity: 'warning',
      message: `${nodeName(forward.destination)}: ${field} has a conflict policy but is not written both ways; it never applies.`,
    });
  }
  return { problems, fields };
}

/** Per field a direction sets on update, the top-level fields of its source record that value reads. */
function readsOf(
  direction: FlowDirection,
  flow: Flow,
  catalog: NodeCatalog,
  configs: Map<string, Record<string, unknown>>,
): Map<string, Set<string>> {
  const reads = new Map<string, Set<string>>();
  for (const node of flow.nodes) {
    if (!direction.nodeIds.has(node.id)) continue;
    const spec = catalog.get(node.type);
    const config = configs.get(node.id);
    if (!spec?.reads || !config) continue;
    for (const [field, from] of Object.entries(
      (spec.reads as (c: unknown) => Record<string, string[]>)(config),
    )) {
      const set = reads.get(field) ?? new Set<string>();
      for (const source of from) set.add(source);
      reads.set(field, set);
    }
  }
  return reads;
}
