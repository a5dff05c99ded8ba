import type { TenantSystem } from '../../domain/tenant-system.js';
import { newTenantSystem, nextTenantSystemVersion, type TenantSystemRepository } from '../tenant-systems.js';
import { statement } from './table.js';
import type { Tables } from './tables.js';

export function sqliteTenantSystems({ tenantSystems, tenantSystemVersions }: Tables): TenantSystemRepository {
  const db = tenantSystems.db;
  // Reading the current version and writing the next must not interleave with another save.
  const saveVersion = db.transaction(
    (
      tenantId: string,
      systemId: string,
      next: (current: TenantSystem) => ReturnType<typeof newTenantSystem>,
    ) => {
      const current = tenantSystems.get(tenantId, systemId);
      if (!current) return null;
      const { system, version } = next(current);
      tenantSystems.update(tenantId, systemId, system);
      tenantSystemVersions.insert(version);
      return system;
    },
  );
  const create = db.transaction((made: ReturnType<typeof newTenantSystem>) => {
    tenantSystems.insert(made.system);
    tenantSystemVersions.insert(made.version);
    return made.system;
  });
  const remove = db.transaction((tenantId: string, systemId: string) => {
    statement(db, 'DELETE FROM tenant_system_versions WHERE tenant_id = ? AND system_id = ?').run(
      tenantId,
      systemId,
    );
    return (
      statement(db, 'DELETE FROM tenant_systems WHERE tenant_id = ? AND id = ?').run(tenantId, systemId)
        .changes > 0
    );
  });
  return {
    async create(tenantId, input, savedBy) {
      return create(newTenantSystem(tenantId, input, savedBy));
    },
    async saveVersion(tenantId, systemId, input, savedBy) {
      return saveVersion(tenantId, systemId, (current) => nextTenantSystemVersion(current, input, savedBy));
    },
    async get(tenantId, systemId) {
      return tenantSystems.get(tenantId, systemId);
    },
    async list(tenantId, page) {
      return tenantSystems.page('tenant_id = @tenantId', { tenantId }, page);
    },
    async versions(tenantId, systemId, page) {
      return tenantSystemVersions.page(
        'tenant_id = @tenantId AND system_id = @systemId',
        { tenantId, systemId },
        page,
      );
    },
    async delete(tenantId, systemId) {
      return remove(tenantId, systemId);
    },
  };
}
