import { newTenantSystem, nextTenantSystemVersion, type TenantSystemRepository } from '../tenant-systems.js';
import type { Collections } from './collections.js';
import { byIdFilter, setFieldsUpdate, tenantScope } from './queries.js';
import { inTransaction } from './transactions.js';

export function mongoTenantSystems({
  client,
  tenantSystems,
  tenantSystemVersions,
}: Collections): TenantSystemRepository {
  return {
    create(tenantId, input, savedBy) {
      const { system, version } = newTenantSystem(tenantId, input, savedBy);
      return inTransaction(client, async (session) => {
        await tenantSystems.insert(system, session);
        await tenantSystemVersions.insert(version, session);
        return system;
      });
    },
    saveVersion(tenantId, systemId, input, savedBy) {
      // The unique (tenantId, systemId, version) index refuses a version two saves took at once; the
      // transaction reads and writes as one, so the driver retries the loser on the write conflict.
      return inTransaction(client, async (session) => {
        const current = await tenantSystems.get(tenantId, systemId, session);
        if (!current) return null;
        const { system, version } = nextTenantSystemVersion(current, input, savedBy);
        await tenantSystems.collection.updateOne(
          byIdFilter(tenantId, systemId),
          setFieldsUpdate(tenantSystems.codec.toFields(system)),
          { session },
        );
        await tenantSystemVersions.insert(version, session);
        return system;
      });
    },
    get(tenantId, systemId) {
      return tenantSystems.get(tenantId, systemId);
    },
    list(tenantId, page) {
      return tenantSystems.page(tenantScope(tenantId), page);
    },
    versions(tenantId, systemId, page) {
      return tenantSystemVersions.page({ ...tenantScope(tenantId), systemId }, page);
    },
    delete(tenantId, systemId) {
      return inTransaction(client, async (session) => {
        await tenantSystemVersions.collection.deleteMany({ ...tenantScope(tenantId), systemId }, { session });
        const { deletedCount } = await tenantSystems.collection.deleteOne(byIdFilter(tenantId, systemId), {
          session,
        });
        return deletedCount > 0;
      });
    },
  };
}
