import type { FlowChange, IntegrationSummary } from '../../api/types';

/** A config path as a user reads it: "create.2.value" → "create › row 3 › value". */
export const readablePath = (path: string): string =>
  path
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? `row ${Number(part) + 1}` : part))
    .join(' › ');

export const KIND_LABELS: Record<FlowChange['kind'], string> = {
  'node-added': 'Added',
  'node-removed': 'Removed',
  'node-changed': 'Changed',
  'edge-added': 'Connected',
  'edge-removed': 'Disconnected',
};

/** What the draft is against the live version, in one line. */
export function draftHeadline(integration: Pick<IntegrationSummary, 'liveVersion' | 'draft'>): string {
  if (integration.liveVersion === null) return 'Not published yet: the draft runs once it is published';
  return integration.draft.differs
    ? `Draft differs from live version ${integration.liveVersion}`
    : `Live version ${integration.liveVersion}: the draft is the same`;
}

/** The first few changes, and how many more there are. */
export function firstChanges(changes: FlowChange[], limit: number): { shown: FlowChange[]; more: number } {
  return { shown: changes.slice(0, limit), more: Math.max(0, changes.length - limit) };
}

const isNodeChange = (change: FlowChange) => change.kind.startsWith('node-');

/**
 * A short account of the changes: node changes first, in words, then how many connections changed
 * (rewiring follows from the nodes added or removed, so it is counted rather than listed).
 */
export function briefChanges(changes: FlowChange[], limit: number): string[] {
  const nodes = changes.filter(isNodeChange);
  const edges = changes.length - nodes.length;
  const lines = nodes.slice(0, limit).map((change) => change.summary);
  const rest: string[] = [];
  if (nodes.length > limit)
    rest.push(`${nodes.length - limit} more node ${nodes.length - limit === 1 ? 'change' : 'changes'}`);
  if (edges > 0) rest.push(`${edges} ${edges === 1 ? 'connection' : 'connections'} changed`);
  if (rest.length > 0)
    lines.push(lines.length > 0 ? `and ${rest.join(' and ')}` : capitalize(rest.join(' and ')));
  return lines;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
