import type { ApiToken, NewApiToken } from '../domain/access.js';
import type { AuditEntry, NewAuditEntry } from '../domain/audit.js';
import { NewAuditEntrySchema } from '../domain/audit.js';
import { NewApiTokenSchema } from '../domain/access.js';
import type { TenantId } from '../domain/common.js';
import { nowIso } from '../domain/common.js';
import type { Connection, NewConnection } from '../domain/connection.js';
import { NewConnectionSchema } from '../domain/connection.js';
import type { ExceptionLog, NewException } from '../domain/exception.js';
import { exceptionCause, NewExceptionSchema } from '../domain/exception.js';
import { emptyFlow } from '../domain/flow.js';
import type { Integration, NewIntegration } from '../domain/integration.js';
import { defaultSchedule, defaultSettings, NewIntegrationSchema } from '../domain/integration.js';
import type { NewPlan, Plan } from '../domain/plan.js';
import { NewPlanSchema } from '../domain/plan.js';
import type { NewQueuedRun, NewRun, Run, SkippedTick } from '../domain/run.js';
import { emptyRunCounts, NewQueuedRunSchema, NewRunSchema } from '../domain/run.js';
import type { NewTenant, Tenant, TenantPatch } from '../domain/tenant.js';
import { NewTenantSchema, TenantLimitsSchema, TenantPatchSchema } from '../domain/tenant.js';
import type { NewUser, User } from '../domain/user.js';
import { NewUserSchema } from '../domain/user.js';
import { newId } from '../ids.js';
import { definedOnly } from './patch.js';

/*
 * How a new entity looks before it is stored: validation of the input and defaults, written once for
 * every adapter. Adapters only persist what these return.
 */

export function newTenant(input: NewTenant): Tenant {
  const parsed = NewTenantSchema.parse(input);
  const at = nowIso();
  return {
    id: newId(),
    name: parsed.name,
    slug: parsed.slug,
    status: 'active',
    limits: TenantLimitsSchema.parse(parsed.limits),
    createdAt: at,
    updatedAt: at,
  };
}

export function patchedTenant(current: Tenant, patch: TenantPatch): Tenant {
  const parsed = TenantPatchSchema.parse(patch);
  return {
    ...current,
    ...(parsed.name !== undefined && { name: parsed.name }),
    ...(parsed.status !== undefined && { status: parsed.status }),
    limits: { ...current.limits, ...definedOnly(parsed.limits ?? {}) },
    updatedAt: nowIso(),
  };
}

export function newUser(tenantId: TenantId, input: NewUser): User {
  const at = nowIso();
  return {
    id: newId(),
    tenantId,
    ...NewUserSchema.parse(input),
    lastLoginAt: null,
    createdAt: at,
    updatedAt: at,
  };
}

export function newConnection(tenantId: TenantId, input: NewConnection): Connection {
  const at = nowIso();
  return { id: newId(), tenantId, ...NewConnectionSchema.parse(input), createdAt: at, updatedAt: at };
}

export function newIntegration(tenantId: TenantId, input: NewIntegration): Integration {
  const parsed = NewIntegrationSchema.parse(input);
  const at = nowIso();
  return {
    id: newId(),
    tenantId,
    title: parsed.title,
    description: parsed.description,
    status: 'draft',
    statusReason: null,
    wizard: { details: true, source: false, destination: false, mappings: false, settings: false },
    sourceConnectionId: null,
    destinationConnectionId: null,
    flow: emptyFlow(),
    schedule: defaultSchedule(),
    settings: defaultSettings(),
    planVersion: null,
    draftRevision: 0,
    draftSavedBy: null,
    draftSavedAt: null,
    cursor: null,
    reverseCursor: null,
    templateId: parsed.templateId,
    createdBy: parsed.createdBy,
    createdAt: at,
    updatedAt: at,
  };
}

/** A plan without its version: the store assigns the next one inside its save. */
export function newPlan(tenantId: TenantId, integrationId: string, input: NewPlan): Omit<Plan, 'version'> {
  return { id: newId(), tenantId, integrationId, ...NewPlanSchema.parse(input), createdAt: nowIso() };
}

export function newRun(tenantId: TenantId, input: NewRun, at: Date): Run {
  const parsed = NewRunSchema.parse(input);
  return {
    id: newId(),
    tenantId,
    ...parsed,
    status: 'running',
    startedAt: at.toISOString(),
    finishedAt: null,
    counts: emptyRunCounts(),
    cursorAfter: null,
    nodeTraces: [],
    error: null,
  };
}

/** A run asked for now, waiting for its turn; it takes its plan version and cursor when it starts. */
export function newQueuedRun(tenantId: TenantId, input: NewQueuedRun, at: Date): Run {
  const parsed = NewQueuedRunSchema.parse(input);
  return { ...newRun(tenantId, { ...parsed, cursorBefore: null }, at), status: 'queued' };
}

/** A scheduled tick that could not start: a finished run of nothing, saying why. */
export function newSkippedRun(tenantId: TenantId, tick: SkippedTick, at: Date): Run {
  const { reason, executorId = null, ...input } = tick;
  return {
    ...newRun(tenantId, { ...input, executorId, trigger: 'schedule', cursorBefore: null }, at),
    status: 'skipped',
    finishedAt: at.toISOString(),
    error: reason,
  };
}

export function newException(tenantId: TenantId, input: NewException): ExceptionLog {
  const { at = nowIso(), ...parsed } = NewExceptionSchema.parse(input);
  return {
    id: newId(),
    tenantId,
    ...parsed,
    at,
    cause: exceptionCause(parsed.message),
    occurrences: 1,
    lastSeenAt: at,
    resolvedAt: null,
    resolvedBy: null,
    resolvedByRunId: null,
  };
}

export function newApiToken(tenantId: TenantId, input: NewApiToken): ApiToken {
  return {
    id: newId(),
    tenantId,
    ...NewApiTokenSchema.parse(input),
    createdAt: nowIso(),
    lastUsedAt: null,
    revokedAt: null,
  };
}

export function newAuditEntry(tenantId: TenantId, input: NewAuditEntry): AuditEntry {
  const { at, ...parsed } = NewAuditEntrySchema.parse(input);
  return { id: newId(), tenantId, at: at ?? nowIso(), ...parsed };
}
