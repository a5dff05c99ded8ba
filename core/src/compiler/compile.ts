import type { z } from 'zod';
import { canonicalJson, contentHash } from '../canonical.js';
import { FlowSchema, type Flow, type FlowNode } from '../domain/flow.js';
import type { PlanStage } from '../domain/plan.js';
import { flowDirections, twoWayProblems, type FlowDirections } from './directions.js';
import { buildGraph, reachableFrom, reachingTo, topologicalOrder, type FlowGraph } from './graph.js';
import type {
  CompileEnvironment,
  CompileProblem,
  NodeCatalog,
  NodeTypeSpec,
  NodeValidationContext,
} from './types.js';

export interface CompiledPlan {
  stages: PlanStage[];
  hash: string;
}

export interface CompileResult {
  /** Present when there is no error (warnings allowed). */
  plan: CompiledPlan | null;
  problems: CompileProblem[];
}

const error = (nodeId: string | null, field: string | null, message: string): CompileProblem => ({
  nodeId,
  field,
  severity: 'error',
  message,
});

const nodeName = (node: FlowNode) => `"${node.data.label ?? node.id}"`;

function zodProblems(node: FlowNode, issues: z.core.$ZodIssue[]): CompileProblem[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.') || null;
    return error(node.id, field, `${nodeName(node)}: ${field ? `${field}: ` : ''}${issue.message}`);
  });
}

/** Structure: known types, unique ids, edges between existing nodes and existing ports. */
function structureProblems(flow: Flow, catalog: NodeCatalog): CompileProblem[] {
  const problems: CompileProblem[] = [];
  const seen = new Set<string>();
  for (const node of flow.nodes) {
    if (seen.has(node.id)) problems.push(error(node.id, null, `Two nodes share the id "${node.id}".`));
    seen.add(node.id);
    if (!catalog.get(node.type))
      problems.push(error(node.id, null, `${nodeName(node)} has an unknown type "${node.type}".`));
  }
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  for (const edge of flow.edges) {
    const from = byId.get(edge.source);
    const to = byId.get(edge.target);
    if (!from || !to) {
      problems.push(
        error(from ? null : edge.source, null, `Edge "${edge.id}" connects a node that does not exist.`),
      );
      continue;
    }
    const fromSpec = catalog.get(from.type);
    const toSpec = catalog.get(to.type);
    if (!fromSpec || !toSpec) continue;
    if (fromSpec.ports.out.length === 0) {
      problems.push(
        error(from.id, null, `${nodeName(from)} is a ${fromSpec.label} node and has no output to connect.`),
      );
    } else if (edge.sourceHandle && !fromSpec.ports.out.includes(edge.sourceHandle)) {
      problems.push(error(from.id, null, `${nodeName(from)} has no output port "${edge.sourceHandle}".`));
    }
    if (toSpec.ports.in.length === 0) {
      problems.push(error(to.id, null, `${nodeName(to)} is a ${toSpec.label} node and takes no input.`));
    } else if (edge.targetHandle && !toSpec.ports.in.includes(edge.targetHandle)) {
      problems.push(error(to.id, null, `${nodeName(to)} has no input port "${edge.targetHandle}".`));
    }
    if (edge.source === edge.target)
      problems.push(error(from.id, null, `${nodeName(from)} is connected to itself.`));
  }
  return problems;
}

const COUNT_WORDS = ['no', 'one', 'two', 'three', 'four', 'five'];
const count = (n: number, noun: string) => `${COUNT_WORDS[n] ?? n} ${noun}${n === 1 ? '' : 's'}`;

/** `filter "Only open issues"`: the node's type in words, then its name. */
const typedName = (node: FlowNode, catalog: NodeCatalog) => {
  const label = catalog.get(node.type)?.label.toLowerCase() ?? node.type;
  return `${label} ${nodeName(node)}`;
};
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Arity: each node type says how many edges may meet its input and its output. Records take one path:
 * a second input lets records reach a node around whatever stands on the other input, and a second output
 * sends a record down two paths at once.
 */
function arityProblems(flow: Flow, catalog: NodeCatalog, graph: FlowGraph): CompileProblem[] {
  const problems: CompileProblem[] = [];
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  for (const node of flow.nodes) {
    const spec = catalog.get(node.type);
    if (!spec) continue;
    const incoming = flow.edges.filter((e) => e.target === node.id && byId.has(e.source));
    const outgoing = flow.edges.filter((e) => e.source === node.id && byId.has(e.target));
    const { maxInputs, maxOutputs } = spec.ports;
    if (maxInputs !== null && maxInputs > 0 && incoming.length > maxInputs) {
      const inputs = incoming.map((e) => byId.get(e.source)!);
      const names = inputs.map((n) => typedName(n, catalog));
      const bypass = bypassedBy(incoming, graph, byId);
      const why = bypass
        ? `records taking the edge from ${typedName(bypass.from, catalog)} bypass ${bypass.skipped
            .map((n) => typedName(n, catalog))
            .join(', ')}. Remove that edge, or insert the nodes on it.`
        : `records would reach it two ways. Keep one input and chain the other nodes before it.`;
      problems.push({
        ...error(
          node.id,
          null,
          `${capitalized(typedName(node, catalog))} has ${count(incoming.length, 'input')}, ${names.slice(0, -1).join(', ')} and ${names.at(-1)}: ${why}`,
        ),
        edgeIds: incoming.map((e) => e.id),
      });
    }
    if (maxOutputs !== null && maxOutputs > 0 && outgoing.length > maxOutputs) {
      const names = outgoing.map((e) => typedName(byId.get(e.target)!, catalog));
      problems.push({
        ...error(
          node.id,
          null,
          `${capitalized(typedName(node, catalog))} has ${count(outgoing.length, 'output')}, to ${names.join(' and ')}: a record would travel both ways at once. Connect it to one node and chain the others after it.`,
        ),
        edgeIds: outgoing.map((e) => e.id),
      });
    }
  }
  return problems;
}

