import { z } from 'zod';
import {
  ValidationError,
  type Integration,
  type IntegrationPatch,
  type Schedule,
  type Tenant,
} from '@isync/core';
import { auditTrail, type AuditContext } from '../../audit.js';
import type { ApiDependencies } from '../../deps.js';
import { ApiError, notFound } from '../../http/errors.js';
import { integrationView } from '../../views.js';
import { compileIntegration } from '../../wizard/compile.js';

export const tags = ['Integrations'];

export const Problem = z.object({
  nodeId: z.string().nullable(),
  field: z.string().nullable(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});

export const validTimezone = (timezone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
};

export function checkSchedule(schedule: Schedule, tenant: Tenant): void {
  if (schedule.kind === 'interval' && schedule.everySeconds < tenant.limits.minScheduleSeconds) {
    throw new ApiError(
      'limit_exceeded',
      `Runs can be at most every ${tenant.limits.minScheduleSeconds} s for ${tenant.name} (minScheduleSeconds).`,
      403,
      { limit: 'minScheduleSeconds', max: tenant.limits.minScheduleSeconds },
    );
  }
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
  const save = async (integration: Integration, patch: IntegrationPatch) => {
    const updated = await store.integrations.update(integration.tenantId, integration.id, patch);
    // Whatever changed (status, schedule, plan), the scheduler follows.
    if (patch.status !== undefined || patch.schedule !== undefined || patch.planVersion !== undefined) {
      await scheduler.sync(integration.tenantId, integration.id);
    }
    return updated!;
  };
  const summary = async (integration: Integration) => {
    const lastRun = await store.runs.latest(integration.tenantId, integration.id);
    const next = await scheduler.nextRunAt(integration.tenantId, integration.id);
    return {
      ...integrationView(integration),
      lastRun,
      nextRunAt: next?.toISOString() ?? null,
    };
  };
  const connectionOf = async (tenantId: string, id: string) => {
    const connection = await store.connections.get(tenantId, id);
    if (!connection)
      throw new ValidationError(`The connection ${id} does not exist in this tenant.`, { connectionId: id });
    return connection;
  };
  const tenantOf = async (tenantId: string) => (await store.tenants.get(tenantId))!;

  /** Compiles, and when there is no error stores the next plan version and runs it on schedule. */
  const activate = async (integration: Integration, createdBy: string | null) => {
    const tenant = await tenantOf(integration.tenantId);
    checkSchedule(integration.schedule, tenant);
    const result = await compileIntegration(deps, integration);
    if (!result.plan) {
      throw new ApiError('flow_invalid', 'The flow has problems; fix them and activate again.', 422, {
        problems: result.problems,
      });
    }
    const plan = await store.plans.save(integration.tenantId, integration.id, { ...result.plan, createdBy });
    return save(integration, { status: 'active', planVersion: plan.version });
  };

  return { deps, store, scheduler, audit, audited, load, save, summary, connectionOf, tenantOf, activate };
}
