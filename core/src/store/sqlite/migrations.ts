/**
 * Versioned schema migrations, applied in order at open; `PRAGMA user_version` holds the last applied one.
 * Never edit a released migration: add the next one.
 */
export const MIGRATIONS: readonly { version: number; description: string; sql: string }[] = [
  {
    version: 1,
    description: 'tenants, users, connections, integrations, plans, records, events, runs, exceptions',
    sql: `
      CREATE TABLE tenants (
        id TEXT PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        status TEXT NOT NULL,
        limits TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        email TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        status TEXT NOT NULL,
        password_hash TEXT,
        last_login_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX users_by_tenant ON users (tenant_id, id);

      CREATE TABLE connections (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        system TEXT NOT NULL,
        name TEXT NOT NULL,
        base_url TEXT NOT NULL,
        auth_kind TEXT NOT NULL,
        options TEXT NOT NULL,
        secret TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX connections_by_tenant ON connections (tenant_id, id);

      CREATE TABLE integrations (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        status TEXT NOT NULL,
        wizard TEXT NOT NULL,
        source_connection_id TEXT,
        destination_connection_id TEXT,
        flow TEXT NOT NULL,
        schedule TEXT NOT NULL,
        settings TEXT NOT NULL,
        plan_version INTEGER,
        cursor TEXT,
        template_id TEXT,
        created_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX integrations_by_tenant ON integrations (tenant_id, id);
      CREATE INDEX integrations_by_tenant_status ON integrations (tenant_id, status, id);

      CREATE TABLE plans (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        integration_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        hash TEXT NOT NULL,
        stages TEXT NOT NULL,
        created_by TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (tenant_id, integration_id, version)
      );

      CREATE TABLE records (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        integration_id TEXT NOT NULL,
        source_id TEXT NOT NULL,
        source_hash TEXT NOT NULL,
        source_data TEXT NOT NULL,
        source_status TEXT,
        destination_id TEXT,
        destination_number TEXT,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        next_attempt_at TEXT,
        last_error TEXT,
        push_intent_at TEXT,
        last_run_id TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        pushed_at TEXT,
        UNIQUE (tenant_id, integration_id, source_id)
      );
      CREATE INDEX records_for_push ON records (tenant_id, integration_id, status, id);
      CREATE INDEX records_by_tenant_status ON records (tenant_id, status, id);
      CREATE INDEX records_by_destination_number ON records (tenant_id, destination_number);
      CREATE INDEX records_by_destination_id ON records (tenant_id, destination_id);
      CREATE INDEX records_by_created ON records (tenant_id, created_at);

      CREATE TABLE record_events (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        integration_id TEXT NOT NULL,
        record_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        from_value TEXT,
        to_value TEXT NOT NULL,
        run_id TEXT,
        detail TEXT NOT NULL
      );
      CREATE INDEX record_events_timeline ON record_events (tenant_id, record_id, at, id);
      CREATE INDEX record_events_by_day ON record_events (tenant_id, at);
      CREATE INDEX record_events_by_run ON record_events (tenant_id, run_id, to_value);

      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        integration_id TEXT NOT NULL,
        plan_version INTEGER NOT NULL,
        trigger TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        counts TEXT NOT NULL,
        cursor_before TEXT,
        cursor_after TEXT,
        node_traces TEXT NOT NULL,
        error TEXT,
        executor_id TEXT
      );
      CREATE INDEX runs_by_tenant ON runs (tenant_id, id);
      CREATE INDEX runs_by_integration ON runs (tenant_id, integration_id, id);
      CREATE INDEX runs_by_status ON runs (tenant_id, integration_id, status);
      CREATE INDEX runs_by_start ON runs (tenant_id, started_at);

      CREATE TABLE exceptions (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        integration_id TEXT NOT NULL,
        run_id TEXT,
        phase TEXT NOT NULL,
        kind TEXT NOT NULL,
        message TEXT NOT NULL,
        http_status INTEGER,
        response_snippet TEXT,
        node_id TEXT,
        record_id TEXT,
        at TEXT NOT NULL,
        resolved_at TEXT,
        resolved_by TEXT
      );
      CREATE INDEX exceptions_by_tenant ON exceptions (tenant_id, id);
      CREATE INDEX exceptions_by_integration ON exceptions (tenant_id, integration_id, id);
      CREATE INDEX exceptions_by_time ON exceptions (tenant_id, at);
    `,
  },
  {
    version: 2,
    description: 'sessions and API tokens',
    sql: `
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        acting_tenant_id TEXT NOT NULL,
        csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_by_user ON sessions (tenant_id, user_id);

      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        expires_at TEXT,
        revoked_at TEXT
      );
      CREATE INDEX api_tokens_by_user ON api_tokens (tenant_id, user_id, id);
    `,
  },
  {
    version: 3,
    description:
      'hourly insights rollups of runs and exceptions, filled from the runs and exceptions stored so far',
    sql: `
      CREATE TABLE run_rollups (
        tenant_id TEXT NOT NULL,
        integration_id TEXT NOT NULL,
        hour TEXT NOT NULL,
        pulled INTEGER NOT NULL DEFAULT 0,
        new_records INTEGER NOT NULL DEFAULT 0,
        changed INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        created INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        runs_succeeded INTEGER NOT NULL DEFAULT 0,
        runs_partial INTEGER NOT NULL DEFAULT 0,
        runs_failed INTEGER NOT NULL DEFAULT 0,
        run_ms_total INTEGER NOT NULL DEFAULT 0,
        run_ms_count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, integration_id, hour)
      ) WITHOUT ROWID;
      CREATE INDEX run_rollups_by_hour ON run_rollups (tenant_id, hour);

      CREATE TABLE exception_rollups (
        tenant_id TEXT NOT NULL,
        integration_id TEXT NOT NULL,
        hour TEXT NOT NULL,
        kind TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, integration_id, hour, kind)
      ) WITHOUT ROWID;
      CREATE INDEX exception_rollups_by_hour ON exception_rollups (tenant_id, hour);

      INSERT INTO run_rollups
      SELECT tenant_id, integration_id, strftime('%Y-%m-%dT%H:00:00.000Z', started_at) AS hour,
        SUM(json_extract(counts, '$.pulled')), SUM(json_extract(counts, '$.new')),
        SUM(json_extract(counts, '$.changed')), SUM(json_extract(counts, '$.unchanged')),
        SUM(json_extract(counts, '$.created')), SUM(json_extract(counts, '$.updated')),
        SUM(json_extract(counts, '$.skipped')), SUM(json_extract(counts, '$.failed')),
        SUM(status = 'succeeded'), SUM(status = 'partial'), SUM(status = 'failed'),
        SUM(MAX(0, CAST(ROUND((julianday(finished_at) - julianday(started_at)) * 86400000.0) AS INTEGER))),
        COUNT(*)
      FROM runs WHERE status <> 'running' AND finished_at IS NOT NULL
      GROUP BY tenant_id, integration_id, hour;

      INSERT INTO exception_rollups
      SELECT tenant_id, integration_id, strftime('%Y-%m-%dT%H:00:00.000Z', at) AS hour, kind, COUNT(*)
      FROM exceptions
      GROUP BY tenant_id, integration_id, hour, kind;
    `,
  },
  {
    version: 4,
    description: "the audit log: who changed what in a tenant's configuration",
    sql: `
      CREATE TABLE audit_entries (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        summary TEXT NOT NULL,
        details TEXT NOT NULL
      );
      CREATE INDEX audit_entries_by_tenant ON audit_entries (tenant_id, id);
      CREATE INDEX audit_entries_by_action ON audit_entries (tenant_id, action, id);
      CREATE INDEX audit_entries_by_actor ON audit_entries (tenant_id, json_extract(actor, '$.userId'), id);
      CREATE INDEX audit_entries_by_target ON audit_entries (tenant_id, json_extract(target, '$.id'), id);
    `,
  },
  {
    version: 5,
    description:
      'daily sums of the insights rollups, so a long range sums days, not hours, filled from the hourly rollups',
    sql: `
      CREATE TABLE run_rollups_daily (
        tenant_id TEXT NOT NULL,
        integration_id TEXT NOT NULL,
        day TEXT NOT NULL,
        pulled INTEGER NOT NULL DEFAULT 0,
        new_records INTEGER NOT NULL DEFAULT 0,
        changed INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        created INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        runs_succeeded INTEGER NOT NULL DEFAULT 0,
        runs_partial INTEGER NOT NULL DEFAULT 0,
        runs_failed INTEGER NOT NULL DEFAULT 0,
        run_ms_total INTEGER NOT NULL DEFAULT 0,
        run_ms_count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, integration_id, day)
      ) WITHOUT ROWID;
      CREATE INDEX run_rollups_daily_by_day ON run_rollups_daily (tenant_id, day);

      CREATE TABLE exception_rollups_daily (
        tenant_id TEXT NOT NULL,
        integration_id TEXT NOT NULL,
        day TEXT NOT NULL,
        kind TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, integration_id, day, kind)
      ) WITHOUT ROWID;
      CREATE INDEX exception_rollups_daily_by_day ON exception_rollups_daily (tenant_id, day);

      INSERT INTO run_rollups_daily
      SELECT tenant_id, integration_id, substr(hour, 1, 10) || 'T00:00:00.000Z' AS day,
        SUM(pulled), SUM(new_records), SUM(changed), SUM(unchanged), SUM(created), SUM(updated),
        SUM(skipped), SUM(failed), SUM(runs_succeeded), SUM(runs_partial), SUM(runs_failed),
        SUM(run_ms_total), SUM(run_ms_count)
      FROM run_rollups
      GROUP BY tenant_id, integration_id, day;

      INSERT INTO exception_rollups_daily
      SELECT tenant_id, integration_id, substr(hour, 1, 10) || 'T00:00:00.000Z' AS day, kind, SUM(count)
      FROM exception_rollups
      GROUP BY tenant_id, integration_id, day, kind;
    `,
  },
  {
    version: 6,
    description: 'drafts and published versions: the draft revision and who saved it; a plan keeps its flow',
    sql: `
      ALTER TABLE integrations ADD COLUMN draft_revision INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE integrations ADD COLUMN draft_saved_by TEXT;
      ALTER TABLE integrations ADD COLUMN draft_saved_at TEXT;
      ALTER TABLE plans ADD COLUMN flow TEXT NOT NULL DEFAULT 'null';
      ALTER TABLE plans ADD COLUMN rolled_back_from INTEGER;
    `,
  },
  {
    version: 7,
    description: 'why an integration is in error (it cannot be scheduled or run)',
    sql: `ALTER TABLE integrations ADD COLUMN status_reason TEXT;`,
  },
  {
    version: 8,
    description: "API token scopes (read, operate, edit, admin); tokens made before keep their role's reach",
    sql: `ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT '["read","operate","edit","admin"]';`,
  },
  {
    version: 9,
    description:
      'exceptions as an inbox: one open row per record and cause, counting occurrences; resolved by the run its record went through in',
    sql: `
      ALTER TABLE exceptions ADD COLUMN cause TEXT NOT NULL DEFAULT '';
      ALTER TABLE exceptions ADD COLUMN occurrences INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE exceptions ADD COLUMN last_seen_at TEXT;
      ALTER TABLE exceptions ADD COLUMN resolved_by_run_id TEXT;
      UPDATE exceptions SET cause = message, last_seen_at = at;
      CREATE INDEX exceptions_open_by_record ON exceptions (tenant_id, record_id, resolved_at);
    `,
  },
  {
    version: 10,
    description:
      'tenant systems: connector definitions a tenant admin saved in the connector builder, with every version',
    sql: `
      CREATE TABLE tenant_systems (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        name TEXT NOT NULL,
        label TEXT NOT NULL,
        definition TEXT NOT NULL,
        version INTEGER NOT NULL,
        updated_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX tenant_systems_by_tenant ON tenant_systems (tenant_id, id);

      CREATE TABLE tenant_system_versions (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        system_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        name TEXT NOT NULL,
        label TEXT NOT NULL,
        definition TEXT NOT NULL,
        saved_by TEXT,
        saved_at TEXT NOT NULL,
        UNIQUE (tenant_id, system_id, version)
      );
      CREATE INDEX tenant_system_versions_by_system ON tenant_system_versions (tenant_id, system_id, id);
    `,
  },
  {
    version: 11,
    description:
      'two-way sync: the ledger of a linked pair (the other side as pulled, baselines, intents, held conflicts)',
    sql: `
      ALTER TABLE records ADD COLUMN pair TEXT;
      ALTER TABLE integrations ADD COLUMN reverse_cursor TEXT;
    `,
  },
];
