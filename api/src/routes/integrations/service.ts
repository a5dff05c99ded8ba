import { z } from 'zod';
import {
  ValidationError,
  type Author,
  type Integration,
  type IntegrationPatch,
  type Plan,
  type RunSummary,
  type WaitingRecords,
} from '@isync/core';
import { auditTrail, type AuditContext } from '../../audit.js';
import type { ApiDependencies } from '../../deps.js';
import { ApiError, notFound } from '../../http/errors.js';
import { integrationView } from '../../views.js';
import { publishing, type ActiveScopes } from './publishing.js';
import { checkSchedule } from './schedule.js';

export const tags = ['Integrations'];

export const Problem = z.object({
  nodeId: z.string().nullable(),
  field: z.string().nullable(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  edgeIds: z.array(z.string()).optional(),
});

export const FlowChangeView = z.object({
  kind: z.enum(['node-added', 'node-removed', 'node-changed', 'edge-added', 'edge-removed']),
  nodeId: z.string().nullable(),
  label: z.string(),
  fields: z.array(z.string()),
  summary: z.string(),
});

export const validTimezone = (timezone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
};

export const Health = z.object({
  /** `in-sync`: nothing waits; `retrying`: iSync tries records again by itself; `attention`: a person must act. */
  state: z.enum(['in-sync', 'retrying', 'attention']),
  waitingForRetry: z.number().int().min(0),
  needAttention: z.number().int().min(0),
});

/** An integration's health, from its failed records: those iSync retries, and those that need a person. */
export const healthOf = (waiting: { retry: number; attention: number }): z.infer<typeof Health> => ({
  state: waiting.attention > 0 ? 'attention' : waiting.retry > 0 ? 'retrying' : 'in-sync',
  waitingForRetry: waiting.retry,
  needAttention: waiting.attention,
});

/** Someone saved the draft since the client loaded it: saving over it would lose their change. */
function draftConflict(stored: Integration): ApiError {
  const who = stored.draftSavedBy?.name ?? 'Someone';
  return new ApiError(
    'draft_conflict',
    `${who} saved a newer draft (revision ${stored.draftRevision}) at ${stored.draftSavedAt ?? 'an unknown time'}; reload to see it before saving.`,
    409,
    { revision: stored.draftRevision, savedBy: stored.draftSavedBy, savedAt: stored.draftSavedAt },
  );
}

/** Who is acting, as drafts and versions record them. */
export const authorOf = (who: { userId: string | null; name: string | null; email: string | null }) =>
  who.userId ? { id: who.userId, name: who.name ?? who.email ?? 'a user' } : null;

interface PageContext {
  active: ActiveScopes;
  lastRuns: Map<string, RunSummary>;
  waiting: Map<string, WaitingRecords>;
  /** The items' live versions (never published: absent), for their drafts. */
  live: Map<string, Plan>;
  nextRuns: Map<string, Date>;
}

/** What the integration routes share: the store, the scheduler, the audit trail and the lifecycle steps. */
export type IntegrationService = ReturnType<typeof integrationService>;

export function integrationService(deps: ApiDependencies) {
  const { store, scheduler } = deps;
  const audit = auditTrail(deps);
  /** Records a saved wizard step or canvas save. */
  const audited = (
    c: AuditContext,
    saved: Integration,
    step: string,
    details: Record<string, unknown> = {},
  ) =>
    audit(c, {
      action: 'integration.updated',
      target: { type: 'integration', id: saved.id },
      summary: `Updated integration "${saved.title}": ${step}`,
      details: { step, ...details },
    });

  const load = async (tenantId: string, id: string): Promise<Integration> => {
    const integration = await store.integrations.get(tenantId, id);
    if (!integration || integration.status === 'archived') throw notFound('Integration', id);
    return integration;
  };
  /**
   * Saves a change. A change to the flow is a change to the draft: it takes the next draft revision (and,
   * with `expectedRevision`, is refused with 409 when someone saved a newer draft) and never changes what
   * runs; only publishing does.
   */
  const save = async (
    integration: Integration,
    patch: IntegrationPatch,
    by: Author | null = null,
    expectedRevision?: number,
  ): Promise<Integration> => {
    let updated: Integration | null;
    if (patch.flow !== undefined) {
      const result = await store.integrations.saveDraft(integration.tenantId, integration.id, patch, {
        savedBy: by,
        expectedRevision,
      });
      if (result && 'conflict' in result) throw draftConflict(result.conflict);
      updated = result?.saved ?? null;
    } else {
      updated = await store.integrations.update(integration.tenantId, integration.id, patch);
    }
    if (!updated) throw notFound('Integration', integration.id);
    // Whatever changed (status, schedule, plan), the scheduler follows.
    if (patch.status !== undefined || patch.schedule !== undefined || patch.planVersion !== undefined) {
      await scheduler.sync(integration.tenantId, integration.id);
    }
    return updated;
  };
  const versions = publishing(
    deps,
    (integration, patch, by) => save(integration, patch, by),
    (integration, planVersion) => save(integration, { planVersion }),
  );
  /** The integration as lists and pages show it: with its last and next run, its draft and its overlaps. */
  /** What a page of integrations reads once for all its items (one query each). */
  const pageContext = async (
    tenantId: string,
    integrations: readonly Integration[],
  ): Promise<PageContext> => {
    const ids = integrations.map((integration) => integration.id);
    const [active, lastRuns, waiting, live, nextRuns] = await Promise.all([
      versions.activeScopes(tenantId),
      store.runs.latestOf(tenantId, ids),
      store.records.waitingOf(tenantId, ids),
      versions.liveVersions(tenantId, integrations),
      scheduler.nextRunsAt(tenantId, ids),
    ]);
    return { active, lastRuns, waiting, live, nextRuns };
  };
  const summary = async (integration: Integration, page?: PageContext) => {
    const context = page ?? (await pageContext(integration.tenantId, [integration]));
    const next = context.nextRuns.get(integration.id);
    const draft = versions.draftAgainst(integration, context.live.get(integration.id) ?? null);
    const scopes = context.active;
    const waiting = context.waiting.get(integration.id) ?? { retry: 0, attention: 0 };
    return {
      ...integrationView(integration),
      lastRun: context.lastRuns.get(integration.id) ?? null,
      nextRunAt: next?.toISOString() ?? null,
      draft,
      overlaps: versions.overlapsOf(integration, integration.flow, scopes),
      health: healthOf(waiting),
    };
  };
  const connectionOf = async (tenantId: string, id: string) => {
    const connection = await store.connections.get(tenantId, id);
    if (!connection)
      throw new ValidationError(`The connection ${id} does not exist in this tenant.`, { connectionId: id });
    return connection;
  };
  const tenantOf = async (tenantId: string) => (await store.tenants.get(tenantId))!;

  /**
   * Starts the schedule on the live version. An integration never published publishes its draft first; one
   * that overlaps another active integration needs `confirmOverlap`.
   */
  const activate = async (
    integration: Integration,
    by: Author | null,
    options: { confirmOverlap?: boolean | undefined } = {},
  ) => {
    const tenant = await tenantOf(integration.tenantId);
    checkSchedule(integration.schedule, tenant, integration.settings.timezone);
    let live = integration;
    if (integration.planVersion === null) live = await versions.publish(integration, by, options);
    else {
      const plan = await versions.liveVersion(integration);
      await versions.guardOverlap(integration, plan?.flow ?? integration.flow, options.confirmOverlap);
    }
    return save(live, { status: 'active' });
  };

  return {
    deps,
    store,
    scheduler,
    audit,
    audited,
    load,
    save,
    summary,
    pageContext,
    connectionOf,
    tenantOf,
    activate,
    versions,
  };
}
