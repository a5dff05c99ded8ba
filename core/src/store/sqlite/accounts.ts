import type { Page, PageRequest, TenantId, UserId } from '../../domain/common.js';
import { nowIso } from '../../domain/common.js';
import type { NewTenant, Tenant, TenantPatch, TenantUsage } from '../../domain/tenant.js';
import type { NewUser, UserPatch } from '../../domain/user.js';
import { EmailSchema, UserPatchSchema } from '../../domain/user.js';
import { ConflictError } from '../../errors.js';
import { newTenant, newUser, patchedTenant } from '../factories.js';
import type { TenantRepository, UserRepository } from '../port.js';
import { definedOnly } from '../patch.js';
import { monthStart } from '../time.js';
import { statement, type Row } from './table.js';
import type { Tables } from './tables.js';

export const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';

export function sqliteTenants({ tenants, integrations, users, records }: Tables): TenantRepository {
  const db = tenants.db;
  const byId = (tenantId: TenantId): Tenant | null => {
    const row = statement(db, `SELECT ${tenants.selectList} FROM tenants WHERE id = ?`).get(tenantId) as
      Row | undefined;
    return row ? tenants.fromRow(row) : null;
  };
  return {
    async create(input: NewTenant) {
      const tenant = newTenant(input);
      try {
        tenants.insert(tenant);
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError(`The tenant slug "${tenant.slug}" is taken.`, { slug: tenant.slug });
        throw error;
      }
      return tenant;
    },
    async get(tenantId) {
      return byId(tenantId);
    },
    async getBySlug(slug) {
      const row = statement(db, `SELECT ${tenants.selectList} FROM tenants WHERE slug = ?`).get(slug) as
        Row | undefined;
      return row ? tenants.fromRow(row) : null;
    },
    async list(page?: PageRequest): Promise<Page<Tenant>> {
      return tenants.page('1 = 1', {}, page);
    },
    async update(tenantId, patch: TenantPatch) {
      const current = byId(tenantId);
      if (!current) return null;
      const next = patchedTenant(current, patch);
      const row = tenants.toRow(next);
      statement(
        db,
        'UPDATE tenants SET name = @name, status = @status, limits = @limits, updated_at = @updated_at WHERE id = @id',
      ).run(row);
      return next;
    },
    async usage(tenantId, now = new Date()): Promise<TenantUsage> {
      return {
        integrations: integrations.count("tenant_id = @tenantId AND status <> 'archived'", { tenantId }),
        users: users.count("tenant_id = @tenantId AND status <> 'disabled'", { tenantId }),
        recordsThisMonth: records.count('tenant_id = @tenantId AND created_at >= @since', {
          tenantId,
          since: monthStart(now).toISOString(),
        }),
      };
    },
  };
}

export function sqliteUsers({ users }: Tables): UserRepository {
  return {
    async create(tenantId, input: NewUser) {
      const user = newUser(tenantId, input);
      try {
        users.insert(user);
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError(`A user with the email ${user.email} already exists.`, {
            email: user.email,
          });
        throw error;
      }
      return user;
    },
    async get(tenantId, userId: UserId) {
      return users.get(tenantId, userId);
    },
    async list(tenantId, page) {
      return users.page('tenant_id = @tenantId', { tenantId }, page);
    },
    async update(tenantId, userId, patch: UserPatch) {
      const parsed = UserPatchSchema.parse(patch);
      const changed = users.update(tenantId, userId, { ...definedOnly(parsed), updatedAt: nowIso() });
      return changed ? users.get(tenantId, userId) : null;
    },
    async count(tenantId) {
      return users.count("tenant_id = @tenantId AND status <> 'disabled'", { tenantId });
    },
    async findByEmailForLogin(email) {
      const row = statement(users.db, `SELECT ${users.selectList} FROM users WHERE email = ?`).get(
        EmailSchema.parse(email),
      ) as Row | undefined;
      return row ? users.fromRow(row) : null;
    },
  };
}
