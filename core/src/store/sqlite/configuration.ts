import { nowIso } from '../../domain/common.js';
import { ConnectionPatchSchema } from '../../domain/connection.js';
import { IntegrationPatchSchema, type IntegrationPatch } from '../../domain/integration.js';
import type { Plan } from '../../domain/plan.js';
import { newConnection, newIntegration, newPlan } from '../factories.js';
import type {
  ConnectionRepository,
  DraftSaveOptions,
  IntegrationRepository,
  PlanRepository,
} from '../port.js';
import { definedOnly } from '../patch.js';
import { statement, type Row } from './table.js';
import type { Tables } from './tables.js';

export function sqliteConnections({ connections }: Tables): ConnectionRepository {
  return {
    async create(tenantId, input) {
      const connection = newConnection(tenantId, input);
      connections.insert(connection);
      return connection;
    },
    async get(tenantId, connectionId) {
      return connections.get(tenantId, connectionId);
    },
    async list(tenantId, page) {
      return connections.page('tenant_id = @tenantId', { tenantId }, page);
    },
    async update(tenantId, connectionId, patch) {
      const changes = definedOnly(ConnectionPatchSchema.parse(patch));
      const changed = connections.update(tenantId, connectionId, { ...changes, updatedAt: nowIso() });
      return changed ? connections.get(tenantId, connectionId) : null;
    },
    async delete(tenantId, connectionId) {
      return (
        statement(connections.db, 'DELETE FROM connections WHERE tenant_id = ? AND id = ?').run(
          tenantId,
          connectionId,
        ).changes > 0
      );
    },
  };
}

export function sqliteIntegrations({ integrations }: Tables): IntegrationRepository {
  // Comparing the revision and writing the next one must not interleave with another save.
  const saveDraft = integrations.db.transaction(
    (tenantId: string, integrationId: string, patch: IntegrationPatch, options: DraftSaveOptions) => {
      const stored = integrations.get(tenantId, integrationId);
      if (!stored) return null;
      if (options.expectedRevision !== undefined && options.expectedRevision !== stored.draftRevision)
        return { conflict: stored };
      const at = nowIso();
      integrations.update(tenantId, integrationId, {
        ...definedOnly(IntegrationPatchSchema.parse(patch)),
        draftRevision: stored.draftRevision + 1,
        draftSavedBy: options.savedBy,
        draftSavedAt: at,
        updatedAt: at,
      });
      return { saved: integrations.get(tenantId, integrationId)! };
    },
  );
  return {
    async create(tenantId, input) {
      const integration = newIntegration(tenantId, input);
      integrations.insert(integration);
      return integration;
    },
    async get(tenantId, integrationId) {
      return integrations.get(tenantId, integrationId);
    },
    async list(tenantId, filter = {}, page) {
      const where = ['tenant_id = @tenantId'];
      if (filter.status) where.push('status = @status');
      else if (!filter.includeArchived) where.push("status <> 'archived'");
      return integrations.page(where.join(' AND '), { tenantId, status: filter.status }, page);
    },
    async update(tenantId, integrationId, patch) {
      const changes = definedOnly(IntegrationPatchSchema.parse(patch));
      const changed = integrations.update(tenantId, integrationId, { ...changes, updatedAt: nowIso() });
      return changed ? integrations.get(tenantId, integrationId) : null;
    },
    async saveDraft(tenantId, integrationId, patch, options) {
      return saveDraft.immediate(tenantId, integrationId, patch, options);
    },
    async count(tenantId) {
      return integrations.count("tenant_id = @tenantId AND status <> 'archived'", { tenantId });
    },
    async saveCursor(tenantId, integrationId, cursor, direction = 'forward') {
      return integrations.update(tenantId, integrationId, {
        [direction === 'forward' ? 'cursor' : 'reverseCursor']: cursor,
        updatedAt: nowIso(),
      });
    },
  };
}

export function sqlitePlans({ plans }: Tables): PlanRepository {
  const db = plans.db;
  const one = (sql: string, ...params: unknown[]): Plan | null => {
    const row = statement(db, `SELECT ${plans.selectList} FROM plans WHERE ${sql}`).get(...params) as
      Row | undefined;
    return row ? plans.fromRow(row) : null;
  };
  // Reading the last version and inserting the next one must not interleave with another save.
  const saveNext = db.transaction((plan: Omit<Plan, 'version'>) => {
    const { last } = statement(
      db,
      'SELECT COALESCE(MAX(version), 0) AS last FROM plans WHERE tenant_id = ? AND integration_id = ?',
    ).get(plan.tenantId, plan.integrationId) as { last: number };
    const stored: Plan = { ...plan, version: last + 1 };
    plans.insert(stored);
    return stored;
  });
  return {
    async save(tenantId, integrationId, input) {
      return saveNext.immediate(newPlan(tenantId, integrationId, input));
    },
    async get(tenantId, integrationId, version) {
      return one('tenant_id = ? AND integration_id = ? AND version = ?', tenantId, integrationId, version);
    },
    async getMany(tenantId, versions) {
      if (versions.length === 0) return [];
      const rows = statement(
        db,
        `SELECT ${plans.selectList} FROM plans WHERE tenant_id = ? AND (integration_id, version) IN
           (SELECT json_extract(value, '$.integrationId'), json_extract(value, '$.version') FROM json_each(?))`,
      ).all(tenantId, JSON.stringify(versions)) as Row[];
      return rows.map((row) => plans.fromRow(row));
    },
    async latest(tenantId, integrationId) {
      return one(
        'tenant_id = ? AND integration_id = ? ORDER BY version DESC LIMIT 1',
        tenantId,
        integrationId,
      );
    },
    async list(tenantId, integrationId, page) {
      return plans.page(
        'tenant_id = @tenantId AND integration_id = @integrationId',
        { tenantId, integrationId },
        page,
      );
    },
  };
}
