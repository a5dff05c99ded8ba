import type { IntegrationId, TenantId } from '@isync/core';
import type { EngineDependencies } from '../engine/run.js';

/**
 * A scheduled tick that found its integration's run still going is recorded as a `skipped` run saying why
 * (the runs list and the runs metric show it), never dropped silently. Nothing is lost: the run going, or
 * the next one, picks up what changed.
 */
export async function recordSkippedTick(
  engine: Pick<EngineDependencies, 'store' | 'observer' | 'clock' | 'executorId'>,
  tenantId: TenantId,
  integrationId: IntegrationId,
): Promise<void> {
  const { store } = engine;
  const [integration, going] = await Promise.all([
    store.integrations.get(tenantId, integrationId),
    store.runs.running(tenantId, integrationId),
  ]);
  if (!integration || integration.planVersion === null) return;
  const since = going ? ` (started ${going.startedAt.slice(0, 19).replace('T', ' ')} UTC)` : '';
  const run = await store.runs.skip(
    tenantId,
    {
      integrationId,
      planVersion: integration.planVersion,
      executorId: engine.executorId ?? null,
      reason: `Skipped: the integration's run${since} was still going at this tick; it, or the next run, picks up what changed.`,
    },
    engine.clock?.() ?? new Date(),
  );
  engine.observer?.runFinished(run);
}
