import type { Collection, Document } from 'mongodb';
import type { RunStatus } from '../../domain/run.js';
import { newException, newRun } from '../factories.js';
import { assembleInsights, type GroupedCount } from '../insights.js';
import type { ExceptionRepository, InsightsRepository, RunRepository } from '../port.js';
import type { StoredDocument } from './codec.js';
import type { Collections } from './collections.js';
import {
  averageRunPipeline,
  exceptionListFilter,
  finishRunFilter,
  finishRunUpdate,
  insightsExceptionsPipeline,
  insightsRecordsPipeline,
  insightsRunsPipeline,
  integrationScope,
  NEWEST_FIRST,
  resolveExceptionUpdate,
  runListFilter,
  runningRunFilter,
  unresolvedExceptionFilter,
} from './queries.js';

export function mongoRuns({ runs }: Collections): RunRepository {
  return {
    async start(tenantId, input, at = new Date()) {
      const run = newRun(tenantId, input, at);
      await runs.insert(run);
      return run;
    },
    get(tenantId, runId) {
      return runs.get(tenantId, runId);
    },
    async finish(tenantId, runId, result, at = new Date()) {
      const { matchedCount } = await runs.collection.updateOne(
        finishRunFilter(tenantId, runId),
        finishRunUpdate(result, at),
      );
      return matchedCount > 0 ? runs.get(tenantId, runId) : null;
    },
    list(tenantId, filter = {}, page) {
      return runs.page(runListFilter(tenantId, filter), page);
    },
    running(tenantId, integrationId) {
      return runs.findOne(runningRunFilter(tenantId, integrationId), { sort: NEWEST_FIRST });
    },
    latest(tenantId, integrationId) {
      return runs.findOne(integrationScope(tenantId, integrationId), { sort: NEWEST_FIRST });
    },
  };
}

export function mongoExceptions({ exceptions }: Collections): ExceptionRepository {
  return {
    async add(tenantId, entries) {
      const stored = entries.map((entry) => newException(tenantId, entry));
      await exceptions.insertMany(stored);
      return stored;
    },
    get(tenantId, exceptionId) {
      return exceptions.get(tenantId, exceptionId);
    },
    list(tenantId, filter = {}, page) {
      return exceptions.page(exceptionListFilter(tenantId, filter), page);
    },
    async resolve(tenantId, exceptionId, resolvedBy, at = new Date()) {
      await exceptions.collection.updateOne(
        unresolvedExceptionFilter(tenantId, exceptionId),
        resolveExceptionUpdate(resolvedBy, at),
      );
      return exceptions.get(tenantId, exceptionId);
    },
  };
}

const rows = <T extends Document>(
  collection: Collection<StoredDocument>,
  pipeline: Document[],
): Promise<T[]> => collection.aggregate<T>(pipeline).toArray();

export function mongoInsights({ recordEvents, runs, exceptions }: Collections): InsightsRepository {
  return {
    async insights(tenantId, range, integrationId) {
      const [recordsByDayAndStatus, runsByDayAndStatus, exceptionsByKind, [average]] = await Promise.all([
        rows<GroupedCount<string>>(
          recordEvents.collection,
          insightsRecordsPipeline(tenantId, range, integrationId),
        ),
        rows<GroupedCount<RunStatus>>(runs.collection, insightsRunsPipeline(tenantId, range, integrationId)),
        rows<{ kind: string; count: number }>(
          exceptions.collection,
          insightsExceptionsPipeline(tenantId, range, integrationId),
        ),
        rows<{ averageRunMs: number | null }>(
          runs.collection,
          averageRunPipeline(tenantId, range, integrationId),
        ),
      ]);
      return assembleInsights({
        recordsByDayAndStatus,
        runsByDayAndStatus,
        exceptionsByKind,
        averageRunMs: average?.averageRunMs ?? null,
      });
    },
  };
}
