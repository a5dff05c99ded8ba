import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { pulledIssues } from '../testing/factories.js';
import { checkIntegrity } from './integrity.js';
import type { Store } from './port.js';
import { openSqliteStore } from './sqlite/index.js';

const dir = mkdtempSync(join(tmpdir(), 'isync-integrity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** A tenant with six records of one integration: two pushed, one updated, one skipped, one failed, one new. */
async function syncedStore() {
  const file = join(dir, `store-${++files}.db`);
  const store = openSqliteStore({ file });
  const tenant = await store.tenants.create({ name: 'Acme', slug: 'acme' });
  const integration = await store.integrations.create(tenant.id, { title: 'PG → NV', description: '' });
  await store.records.upsertPulled(tenant.id, integration.id, pulledIssues(6), null);
  const [a, b, c, d, e] = await store.records.claimForPush(tenant.id, integration.id, {
    limit: 10,
    now: new Date(),
    maxAttempts: 5,
  });
  const pushed = (recordId: string, destinationId: string) => ({
    recordId,
    runId: null,
    destinationId,
    operation: 'created' as const,
  });
  await store.records.markPushedMany(tenant.id, [
    pushed(a!.id, 'wo-a'),
    pushed(b!.id, 'wo-b'),
    pushed(c!.id, 'wo-c'),
  ]);
  await store.records.markPushed(tenant.id, c!.id, {
    runId: null,
    destinationId: 'wo-c',
    operation: 'updated',
  });
  await store.records.markSkipped(tenant.id, d!.id, { runId: null, reason: 'filtered out' });
  await store.records.markFailed(tenant.id, e!.id, {
    runId: null,
    error: 'Nuvolo answered 400',
    nextAttemptAt: null,
  });
  const sql = (query: string, ...params: unknown[]) => {
    const db = new Database(file);
    db.prepare(query).run(...params);
    db.close();
  };
  return { store, tenantId: tenant.id, integrationId: integration.id, records: { a: a!, b: b!, c: c! }, sql };
}

describe('checkIntegrity', () => {
  it('finds nothing wrong in a store the lifecycle wrote', async () => {
    const { store, tenantId, integrationId } = await syncedStore();
    expect(await checkIntegrity(store, tenantId)).toEqual([]);
    expect(await checkIntegrity(store, tenantId, integrationId)).toEqual([]);
    await store.close();
  });

  it('reports a record whose status is not where its last lifecycle event left it', async () => {
    const { store, tenantId, records, sql } = await syncedStore();
    sql(`UPDATE records SET status = 'initiated' WHERE id = ?`, records.a.id);
    expect(await checkIntegrity(store, tenantId)).toEqual([
      {
        kind: 'status-disagrees-with-event',
        recordId: records.a.id,
        status: 'initiated',
        lastEvent: 'pushed',
      },
    ]);
    await store.close();
  });

  it('reports a pushed or updated record without a destination id', async () => {
    const { store, tenantId, records, sql } = await syncedStore();
    sql(`UPDATE records SET destination_id = NULL WHERE id IN (?, ?)`, records.b.id, records.c.id);
    expect(await checkIntegrity(store, tenantId)).toEqual(
      expect.arrayContaining([
        { kind: 'pushed-without-destination-id', recordId: records.b.id, status: 'pushed' },
        { kind: 'pushed-without-destination-id', recordId: records.c.id, status: 'updated' },
      ]),
    );
    expect(await checkIntegrity(store, tenantId)).toHaveLength(2);
    await store.close();
  });

  it('reports two records of one integration for one source id', async () => {
    // SQLite's unique index makes this impossible to store; an adapter that lost its index would answer it.
    const { store, tenantId, integrationId, records } = await syncedStore();
    const twin = { ...(await store.records.get(tenantId, records.a.id))!, id: 'twin-of-a' };
    const lossy: Store = {
      ...store,
      records: {
        ...store.records,
        search: async (...args) => {
          const page = await store.records.search(...args);
          return { ...page, items: [...page.items, twin] };
        },
      },
      recordEvents: {
        ...store.recordEvents,
        timeline: (tenant, recordId) =>
          store.recordEvents.timeline(tenant, recordId === twin.id ? records.a.id : recordId),
      },
    };
    expect(await checkIntegrity(lossy, tenantId)).toEqual([
      {
        kind: 'duplicate-source-id',
        integrationId,
        sourceId: records.a.sourceId,
        recordIds: [records.a.id, twin.id],
      },
    ]);
    await store.close();
  });

  it("reads only the tenant's (and the integration's) records, page by page", async () => {
    const { store, tenantId, integrationId, sql } = await syncedStore();
    const other = await store.integrations.create(tenantId, { title: 'Other', description: '' });
    await store.records.upsertPulled(tenantId, other.id, pulledIssues(1200, 'other-'), null);
    sql(`UPDATE records SET status = 'pushed' WHERE source_id = 'other-01100'`);
    expect(await checkIntegrity(store, tenantId, integrationId)).toEqual([]);
    expect(await checkIntegrity(store, tenantId)).toEqual([
      expect.objectContaining({
        kind: 'status-disagrees-with-event',
        status: 'pushed',
        lastEvent: 'initiated',
      }),
      expect.objectContaining({ kind: 'pushed-without-destination-id', status: 'pushed' }),
    ]);
    const stranger = await store.tenants.create({ name: 'Other', slug: 'other' });
    expect(await checkIntegrity(store, stranger.id)).toEqual([]);
    await store.close();
  });
});
