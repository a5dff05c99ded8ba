import { nowIso } from '../../domain/common.js';
import { EmailSchema, UserPatchSchema } from '../../domain/user.js';
import { ConflictError } from '../../errors.js';
import { newTenant, newUser, patchedTenant } from '../factories.js';
import { definedOnly } from '../patch.js';
import type { TenantRepository, UserRepository } from '../port.js';
import { monthStart } from '../time.js';
import type { Collections } from './collections.js';
import {
  ALL_TENANTS,
  enabledUsersFilter,
  liveIntegrationsFilter,
  recordsFirstPulledSinceFilter,
  setFieldsUpdate,
  tenantByIdFilter,
  tenantBySlugFilter,
  tenantScope,
  userByEmailFilter,
} from './queries.js';
import { isDuplicateKey } from './transactions.js';

/** Runs an insert, turning a unique-key refusal into the ConflictError the port promises. */
async function insertUnique(insert: () => Promise<void>, conflict: () => ConflictError): Promise<void> {
  try {
    await insert();
  } catch (error) {
    if (isDuplicateKey(error)) throw conflict();
    throw error;
  }
}

export function mongoTenants({ tenants, integrations, users, records }: Collections): TenantRepository {
  return {
    async create(input) {
      const tenant = newTenant(input);
      await insertUnique(
        () => tenants.insert(tenant),
        () => new ConflictError(`The tenant slug "${tenant.slug}" is taken.`, { slug: tenant.slug }),
      );
      return tenant;
    },
    get(tenantId) {
      return tenants.findOne(tenantByIdFilter(tenantId));
    },
    getBySlug(slug) {
      return tenants.findOne(tenantBySlugFilter(slug));
    },
    list(page) {
      return tenants.page(ALL_TENANTS, page);
    },
    async update(tenantId, patch) {
      const current = await tenants.findOne(tenantByIdFilter(tenantId));
      if (!current) return null;
      const { name, status, limits, updatedAt, ...unchanged } = patchedTenant(current, patch);
      await tenants.collection.updateOne(
        tenantByIdFilter(tenantId),
        setFieldsUpdate(tenants.codec.toFields({ name, status, limits, updatedAt })),
      );
      return { ...unchanged, name, status, limits, updatedAt };
    },
    async usage(tenantId, now = new Date()) {
      const [liveIntegrations, enabledUsers, recordsThisMonth] = await Promise.all([
        integrations.count(liveIntegrationsFilter(tenantId)),
        users.count(enabledUsersFilter(tenantId)),
        records.count(recordsFirstPulledSinceFilter(tenantId, monthStart(now))),
      ]);
      return { integrations: liveIntegrations, users: enabledUsers, recordsThisMonth };
    },
  };
}

export function mongoUsers({ users }: Collections): UserRepository {
  return {
    async create(tenantId, input) {
      const user = newUser(tenantId, input);
      await insertUnique(
        () => users.insert(user),
        () => new ConflictError(`A user with the email ${user.email} already exists.`, { email: user.email }),
      );
      return user;
    },
    get(tenantId, userId) {
      return users.get(tenantId, userId);
    },
    list(tenantId, page) {
      return users.page(tenantScope(tenantId), page);
    },
    async update(tenantId, userId, patch) {
      const changes = definedOnly(UserPatchSchema.parse(patch));
      const changed = await users.update(tenantId, userId, { ...changes, updatedAt: nowIso() });
      return changed ? users.get(tenantId, userId) : null;
    },
    count(tenantId) {
      return users.count(enabledUsersFilter(tenantId));
    },
    findByEmailForLogin(email) {
      return users.findOne(userByEmailFilter(EmailSchema.parse(email)));
    },
  };
}
