import type { Database } from 'better-sqlite3';
import type { ApiToken, Session } from '../../domain/access.js';
import type { AuditEntry } from '../../domain/audit.js';
import type { Connection } from '../../domain/connection.js';
import type { ExceptionLog } from '../../domain/exception.js';
import type { Integration } from '../../domain/integration.js';
import type { Plan } from '../../domain/plan.js';
import type { RecordEvent, SyncRecord } from '../../domain/record.js';
import { completeRunCounts, type Run, type RunCounts, type RunSummary } from '../../domain/run.js';
import type { Tenant } from '../../domain/tenant.js';
import type { TenantSystem, TenantSystemVersion } from '../../domain/tenant-system.js';
import type { User } from '../../domain/user.js';
import { Table, type ColumnMap } from './table.js';

const col = (column: string) => ({ column });
const json = (column: string) => ({ column, json: true });
const common = { id: col('id'), tenantId: col('tenant_id') } as const;

const runSummaryColumns: ColumnMap<RunSummary> = {
  ...common,
  integrationId: col('integration_id'),
  planVersion: col('plan_version'),
  trigger: col('trigger'),
  status: col('status'),
  startedAt: col('started_at'),
  finishedAt: col('finished_at'),
  counts: { ...json('counts'), read: (stored) => completeRunCounts(stored as Partial<RunCounts>) },
  cursorBefore: col('cursor_before'),
  cursorAfter: col('cursor_after'),
  error: col('error'),
  executorId: col('executor_id'),
};

/** The row mapping of every table, in one place. */
export function defineTables(db: Database) {
  return {
    tenants: new Table<Tenant>(db, 'tenants', {
      id: col('id'),
      slug: col('slug'),
      name: col('name'),
      status: col('status'),
      limits: json('limits'),
      createdAt: col('created_at'),
      updatedAt: col('updated_at'),
    }),
    users: new Table<User>(db, 'users', {
      ...common,
      email: col('email'),
      name: col('name'),
      role: col('role'),
      status: col('status'),
      passwordHash: col('password_hash'),
      lastLoginAt: col('last_login_at'),
      createdAt: col('created_at'),
      updatedAt: col('updated_at'),
    }),
    connections: new Table<Connection>(db, 'connections', {
      ...common,
      system: col('system'),
      name: col('name'),
      baseUrl: col('base_url'),
      authKind: col('auth_kind'),
      options: json('options'),
      secret: col('secret'),
      createdAt: col('created_at'),
      updatedAt: col('updated_at'),
    }),
    tenantSystems: new Table<TenantSystem>(db, 'tenant_systems', {
      ...common,
      name: col('name'),
      label: col('label'),
      definition: json('definition'),
      version: col('version'),
      updatedBy: json('updated_by'),
      createdAt: col('created_at'),
      updatedAt: col('updated_at'),
    }),
    tenantSystemVersions: new Table<TenantSystemVersion>(db, 'tenant_system_versions', {
      ...common,
      systemId: col('system_id'),
      version: col('version'),
      name: col('name'),
      label: col('label'),
      definition: json('definition'),
      savedBy: json('saved_by'),
      savedAt: col('saved_at'),
    }),
    integrations: new Table<Integration>(db, 'integrations', {
      ...common,
      title: col('title'),
      description: col('description'),
      status: col('status'),
      statusReason: col('status_reason'),
      wizard: json('wizard'),
      sourceConnectionId: col('source_connection_id'),
      destinationConnectionId: col('destination_connection_id'),
      flow: json('flow'),
      schedule: json('schedule'),
      settings: json('settings'),
      planVersion: col('plan_version'),
      draftRevision: col('draft_revision'),
      draftSavedBy: json('draft_saved_by'),
      draftSavedAt: col('draft_saved_at'),
      cursor: col('cursor'),
      reverseCursor: col('reverse_cursor'),
      templateId: col('template_id'),
      createdBy: col('created_by'),
      createdAt: col('created_at'),
      updatedAt: col('updated_at'),
    }),
    plans: new Table<Plan>(db, 'plans', {
      ...common,
      integrationId: col('integration_id'),
      version: col('version'),
      hash: col('hash'),
      stages: json('stages'),
      flow: json('flow'),
      rolledBackFrom: col('rolled_back_from'),
      createdBy: col('created_by'),
      createdAt: col('created_at'),
    }),
    records: new Table<SyncRecord>(db, 'records', {
      ...common,
      integrationId: col('integration_id'),
      sourceId: col('source_id'),
      sourceHash: col('source_hash'),
      sourceData: json('source_data'),
      sourceStatus: col('source_status'),
      destinationId: col('destination_id'),
      destinationNumber: col('destination_number'),
      status: col('status'),
      attempts: col('attempts'),
      nextAttemptAt: col('next_attempt_at'),
      lastError: col('last_error'),
      pushIntentAt: col('push_intent_at'),
      lastRunId: col('last_run_id'),
      createdAt: col('created_at'),
      updatedAt: col('updated_at'),
      pushedAt: col('pushed_at'),
      pair: json('pair'),
    }),
    recordEvents: new Table<RecordEvent>(db, 'record_events', {
      ...common,
      integrationId: col('integration_id'),
      recordId: col('record_id'),
      kind: col('kind'),
      at: col('at'),
      from: col('from_value'),
      to: col('to_value'),
      runId: col('run_id'),
      detail: json('detail'),
    }),
    runs: new Table<Run>(db, 'runs', { ...runSummaryColumns, nodeTraces: json('node_traces') }),
    /** Runs as lists read them: the node traces are neither selected nor parsed. */
    runSummaries: new Table<RunSummary>(db, 'runs', runSummaryColumns),
    exceptions: new Table<ExceptionLog>(db, 'exceptions', {
      ...common,
      integrationId: col('integration_id'),
      runId: col('run_id'),
      phase: col('phase'),
      kind: col('kind'),
      message: col('message'),
      httpStatus: col('http_status'),
      responseSnippet: col('response_snippet'),
      nodeId: col('node_id'),
      recordId: col('record_id'),
      at: col('at'),
      cause: col('cause'),
      occurrences: col('occurrences'),
      lastSeenAt: col('last_seen_at'),
      resolvedAt: col('resolved_at'),
      resolvedBy: col('resolved_by'),
      resolvedByRunId: col('resolved_by_run_id'),
    }),
    sessions: new Table<Session>(db, 'sessions', {
      ...common,
      userId: col('user_id'),
      actingTenantId: col('acting_tenant_id'),
      csrfToken: col('csrf_token'),
      createdAt: col('created_at'),
      lastSeenAt: col('last_seen_at'),
      expiresAt: col('expires_at'),
    }),
    apiTokens: new Table<ApiToken>(db, 'api_tokens', {
      ...common,
      userId: col('user_id'),
      name: col('name'),
      tokenHash: col('token_hash'),
      prefix: col('prefix'),
      scopes: json('scopes'),
      createdAt: col('created_at'),
      lastUsedAt: col('last_used_at'),
      expiresAt: col('expires_at'),
      revokedAt: col('revoked_at'),
    }),
    audit: new Table<AuditEntry>(db, 'audit_entries', {
      ...common,
      at: col('at'),
      actor: json('actor'),
      action: col('action'),
      target: json('target'),
      summary: col('summary'),
      details: json('details'),
    }),
  };
}

export type Tables = ReturnType<typeof defineTables>;
