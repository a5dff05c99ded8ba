import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyRunCounts } from '../../domain/run.js';
import { pulledIssues } from '../../testing/factories.js';
import { storeContract } from '../contract.js';
import { openSqliteStore } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'isync-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const nextFile = () => join(dir, `store-${++files}.db`);

storeContract('sqlite', async ({ clock }) => openSqliteStore({ file: nextFile(), clock }));

describe('sqlite store', () => {
  it('makes a new database with 16 KB pages and leaves an existing one its own', async () => {
    const fresh = nextFile();
    await openSqliteStore({ file: fresh }).close();
    const existing = nextFile();
    const made = new Database(existing);
    made.exec('CREATE TABLE before_isync (x)');
    made.close();
    await openSqliteStore({ file: existing }).close();
    const pageSize = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return db.pragma('page_size', { simple: true });
      } finally {
        db.close();
      }
    };
    expect(pageSize(fresh)).toBe(16384);
    expect(pageSize(existing)).toBe(4096);
  });

  it('stores a 1,000-record page in one transaction, reading the stored records once', async () => {
    const statements: string[] = [];
    const store = openSqliteStore({ file: nextFile(), onStatement: (sql) => statements.push(sql) });
    const tenant = await store.tenants.create({ name: 'Acme', slug: 'acme' });
    const integration = await store.integrations.create(tenant.id, { title: 'PG → NV', description: '' });
    const page = pulledIssues(1000);

    statements.length = 0;
    expect(await store.records.upsertPulled(tenant.id, integration.id, page, null)).toMatchObject({
      created: 1000,
    });
    expect(statements.filter((sql) => /^BEGIN/i.test(sql))).toHaveLength(1);
    expect(statements.filter((sql) => /^COMMIT/i.test(sql))).toHaveLength(1);
    expect(statements.filter((sql) => /^\s*SELECT\b[\s\S]*\bFROM records\b/i.test(sql))).toHaveLength(1);

    statements.length = 0;
    const changed = page.map((record) => ({ ...record, sourceHash: record.sourceHash + '2' }));
    expect(await store.records.upsertPulled(tenant.id, integration.id, changed, null)).toMatchObject({
      changed: 1000,
    });
    expect(statements.filter((sql) => /^BEGIN/i.test(sql))).toHaveLength(1);
    expect(statements.filter((sql) => /^COMMIT/i.test(sql))).toHaveLength(1);
    // The 1,000 changes are one UPDATE over the page.
    expect(statements.filter((sql) => /^\s*UPDATE records\b/i.test(sql))).toHaveLength(1);
    await store.close();
  });

  it("records a batch's intents and outcomes in one transaction each, finding records by primary key", async () => {
    const file = nextFile();
    const statements: string[] = [];
    const store = openSqliteStore({ file, onStatement: (sql) => statements.push(sql) });
    const tenant = await store.tenants.create({ name: 'Acme', slug: 'acme' });
    const integration = await store.integrations.create(tenant.id, { title: 'PG → NV', description: '' });
    await store.records.upsertPulled(tenant.id, integration.id, pulledIssues(1000), null);
    const batch = await store.records.claimForPush(tenant.id, integration.id, {
      limit: 200,
      now: new Date(),
      maxAttempts: 5,
    });
    const ids = batch.map((record) => record.id);

    const written: string[][] = [];
    const track = async (write: () => Promise<number>, expected: number) => {
      statements.length = 0;
      expect(await write()).toBe(expected);
      written.push([...statements]);
    };
    await track(() => store.records.markPushIntents(tenant.id, ids), 200);
    await track(
      () =>
        store.records.markPushedMany(
          tenant.id,
          ids
            .slice(0, 150)
            .map((recordId) => ({ recordId, runId: null, destinationId: recordId, operation: 'created' })),
        ),
      150,
    );
    await track(
      () =>
        store.records.markFailedMany(
          tenant.id,
          ids.slice(150).map((recordId) => ({ recordId, runId: null, error: '503', nextAttemptAt: null })),
        ),
      50,
    );
    const batchSizes = [200, 150, 50];
    for (const [i, sqls] of written.entries()) {
      expect(sqls.filter((sql) => /^BEGIN/i.test(sql))).toHaveLength(i === 0 ? 0 : 1);
      // The intents are one statement; an outcome batch reads its records with one statement, then sets each
      // record (by primary key) and inserts its event with statements prepared once and run per record.
      const perRecord = (sql: string) =>
        /^INSERT INTO record_events/i.test(sql) ||
        (/^UPDATE records SET/i.test(sql) && !/json_each/.test(sql));
      expect(sqls.filter((sql) => /^UPDATE records/i.test(sql))).toHaveLength(i === 0 ? 1 : batchSizes[i]!);
      expect(
        sqls.filter((sql) => !/^(BEGIN|COMMIT|SAVEPOINT|RELEASE)/i.test(sql) && !perRecord(sql)),
      ).toHaveLength(1);
    }
    await store.close();

    // Each statement finds the batch's records by id, never by walking the tenant's records.
    const db = new Database(file, { readonly: true });
    const plans = written
      .flat()
      .filter((sql) => /^(SELECT|UPDATE)/i.test(sql))
      .flatMap((sql) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail),
      );
    db.close();
    expect(plans.filter((detail) => / records\b/.test(detail))).not.toHaveLength(0);
    expect(
      plans.filter((detail) => /^(SCAN|SEARCH) records\b/.test(detail) && !/\(id=\?\)$/.test(detail)),
    ).toEqual([]);
  });

  it('reads a run stored before the linked, recovered and waiting counts as counting 0 of them', async () => {
    const file = nextFile();
    const store = openSqliteStore({ file });
    const tenant = await store.tenants.create({ name: 'Acme', slug: 'acme' });
    const integration = await store.integrations.create(tenant.id, { title: 'PG → NV', description: '' });
    const run = await store.runs.start(tenant.id, {
      integrationId: integration.id,
      planVersion: 1,
      trigger: 'schedule',
      cursorBefore: null,
      executorId: 'x',
    });
    const old = {
      pulled: 3,
      new: 3,
      changed: 0,
      unchanged: 0,
      skipped: 0,
      created: 3,
      updated: 0,
      failed: 0,
    };
    const db = new Database(file);
    db.prepare('UPDATE runs SET counts = ? WHERE id = ?').run(JSON.stringify(old), run.id);
    db.close();
    const complete = { ...emptyRunCounts(), ...old };
    expect((await store.runs.get(tenant.id, run.id))!.counts).toEqual(complete);
    const listed = await store.runs.list(tenant.id, { integrationId: integration.id });
    expect(listed.items.map((item) => item.counts)).toEqual([complete]);
    await store.close();
  });

  it('keeps its data across reopen and applies migrations only once', async () => {
    const file = nextFile();
    const first = openSqliteStore({ file });
    const tenant = await first.tenants.create({ name: 'Acme', slug: 'acme' });
    await first.close();
    const second = openSqliteStore({ file });
    expect(await second.tenants.get(tenant.id)).toEqual(tenant);
    expect(await second.ping()).toBe(true);
    await second.close();
  });
});
