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
];
