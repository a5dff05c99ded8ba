import type { AuditAction, AuditActor, AuditEntry, Logger } from '@isync/core';
import { redactObject } from '@isync/core';
import type { Principal } from './context.js';
import type { ApiDependencies } from './deps.js';

/** What a route says about the change it just made; who made it comes from the request. */
export interface AuditChange {
  action: AuditAction;
  target: AuditEntry['target'];
  /** Plain words, e.g. `Activated integration "PlanGrid → Nuvolo"`. */
  summary: string;
  /** What changed; credential-named fields are redacted again here, whatever the route passed. */
  details?: Record<string, unknown>;
  /** The tenant whose log gets the entry when it is not the one acted for (a platform admin's tenant changes). */
  tenantId?: string;
}

export interface AuditContext {
  get(key: 'principal'): Principal | null;
  var: { logger: Logger };
}

const ACTOR_KINDS = { session: 'user', token: 'api-token', embed: 'embed' } as const;

export const actorOf = (who: Principal | null): AuditActor =>
  who
    ? { kind: ACTOR_KINDS[who.via], userId: who.userId, email: who.email }
    : { kind: 'system', userId: null, email: null };

/** The names of the fields a patch sets (undefined ones are not set). */
export const changedFields = (patch: object): string[] =>
  Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);

/**
 * The audit trail of the API's routes: `audit(c, change)` after a successful change records who made it, in
 * the tenant acted for. A failure to record is logged, not answered: the change itself is already made.
 */
export function auditTrail({ store }: Pick<ApiDependencies, 'store'>) {
  return async (c: AuditContext, change: AuditChange): Promise<void> => {
    const who = c.get('principal');
    const tenantId = change.tenantId ?? who?.actingTenantId;
    if (!tenantId) return;
    try {
      await store.audit.record(tenantId, {
        actor: actorOf(who),
        action: change.action,
        target: change.target,
        summary: change.summary.slice(0, 500),
        details: redactObject(change.details ?? {}) as Record<string, unknown>,
      });
    } catch (error) {
      c.var.logger.error({ err: error, action: change.action, tenantId }, 'audit entry not recorded');
    }
  };
}

export type Audit = ReturnType<typeof auditTrail>;