/**
 * Of a node's input edges, the one that lets records skip nodes: an edge from a node that also reaches
 * another input further along. Answers its source and the nodes between it and the node.
 */
function bypassedBy(
  incoming: Flow['edges'],
  graph: FlowGraph,
  byId: Map<string, FlowNode>,
): { from: FlowNode; skipped: FlowNode[] } | null {
  for (const shortcut of incoming) {
    const ahead = reachableFrom(shortcut.source, graph);
    for (const other of incoming) {
      if (other === shortcut || !ahead.has(other.source)) continue;
      const leadsToOther = reachingTo(other.source, graph);
      const skipped = [...ahead].filter((id) => id !== shortcut.source && leadsToOther.has(id));
      return {
        from: byId.get(shortcut.source)!,
        skipped: skipped.map((id) => byId.get(id)!).filter(Boolean),
      };
    }
  }
  return null;
}

/**
 * Shape: one source (two for a two-way flow), no cycle, every node on a path from a source that ends at a
 * destination.
 */
function shapeProblems(
  flow: Flow,
  catalog: NodeCatalog,
  directions: FlowDirections,
  graph: FlowGraph,
  cyclic: string[],
): CompileProblem[] {
  const problems: CompileProblem[] = [...directions.problems];
  const categoryOf = (node: FlowNode) => catalog.get(node.type)?.category;
  if (!directions.forward) problems.push(error(null, null, 'The flow needs a source node.'));
  if (!flow.nodes.some((n) => categoryOf(n) === 'destination')) {
    problems.push(error(null, null, 'The flow needs a destination node.'));
  }
  for (const id of cyclic)
    problems.push(error(id, null, `Node "${id}" is part of a cycle; flows run one way.`));
  const reachable = new Set(
    flow.nodes
      .filter((node) => categoryOf(node) === 'source')
      .flatMap((source) => [source.id, ...reachableFrom(source.id, graph)]),
  );
  for (const node of flow.nodes) {
    if (directions.forward && !reachable.has(node.id)) {
      problems.push(error(node.id, null, `${nodeName(node)} is not connected to the source.`));
    } else if (
      graph.outgoing.get(node.id)!.length === 0 &&
      categoryOf(node) !== 'destination' &&
      catalog.get(node.type)
    ) {
      problems.push(error(node.id, null, `${nodeName(node)} leads nowhere: connect it to a destination.`));
    }
  }
  return problems;
}

function downstreamDestination(nodeId: string, flow: Flow, catalog: NodeCatalog, graph: FlowGraph) {
  const reachable = reachableFrom(nodeId, graph);
  return flow.nodes.find((n) => reachable.has(n.id) && catalog.get(n.type)?.category === 'destination');
}

/**
 * Compiles a flow document into an execution plan: validates all of it and answers every problem at once,
 * each pinned to its node. Warnings do not stop a plan; errors do.
 */
