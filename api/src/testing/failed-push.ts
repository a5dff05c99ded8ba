import type { Store } from '@isync/core';
import { pulledIssues } from '@isync/core/testing';

/**
 * An integration whose run pulled three issues and failed to push the first (attempts exhausted), with the
 * exception log entry of that failure; the run is left running for the test to finish as it needs.
 */
export async function failedPush(store: Store, tenantId: string) {
  const integration = await store.integrations.create(tenantId, { title: 'Sync', description: '' });
  const run = await store.runs.start(tenantId, {
    integrationId: integration.id,
    planVersion: 1,
    trigger: 'schedule',
    cursorBefore: null,
  });
  await store.records.upsertPulled(tenantId, integration.id, pulledIssues(3), run.id);
  const [record] = (await store.records.search(tenantId, { q: 'pg-00001' })).items;
  await store.records.markFailed(tenantId, record!.id, {
    runId: run.id,
    error: 'Nuvolo answered 503',
    nextAttemptAt: null,
  });
  const [exception] = await store.exceptions.add(tenantId, [
    {
      integrationId: integration.id,
      runId: run.id,
      phase: 'push',
      kind: 'api-5xx',
      message: 'Nuvolo answered 503',
      httpStatus: 503,
      responseSnippet: '{}',
      nodeId: 'destination',
      recordId: record!.id,
    },
  ]);
  return { integration, run, record: record!, exception: exception! };
}
