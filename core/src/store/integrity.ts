import type { IntegrationId, TenantId } from '../domain/common.js';
import type { SyncRecord } from '../domain/record.js';
import type { Store } from './port.js';

/** One way the store contradicts itself. */
export type IntegrityProblem =
  | { kind: 'status-disagrees-with-event'; recordId: string; status: string; lastEvent: string | null }
  | { kind: 'pushed-without-destination-id'; recordId: string; status: string }
  | { kind: 'duplicate-source-id'; integrationId: string; sourceId: string; recordIds: string[] };

const PUSHED_STATUSES = new Set(['pushed', 'linked', 'updated']);
const PAGE = 500;

/**
 * Reads a tenant's records (one integration's, when given) through the store port and reports what
 * contradicts the lifecycle: a record whose status is not where its last lifecycle event left it, a
 * pushed, linked or updated record without a destination id, and two records for one source id of an integration.
 */
export async function checkIntegrity(
  store: Store,
  tenantId: TenantId,
  integrationId?: IntegrationId,
): Promise<IntegrityProblem[]> {
  const problems: IntegrityProblem[] = [];
  const bySource = new Map<string, SyncRecord[]>();
  for await (const record of allRecords(store, tenantId, integrationId)) {
    const key = `${record.integrationId}\u0000${record.sourceId}`;
    bySource.set(key, [...(bySource.get(key) ?? []), record]);
    const lifecycle = (await store.recordEvents.timeline(tenantId, record.id)).filter(
      (event) => event.kind === 'lifecycle',
    );
    const lastEvent = lifecycle.at(-1)?.to ?? null;
    if (lastEvent !== record.status) {
      problems.push({
        kind: 'status-disagrees-with-event',
        recordId: record.id,
        status: record.status,
        lastEvent,
      });
    }
    if (PUSHED_STATUSES.has(record.status) && !record.destinationId) {
      problems.push({ kind: 'pushed-without-destination-id', recordId: record.id, status: record.status });
    }
  }
  for (const records of bySource.values()) {
    if (records.length < 2) continue;
    problems.push({
      kind: 'duplicate-source-id',
      integrationId: records[0]!.integrationId,
      sourceId: records[0]!.sourceId,
      recordIds: records.map((record) => record.id),
    });
  }
  return problems;
}

async function* allRecords(store: Store, tenantId: TenantId, integrationId?: IntegrationId) {
  let cursor: string | undefined;
  do {
    const page = await store.records.search(tenantId, integrationId ? { integrationId } : {}, {
      limit: PAGE,
      ...(cursor && { cursor }),
    });
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
