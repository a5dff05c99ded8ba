import type { IntegrationId, RecordId, RunId, Store, TenantId } from '@isync/core';
import { RunRefused } from './schedulers/run-now.js';
import type { Scheduler } from './schedulers/scheduler.js';

/** Failed records to push again: those that failed in one run, or a hand-picked list. */
export type ReplaySelection = { runId: RunId } | { recordIds: RecordId[] };

export interface ReplayResult {
  /** Records put back in line, per integration; each of these integrations got a run. */
  integrations: { integrationId: IntegrationId; requeued: number }[];
  requeued: number;
}

/**
 * Puts failed records back in line (attempts reset, no backoff) and asks for a `replay` run of each
 * integration they belong to (one never published runs them when activated). Records of another tenant, unknown ids and records that are not failed are
 * left out of the answer's counts.
 */
export async function replay(
  deps: { store: Store },
  scheduler: Pick<Scheduler, 'runNow'>,
  tenantId: TenantId,
  selection: ReplaySelection,
): Promise<ReplayResult> {
  const { store } = deps;
  const requeued = new Map<IntegrationId, number>();
  if ('runId' in selection) {
    const run = await store.runs.get(tenantId, selection.runId);
    if (run) requeued.set(run.integrationId, await store.records.requeue(tenantId, { runId: run.id }));
  } else {
    const byIntegration = new Map<IntegrationId, RecordId[]>();
    for (const id of new Set(selection.recordIds)) {
      const record = await store.records.get(tenantId, id);
      if (!record) continue;
      byIntegration.set(record.integrationId, [...(byIntegration.get(record.integrationId) ?? []), id]);
    }
    for (const [integrationId, recordIds] of byIntegration) {
      requeued.set(integrationId, await store.records.requeue(tenantId, { recordIds }));
    }
  }

  const integrations = [...requeued]
    .filter(([, count]) => count > 0)
    .map(([integrationId, count]) => ({ integrationId, requeued: count }));
  for (const { integrationId } of integrations) {
    try {
      await scheduler.runNow(tenantId, integrationId, 'replay');
    } catch (error) {
      // Never published: its records wait in line for its first run.
      if (!(error instanceof RunRefused && error.code === 'not_activated')) throw error;
    }
  }
  return { integrations, requeued: integrations.reduce((sum, entry) => sum + entry.requeued, 0) };
}