export function compileFlow(
  input: unknown,
  catalog: NodeCatalog,
  environment: CompileEnvironment,
): CompileResult {
  const parsedFlow = FlowSchema.safeParse(input);
  if (!parsedFlow.success) {
    return {
      plan: null,
      problems: parsedFlow.error.issues.map((issue) =>
        error(
          null,
          issue.path.map(String).join('.') || null,
          `The flow document is malformed: ${issue.message}`,
        ),
      ),
    };
  }
  const flow = parsedFlow.data;
  const graph = buildGraph(flow);
  const { order, cyclic } = topologicalOrder(flow, graph);
  const structure = structureProblems(flow, catalog);
  // With two nodes under one id, nothing below can tell them apart.
  if (new Set(flow.nodes.map((n) => n.id)).size < flow.nodes.length)
    return { plan: null, problems: structure };
  const directions = flowDirections(flow, catalog, graph);
  const problems = [
    ...structure,
    ...arityProblems(flow, catalog, graph),
    ...shapeProblems(flow, catalog, directions, graph, cyclic),
  ];

  const configs = new Map<string, Record<string, unknown>>();
  for (const node of flow.nodes) {
    const spec = catalog.get(node.type);
    if (!spec) continue;
    const parsed = spec.config.safeParse(node.data.config);
    if (parsed.success) configs.set(node.id, parsed.data as Record<string, unknown>);
    else problems.push(...zodProblems(node, parsed.error.issues));
  }

  // The way back reads the forward destination's system and writes the forward source's.
  const reversed: CompileEnvironment = {
    checkExpression: environment.checkExpression,
    ...(environment.destination && { source: environment.destination }),
    ...(environment.source && { destination: environment.source }),
  };
  const isReverse = (id: string) => directions.reverse?.nodeIds.has(id) ?? false;
  const resolved = new Map<string, Record<string, unknown>>();
  for (const node of flow.nodes) {
    const spec = catalog.get(node.type);
    const config = configs.get(node.id);
    if (!spec || !config) continue;
    const destination = downstreamDestination(node.id, flow, catalog, graph);
    const source = isReverse(node.id) ? directions.reverse!.source : directions.forward?.source;
    const context: NodeValidationContext = {
      node,
      environment: isReverse(node.id) ? reversed : environment,
      sourceConfig: source && configs.get(source.id),
      destinationConfig: destination && configs.get(destination.id),
    };
    for (const problem of callHook(spec, 'validate', config, context) ?? []) {
      problems.push({ ...problem, nodeId: node.id, message: `${nodeName(node)}: ${problem.message}` });
    }
    resolved.set(node.id, { ...config, ...callHook(spec, 'resolve', config, context) });
  }

  problems.push(...requiredFieldProblems(flow, catalog, graph, configs, environment, isReverse));
  const twoWay = twoWayProblems(directions, flow, catalog, configs);
  problems.push(...twoWay.problems);
  if (problems.some((p) => p.severity === 'error')) return { plan: null, problems };
  // The engine reads the fields written both ways, and who wins their conflicts, from the forward destination.
  if (twoWay.fields && directions.forward?.destination && directions.reverse?.destination) {
    const id = directions.forward.destination.id;
    resolved.set(id, { ...resolved.get(id), twoWayFields: twoWay.fields });
    // The way back writes into the container the forward source reads (a PlanGrid project).
    const project = configs.get(directions.forward.source.id)?.project;
    const back = directions.reverse.destination.id;
    if (typeof project === 'string') resolved.set(back, { ...resolved.get(back), project });
  }
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const stages: PlanStage[] = order.map((id) => {
    const node = byId.get(id)!;
    return {
      nodeId: id,
      type: node.type,
      label: node.data.label ?? catalog.get(node.type)!.label,
      config: resolved.get(id)!,
      inputs: graph.incoming.get(id)!,
      ...(isReverse(id) && { direction: 'reverse' as const }),
    };
  });
  return { plan: { stages, hash: contentHash(JSON.parse(canonicalJson(stages))) }, problems };
}

/** Upstream of every destination, the nodes together must set each required field of its object on create. */
function requiredFieldProblems(
  flow: Flow,
  catalog: NodeCatalog,
  graph: FlowGraph,
  configs: Map<string, Record<string, unknown>>,
  environment: CompileEnvironment,
  isReverse: (nodeId: string) => boolean,
): CompileProblem[] {
  const problems: CompileProblem[] = [];
  for (const destination of flow.nodes) {
    const spec = catalog.get(destination.type);
    const config = configs.get(destination.id);
    // The way back only updates: nothing it writes is created.
    if (spec?.category !== 'destination' || !spec.target || !config || isReverse(destination.id)) continue;
    const objectName = (spec.target as (c: unknown) => string)(config);
    const object = environment.destination?.objects.find((o) => o.name === objectName);
    if (!object) continue;
    const upstream = flow.nodes.filter(
      (n) => n.id !== destination.id && reachableFrom(n.id, graph).has(destination.id),
    );
    const written = new Set<string>();
    // The problem is pinned where a user maps fields: the upstream node that sets the most of them.
    let mappingNode: FlowNode = destination;
    let most = 0;
    for (const node of [...upstream, destination]) {
      const nodeSpec = catalog.get(node.type);
      const nodeConfig = configs.get(node.id);
      if (!nodeSpec?.writes || !nodeConfig) continue;
      const fields = (nodeSpec.writes as (c: unknown, op: 'create') => string[])(nodeConfig, 'create');
      for (const field of fields) written.add(field);
      if (fields.length > most && node !== destination) [mappingNode, most] = [node, fields.length];
    }
    for (const field of object.fields.filter((f) => f.required && !written.has(f.name))) {
      problems.push(
        error(
          mappingNode.id,
          'create',
          `${nodeName(mappingNode)}: ${object.label} requires "${field.label}" (${field.name}) on create; map it.`,
        ),
      );
    }
  }
  return problems;
}

function callHook<K extends 'validate' | 'resolve'>(
  spec: NodeTypeSpec,
  hook: K,
  config: Record<string, unknown>,
  context: NodeValidationContext,
): ReturnType<NonNullable<NodeTypeSpec[K]>> | undefined {
  const fn = spec[hook] as ((config: unknown, context: NodeValidationContext) => never) | undefined;
  return fn?.call(spec, config, context);
}
