import type { Collection, Document, Filter, Sort } from 'mongodb';
import type { TenantId } from '../../domain/common.js';
import type { MaintenanceRepository } from '../port.js';
import { checkedPruneOptions } from '../retention.js';
import type { StoredDocument } from './codec.js';
import type { Collections } from './collections.js';
import {
  ID_ONLY,
  idsFilter,
  PRUNE_EXCEPTIONS_ORDER,
  PRUNE_RUNS_ORDER,
  prunableExceptionsFilter,
  prunableRecordEventsPipeline,
  prunableRunsFilter,
} from './queries.js';

/*
 * Each prune reads at most `batchSize` ids (oldest first) and deletes them with one `deleteMany`, so no
 * delete is ever unbounded; the caller repeats until nothing is left. Rollups are never touched.
 */

async function deleteIds(
  collection: Collection<StoredDocument>,
  tenantId: TenantId,
  documents: Document[],
): Promise<number> {
  if (documents.length === 0) return 0;
  const ids = documents.map((document) => document._id as string);
  return (await collection.deleteMany(idsFilter(tenantId, ids))).deletedCount;
}

const oldest = (
  collection: Collection<StoredDocument>,
  filter: Filter<StoredDocument>,
  sort: Sort,
  limit: number,
) => collection.find(filter, { projection: ID_ONLY, sort, limit }).toArray();

export function mongoMaintenance({ runs, exceptions, recordEvents }: Collections): MaintenanceRepository {
  return {
    async prune(tenantId, options) {
      const { runsBefore, eventsBefore, batchSize } = checkedPruneOptions(options);
      const runIds = await oldest(
        runs.collection,
        prunableRunsFilter(tenantId, runsBefore),
        PRUNE_RUNS_ORDER,
        batchSize,
      );
      const exceptionIds = await oldest(
        exceptions.collection,
        prunableExceptionsFilter(tenantId, runsBefore),
        PRUNE_EXCEPTIONS_ORDER,
        batchSize,
      );
      const eventIds = await recordEvents.collection
        .aggregate(prunableRecordEventsPipeline(tenantId, eventsBefore, batchSize))
        .toArray();
      return {
        runs: await deleteIds(runs.collection, tenantId, runIds),
        exceptions: await deleteIds(exceptions.collection, tenantId, exceptionIds),
        recordEvents: await deleteIds(recordEvents.collection, tenantId, eventIds),
      };
    },
  };
}
