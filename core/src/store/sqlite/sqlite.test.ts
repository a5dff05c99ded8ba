import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pulledIssues } from '../../testing/factories.js';
import { storeContract } from '../contract.js';
import { openSqliteStore } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'isync-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const nextFile = () => join(dir, `store-${++files}.db`);

storeContract('sqlite', async ({ clock }) => openSqliteStore({ file: nextFile(), clock }));

describe('sqlite store', () => {
  it('stores a 1,000-record page in one transaction of a handful of statements', async () => {
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
    expect(statements.length).toBeLessThanOrEqual(5);

    statements.length = 0;
    const changed = page.map((record) => ({ ...record, sourceHash: record.sourceHash + '2' }));
    expect(await store.records.upsertPulled(tenant.id, integration.id, changed, null)).toMatchObject({
      changed: 1000,
    });
    expect(statements.filter((sql) => /^BEGIN/i.test(sql))).toHaveLength(1);
    expect(statements.length).toBeLessThanOrEqual(6);
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
