import { newAuditEntry } from '../factories.js';
import type { AuditRepository } from '../port.js';
import type { Tables } from './tables.js';

/** The audit log: one row per change; the actor and target filters use the expression indexes on them. */
export function sqliteAudit({ audit }: Tables): AuditRepository {
  return {
    async record(tenantId, input) {
      const entry = newAuditEntry(tenantId, input);
      audit.insert(entry);
      return entry;
    },
    async list(tenantId, filter = {}, page) {
      const where = ['tenant_id = @tenantId'];
      if (filter.action) where.push('action = @action');
      if (filter.actorId) where.push(`json_extract(actor, '$.userId') = @actorId`);
      if (filter.targetId) where.push(`json_extract(target, '$.id') = @targetId`);
      if (filter.from) where.push('at >= @from');
      if (filter.to) where.push('at < @to');
      return audit.page(where.join(' AND '), { tenantId, ...filter }, page);
    },
  };
}
