import { nowIso } from '../../domain/common.js';
import { ConnectionPatchSchema } from '../../domain/connection.js';
import { IntegrationPatchSchema } from '../../domain/integration.js';
import type { Plan } from '../../domain/plan.js';
import { newConnection, newIntegration, newPlan } from '../factories.js';
import { definedOnly } from '../patch.js';
import type { ConnectionRepository, IntegrationRepository, PlanRepository } from '../port.js';
import type { Collections } from './collections.js';
import {
  byIdFilter,
  draftAtRevisionFilter,
  integrationListFilter,
  integrationScope,
  LATEST_VERSION_FIRST,
  liveIntegrationsFilter,
  nextPlanVersionUpdate,
  planCounterFilter,
  planVersionFilter,
  planVersionsFilter,
  saveDraftUpdate,
  tenantScope,
} from './queries.js';
import { inTransaction } from './transactions.js';

export function mongoConnections({ connections }: Collections): ConnectionRepository {
  return {
    async create(tenantId, input) {
      const connection = newConnection(tenantId, input);
      await connections.insert(connection);
      return connection;
    },
    get(tenantId, connectionId) {
      return connections.get(tenantId, connectionId);
    },
    list(tenantId, page) {
      return connections.page(tenantScope(tenantId), page);
    },
    async update(tenantId, connectionId, patch) {
      const changes = definedOnly(ConnectionPatchSchema.parse(patch));
      const changed = await connections.update(tenantId, connectionId, { ...changes, updatedAt: nowIso() });
      return changed ? connections.get(tenantId, connectionId) : null;
    },
    async delete(tenantId, connectionId) {
      const { deletedCount } = await connections.collection.deleteOne(byIdFilter(tenantId, connectionId));
      return deletedCount > 0;
    },
  };
}

export function mongoIntegrations({ integrations }: Collections): IntegrationRepository {
  return {
    async create(tenantId, input) {
      const integration = newIntegration(tenantId, input);
      await integrations.insert(integration);
      return integration;
    },
    get(tenantId, integrationId) {
      return integrations.get(tenantId, integrationId);
    },
    list(tenantId, filter = {}, page) {
      return integrations.page(integrationListFilter(tenantId, filter), page);
    },
    async update(tenantId, integrationId, patch) {
      const changes = definedOnly(IntegrationPatchSchema.parse(patch));
      const changed = await integrations.update(tenantId, integrationId, { ...changes, updatedAt: nowIso() });
      return changed ? integrations.get(tenantId, integrationId) : null;
    },
    async saveDraft(tenantId, integrationId, patch, options) {
      const at = nowIso();
      const fields = integrations.codec.toFields({
        ...definedOnly(IntegrationPatchSchema.parse(patch)),
        draftSavedBy: options.savedBy,
        draftSavedAt: at,
        updatedAt: at,
      });
      const saved = await integrations.collection.findOneAndUpdate(
        draftAtRevisionFilter(tenantId, integrationId, options.expectedRevision),
        saveDraftUpdate(fields),
        { returnDocument: 'after' },
      );
      if (saved) return { saved: integrations.codec.fromDocument(saved) };
      const stored = await integrations.get(tenantId, integrationId);
      return stored ? { conflict: stored } : null;
    },
    count(tenantId) {
      return integrations.count(liveIntegrationsFilter(tenantId));
    },
    saveCursor(tenantId, integrationId, cursor, direction = 'forward') {
      return integrations.update(tenantId, integrationId, {
        [direction === 'forward' ? 'cursor' : 'reverseCursor']: cursor,
        updatedAt: nowIso(),
      });
    },
  };
}

export function mongoPlans({ client, plans, planVersions }: Collections): PlanRepository {
  return {
    async save(tenantId, integrationId, input) {
      const plan = newPlan(tenantId, integrationId, input);
      // Taking the version and storing the plan commit together, so a version is never skipped or shared.
      return inTransaction(client, async (session): Promise<Plan> => {
        const counter = await planVersions.findOneAndUpdate(
          planCounterFilter(tenantId, integrationId),
          nextPlanVersionUpdate(tenantId, integrationId),
          { upsert: true, returnDocument: 'after', session },
        );
        const stored: Plan = { ...plan, version: counter?.last as number };
        await plans.insert(stored, session);
        return stored;
      });
    },
    get(tenantId, integrationId, version) {
      return plans.findOne(planVersionFilter(tenantId, integrationId, version));
    },
    async getMany(tenantId, versions) {
      return versions.length === 0 ? [] : plans.find(planVersionsFilter(tenantId, versions));
    },
    latest(tenantId, integrationId) {
      return plans.findOne(integrationScope(tenantId, integrationId), { sort: LATEST_VERSION_FIRST });
    },
    list(tenantId, integrationId, page) {
      return plans.page(integrationScope(tenantId, integrationId), page);
    },
  };
}
