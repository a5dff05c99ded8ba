import type { Filter } from 'mongodb';
import type { AuditFilter } from '../../domain/audit.js';
import type { TenantId } from '../../domain/common.js';
import type { StoredDocument } from './codec.js';
import { conditions, within } from './queries.js';

/* The audit log's filter, pure like those in queries.ts. */

export const auditListFilter = (
  tenantId: TenantId,
  { action, actorId, targetId, from, to }: AuditFilter,
): Filter<StoredDocument> =>
  conditions({
    tenantId,
    action,
    'actor.userId': actorId,
    'target.id': targetId,
    at: within(from, to),
  });
