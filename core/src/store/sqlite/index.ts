import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Store } from '../port.js';
import { sqliteApiTokens, sqliteSessions } from './access.js';
import { sqliteTenants, sqliteUsers } from './accounts.js';
import { sqliteAudit } from './audit.js';
import { sqliteConnections, sqliteIntegrations, sqlitePlans } from './configuration.js';
import { MIGRATIONS } from './migrations.js';
import { sqliteInsights } from './insights.js';
import { sqliteMaintenance } from './maintenance.js';
import { sqliteExceptions, sqliteRuns } from './operations.js';
import { sqliteRecordEvents, sqliteRecords } from './records.js';
import { defineTables } from './tables.js';
import { sqliteTenantSystems } from './tenant-systems.js';

export interface SqliteStoreOptions {
  /** A file path, or `:memory:` for a private in-memory database. */
  file: string;
  /** Called with every SQL statement executed (for tests that count round trips). */
  onStatement?: (sql: string) => void;
  /** The store's notion of now, for the timestamps it sets itself (tests pin it). */
  clock?: () => Date;
}

/** Applies the migrations the database has not seen yet, each in its own transaction. */
function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

export function openSqliteStore({ file, onStatement, clock = () => new Date() }: SqliteStoreOptions): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, onStatement ? { verbose: (sql) => onStatement(String(sql)) } : {});
  // 16 KB pages for a new database (an existing one keeps its own): a batch of records settled rewrites its
  // rows and the index leaves it touches, each page written to the WAL in two system calls; with 4 KB pages a
  // record cost ~20 of them, with 16 KB ~9. The store's CPU per record fell 10–20 % up to 50,000 records in a
  // store-only loop, a few % at 150,000 (where each random index insert touches its own leaf either way).
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Checkpoint the WAL every ~40 MB rather than every 4 MB: index pages rewritten by many transactions
  // are copied back once, not once per checkpoint.
  db.pragma('wal_autocheckpoint = 10000');
  // 16 MB of page cache (default 2 MB): the records' unique source-id index takes random inserts, and
  // with 50,000 records its pages no longer fit the default cache.
  db.pragma('cache_size = -16384');
  db.pragma('foreign_keys = ON');
  // Another process (a second executor) may hold the write lock briefly; wait rather than fail.
  db.pragma('busy_timeout = 5000');
  migrate(db);
  const tables = defineTables(db);
  return {
    kind: 'sqlite',
    tenants: sqliteTenants(tables),
    users: sqliteUsers(tables),
    connections: sqliteConnections(tables),
    tenantSystems: sqliteTenantSystems(tables),
    integrations: sqliteIntegrations(tables),
    plans: sqlitePlans(tables),
    records: sqliteRecords(tables, clock),
    recordEvents: sqliteRecordEvents(tables),
    runs: sqliteRuns(tables),
    exceptions: sqliteExceptions(tables),
    insights: sqliteInsights(db),
    maintenance: sqliteMaintenance(db),
    sessions: sqliteSessions(tables),
    apiTokens: sqliteApiTokens(tables),
    audit: sqliteAudit(tables),
    async ping() {
      return db.open && db.prepare('SELECT 1 AS ok').get() !== undefined;
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
