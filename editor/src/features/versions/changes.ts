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
