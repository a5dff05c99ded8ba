import { canonicalJson } from '../canonical.js';
import type { Flow, FlowEdge, FlowNode } from '../domain/flow.js';
import type { NodeCatalog } from './types.js';

/** One difference between two versions of a flow, in words a user reads on the canvas or the versions page. */
export interface FlowChange {
  kind: 'node-added' | 'node-removed' | 'node-changed' | 'edge-added' | 'edge-removed';
  /** The node it is about (for edges: the node the edge leads to). */
  nodeId: string | null;
  /** The node's name, or `source → target` for an edge. */
  label: string;
  /** For a changed node: the config paths that differ (`rule`, `create.2.value`), and `label` when renamed. */
  fields: string[];
  summary: string;
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The paths at which two config values differ, as deep as both sides keep the same shape: a list whose
 * length changed is one change of the list, not one per shifted item.
 */
export function changedPaths(before: unknown, after: unknown, path: string[] = []): string[] {
  if (same(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => changedPaths(before[key], after[key], [...path, key]));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, index) => changedPaths(item, after[index], [...path, String(index)]));
  }
  return [path.join('.') || 'config'];
}

const edgeKey = (edge: FlowEdge) =>
  `${edge.source}\u0000${edge.sourceHandle ?? ''}\u0000${edge.target}\u0000${edge.targetHandle ?? ''}`;

/**
 * What changed from `before` to `after`, node by node and edge by edge. Positions on the canvas and edge ids
 * are not part of what runs, so moving a node or redrawing the same edge is no change.
 */
export function diffFlows(before: Flow | null, after: Flow, catalog?: NodeCatalog): FlowChange[] {
  const beforeNodes = new Map((before?.nodes ?? []).map((n) => [n.id, n]));
  const afterNodes = new Map(after.nodes.map((n) => [n.id, n]));
  const name = (node: FlowNode) => {
    const type = catalog?.get(node.type)?.label ?? node.type;
    return `${type} "${node.data.label ?? node.id}"`;
  };
  const nameOf = (id: string) => {
    const node = afterNodes.get(id) ?? beforeNodes.get(id);
    return node ? `"${node.data.label ?? node.id}"` : `"${id}"`;
  };
  const changes: FlowChange[] = [];

  for (const node of after.nodes) {
    const old = beforeNodes.get(node.id);
    const label = node.data.label ?? node.id;
    if (!old) {
      changes.push({
        kind: 'node-added',
        nodeId: node.id,
        label,
        fields: [],
        summary: `${name(node)} added`,
      });
      continue;
    }
    if (old.type !== node.type) {
      changes.push({
        kind: 'node-changed',
        nodeId: node.id,
        label,
        fields: ['type'],
        summary: `${name(old)} became ${name(node)}`,
      });
      continue;
    }
    const fields = [
      ...((old.data.label ?? null) !== (node.data.label ?? null) ? ['label'] : []),
      ...changedPaths(old.data.config, node.data.config),
    ];
    if (fields.length > 0) {
      changes.push({
        kind: 'node-changed',
        nodeId: node.id,
        label,
        fields,
        summary: `${name(node)} changed: ${fields.join(', ')}`,
      });
    }
  }
  for (const node of before?.nodes ?? []) {
    if (!afterNodes.has(node.id)) {
      changes.push({
        kind: 'node-removed',
        nodeId: node.id,
        label: node.data.label ?? node.id,
        fields: [],
        summary: `${name(node)} removed`,
      });
    }
  }

  const beforeEdges = new Set((before?.edges ?? []).map(edgeKey));
  const afterEdges = new Set(after.edges.map(edgeKey));
  const edgeChange = (edge: FlowEdge, kind: 'edge-added' | 'edge-removed'): FlowChange => {
    const label = `${nameOf(edge.source)} → ${nameOf(edge.target)}`;
    return {
      kind,
      nodeId: edge.target,
      label,
      fields: [],
      summary: `Connection ${label} ${kind === 'edge-added' ? 'added' : 'removed'}`,
    };
  };
  for (const edge of after.edges)
    if (!beforeEdges.has(edgeKey(edge))) changes.push(edgeChange(edge, 'edge-added'));
  for (const edge of before?.edges ?? [])
    if (!afterEdges.has(edgeKey(edge))) changes.push(edgeChange(edge, 'edge-removed'));
  return changes;
}
