import { newAuditEntry } from '../factories.js';
import type { AuditRepository } from '../port.js';
import { auditListFilter } from './audit-queries.js';
import type { Collections } from './collections.js';

export function mongoAudit({ audit }: Collections): AuditRepository {
  return {
    async record(tenantId, input) {
      const entry = newAuditEntry(tenantId, input);
      await audit.insert(entry);
      return entry;
    },
    list: (tenantId, filter = {}, page) => audit.page(auditListFilter(tenantId, filter), page),
  };
}
