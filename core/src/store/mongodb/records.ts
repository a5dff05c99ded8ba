import type { Document, UpdateFilter } from 'mongodb';
import type { IntegrationId, RecordId, RunId, TenantId } from '../../domain/common.js';
import type {
  PulledRecord,
  RecordEvent,
  RecordStatus,
  SyncRecord,
  UpsertPulledResult,
} from '../../domain/record.js';
import { RecordStatusSchema } from '../../domain/record.js';
import {
  appliedPairSave,
  failedEvent,
  lifecycleEvent,
  outcomeCounts,
  planPulledPage,
  pushedEvent,
  requeuedStatus,
  settledEntries,
  type OutcomeState,
  type Settled,
  type StoredRecordState,
} from '../lifecycle.js';
import type { FailedRecord, PushedRecord, RecordEventRepository, RecordRepository } from '../port.js';
import { codecs, type StoredDocument } from './codec.js';
import type { Collections } from './collections.js';
import {
  byIdFilter,
  CLAIM_ORDER,
  claimForPushFilter,
  confirmedPage,
  existingRecordsFilter,
  failedInRunFilter,
  failedRecordsFilter,
  markFailedUpdate,
  markPushedUpdate,
  markSkippedUpdate,
  OUTCOME_STATE_PROJECTION,
  outcomesOfRunPipeline,
  outcomeOps,
  pushIntentUpdate,
  recordBySourceIdFilter,
  recordsByIdsFilter,
  recordsByStatusPipeline,
  waitingOfPipeline,
  waitingRecordsPipeline,
  recordSearchFilter,
  requeueOps,
  STORED_STATE_PROJECTION,
  upsertPulledOps,
  TIMELINE_ORDER,
  timelineFilter,
} from './queries.js';
import { inTransaction, isDuplicateKey } from './transactions.js';

const storedState = (document: Document): StoredRecordState => ({
  id: document._id as string,
  sourceId: document.sourceId as string,
  sourceHash: document.sourceHash as string,
  sourceStatus: document.sourceStatus as string | null,
  destinationId: document.destinationId as string | null,
  status: document.status as RecordStatus,
});

const outcomeState = (document: Document): OutcomeState => ({
  id: document._id as string,
  integrationId: document.integrationId as string,
  status: document.status as RecordStatus,
  attempts: document.attempts as number,
});

export function mongoRecords(collections: Collections, clock: () => Date): RecordRepository {
  const { client, records, recordEvents } = collections;

  /** One page in one transaction: one find, one bulk write, one insert of events. */
  const storePage = (
    tenantId: TenantId,
    integrationId: IntegrationId,
    page: PulledRecord[],
    runId: RunId | null,
  ): Promise<UpsertPulledResult> =>
    inTransaction(client, async (session) => {
      const sourceIds = [...new Set(page.map((record) => record.sourceId))];
      const found = await records.collection
        .find(existingRecordsFilter(tenantId, integrationId, sourceIds), {
          session,
          projection: STORED_STATE_PROJECTION,
          // Source ids are unique per integration: the answer fits in one batch, with no getMore.
          limit: sourceIds.length,
          batchSize: sourceIds.length,
        })
        .toArray();
      const existing = new Map(found.map((document) => [document.sourceId as string, storedState(document)]));
      const context = { tenantId, integrationId, runId, at: clock().toISOString() };
      const plan = planPulledPage(existing, page, context);
      const ops = upsertPulledOps(plan, context);
      const written =
        ops.length > 0 ? await records.collection.bulkWrite(ops, { session, ordered: true }) : null;
      const { events, result } = confirmedPage(plan, written?.upsertedIds ?? {});
      await recordEvents.insertMany(events, session);
      return result;
    });

  /**
   * Applies `update` to one record and writes the lifecycle event of that transition, atomically. `detail`
   * sees the record as the update left it. Null when the record is not the tenant's.
   */
  const transition = (
    tenantId: TenantId,
    recordId: RecordId,
    update: UpdateFilter<StoredDocument>,
    runId: RunId | null,
    at: Date,
    detail: (after: SyncRecord) => Record<string, unknown>,
  ): Promise<SyncRecord | null> =>
    inTransaction(client, async (session) => {
      const before = await records.collection.findOneAndUpdate(byIdFilter(tenantId, recordId), update, {
        session,
        returnDocument: 'before',
      });
      if (!before) return null;
      const after = await records.get(tenantId, recordId, session);
      if (!after) return null;
      const context = { tenantId, integrationId: after.integrationId, runId, at: at.toISOString() };
      await recordEvents.insertMany(
        [lifecycleEvent(context, recordId, before.status as RecordStatus, after.status, detail(after))],
        session,
      );
      return after;
    });

  /**
   * A batch of push outcomes in one transaction: one find of the records' states, one bulk write of their
   * updates, one insert of their lifecycle events. Answers how many records changed.
   */
  const settleBatch =
    <T extends PushedRecord | FailedRecord>(
      update: (entry: Settled<T>) => UpdateFilter<StoredDocument>,
      event: (tenantId: TenantId, entry: Settled<T>) => RecordEvent,
    ) =>
    (tenantId: TenantId, entries: readonly T[]): Promise<number> =>
      inTransaction(client, async (session) => {
        const ids = [...new Set(entries.map((entry) => entry.recordId))];
        const found = await records.collection
          .find(recordsByIdsFilter(tenantId, ids), {
            session,
            projection: OUTCOME_STATE_PROJECTION,
            limit: ids.length,
            batchSize: ids.length,
          })
          .toArray();
        const states = new Map(found.map((document) => [document._id as string, outcomeState(document)]));
        const settled = settledEntries(entries, states, clock());
        if (settled.length === 0) return 0;
        await records.collection.bulkWrite(outcomeOps(tenantId, settled, update), {
          session,
          ordered: false,
        });
        await recordEvents.insertMany(
          settled.map((entry) => event(tenantId, entry)),
          session,
        );
        return settled.length;
      });

  const settlePushed = settleBatch<PushedRecord>((entry) => markPushedUpdate(entry, entry.at), pushedEvent);
  const settleFailed = settleBatch<FailedRecord>((entry) => markFailedUpdate(entry, entry.at), failedEvent);

  const requeueSelected = (tenantId: TenantId, recordIds: RecordId[], runId: RunId | null) =>
    inTransaction(client, async (session) => {
      const failed = await records.find(failedRecordsFilter(tenantId, recordIds), { session });
      if (failed.length === 0) return 0;
      const at = clock();
      await records.collection.bulkWrite(requeueOps(failed, at), { session });
      const context = (record: SyncRecord) => ({
        tenantId,
        integrationId: record.integrationId,
        runId,
        at: at.toISOString(),
      });
      await recordEvents.insertMany(
        failed.map((record) =>
          lifecycleEvent(context(record), record.id, 'failed', requeuedStatus(record), { replay: true }),
        ),
        session,
      );
      return failed.length;
    });

  return {
    async upsertPulled(tenantId, integrationId, page, runId) {
      if (page.length === 0) return { created: 0, changed: 0, unchanged: 0 };
      try {
        return await storePage(tenantId, integrationId, page, runId);
      } catch (error) {
        // A concurrent pull inserted one of this page's new source ids first: the retry sees it as stored.
        if (!isDuplicateKey(error)) throw error;
        return storePage(tenantId, integrationId, page, runId);
      }
    },
    claimForPush(tenantId, integrationId, { limit, ...due }) {
      return records.find(claimForPushFilter(tenantId, integrationId, due), { sort: CLAIM_ORDER, limit });
    },
    async markPushIntent(tenantId, recordId, at = clock()) {
      const { matchedCount } = await records.collection.updateOne(
        byIdFilter(tenantId, recordId),
        pushIntentUpdate(at),
      );
      return matchedCount > 0;
    },
    async markPushIntents(tenantId, recordIds, at = clock()) {
      if (recordIds.length === 0) return 0;
      const { matchedCount } = await records.collection.updateMany(
        recordsByIdsFilter(tenantId, recordIds),
        pushIntentUpdate(at),
      );
      return matchedCount;
    },
    async markPushed(tenantId, recordId, input) {
      const changed = await settlePushed(tenantId, [{ ...input, recordId }]);
      return changed > 0 ? records.get(tenantId, recordId) : null;
    },
    async markPushedMany(tenantId, pushed) {
      return pushed.length === 0 ? 0 : settlePushed(tenantId, pushed);
    },
    async markFailed(tenantId, recordId, input) {
      const changed = await settleFailed(tenantId, [{ ...input, recordId }]);
      return changed > 0 ? records.get(tenantId, recordId) : null;
    },
    async markFailedMany(tenantId, failed) {
      return failed.length === 0 ? 0 : settleFailed(tenantId, failed);
    },
    markSkipped(tenantId, recordId, { runId, reason, at = clock() }) {
      return transition(tenantId, recordId, markSkippedUpdate(runId, at), runId, at, () => ({ reason }));
    },
    async requeue(tenantId, selection, runId = null) {
      const ids = new Set(selection.recordIds ?? []);
      if (selection.runId) {
        const failedInRun = await recordEvents.collection.distinct(
          'recordId',
          failedInRunFilter(tenantId, selection.runId),
        );
        for (const id of failedInRun) ids.add(id as string);
      }
      return ids.size === 0 ? 0 : requeueSelected(tenantId, [...ids], runId);
    },
    get(tenantId, recordId) {
      return records.get(tenantId, recordId);
    },
    bySourceIds(tenantId, integrationId, sourceIds) {
      if (sourceIds.length === 0) return Promise.resolve([]);
      return records.find({ tenantId, integrationId, sourceId: { $in: [...sourceIds] } });
    },
    linkedTo(tenantId, integrationId, destinationIds) {
      if (destinationIds.length === 0) return Promise.resolve([]);
      return records.find({ tenantId, integrationId, destinationId: { $in: [...destinationIds] } });
    },
    savePairs: (tenantId, saves) =>
      inTransaction(client, async (session) => {
        const ids = saves.map((save) => save.recordId);
        const stored = new Map(
          (
            await records.collection
              .find(recordsByIdsFilter(tenantId, ids), {
                session,
                projection: { _id: 1, integrationId: 1, status: 1, 'pair.revision': 1 },
              })
              .toArray()
          ).map((document) => [document._id, document]),
        );
        const saved: RecordId[] = [];
        const events: RecordEvent[] = [];
        for (const save of saves) {
          const document = stored.get(save.recordId);
          if (!document) continue;
          const revision = (document.pair as { revision?: number } | null | undefined)?.revision ?? null;
          const applied = appliedPairSave(tenantId, save, {
            integrationId: document.integrationId as string,
            status: document.status as RecordStatus,
            revision,
          });
          if (!applied) continue;
          const fields: Partial<SyncRecord> = {
            pair: applied.pair,
            ...(save.runId !== null && { lastRunId: save.runId }),
            updatedAt: save.at.toISOString(),
            ...(save.source && save.source),
            ...(save.wrote && { pushedAt: save.at.toISOString() }),
            ...(save.status !== undefined && {
              status: save.status,
              attempts: 0,
              nextAttemptAt: null,
              lastError: save.error ?? null,
              pushIntentAt: null,
            }),
          };
          const result = await records.collection.updateOne(
            { ...byIdFilter(tenantId, save.recordId), 'pair.revision': revision ?? { $exists: false } },
            { $set: codecs.records.toFields(fields) },
            { session },
          );
          if (result.modifiedCount === 0) continue;
          if (applied.event) events.push(applied.event);
          saved.push(save.recordId);
        }
        await recordEvents.insertMany(events, session);
        return saved;
      }),
    getBySourceId(tenantId, integrationId, sourceId) {
      return records.findOne(recordBySourceIdFilter(tenantId, integrationId, sourceId));
    },
    search(tenantId, search, page) {
      return records.page(recordSearchFilter(tenantId, search), page);
    },
    async waiting(tenantId, integrationId) {
      const rows = await records.collection
        .aggregate<{ _id: 'retry' | 'attention'; count: number }>(
          waitingRecordsPipeline(tenantId, integrationId),
        )
        .toArray();
      const count = (kind: 'retry' | 'attention') => rows.find((row) => row._id === kind)?.count ?? 0;
      return { retry: count('retry'), attention: count('attention') };
    },
    async waitingOf(tenantId, integrationIds) {
      const rows = await records.collection
        .aggregate<{ _id: { integrationId: string; kind: 'retry' | 'attention' }; count: number }>(
          waitingOfPipeline(tenantId, integrationIds),
        )
        .toArray();
      const waiting = new Map<string, { retry: number; attention: number }>();
      for (const { _id, count } of rows) {
        const entry = waiting.get(_id.integrationId) ?? { retry: 0, attention: 0 };
        entry[_id.kind] += count;
        waiting.set(_id.integrationId, entry);
      }
      return waiting;
    },
    async countByStatus(tenantId, integrationId) {
      const rows = await records.collection
        .aggregate<{ _id: RecordStatus; count: number }>(recordsByStatusPipeline(tenantId, integrationId))
        .toArray();
      const counts = Object.fromEntries(RecordStatusSchema.options.map((status) => [status, 0])) as Record<
        RecordStatus,
        number
      >;
      for (const { _id, count } of rows) counts[_id] = count;
      return counts;
    },
  };
}

export function mongoRecordEvents({ recordEvents }: Collections): RecordEventRepository {
  return {
    timeline(tenantId, recordId) {
      return recordEvents.find(timelineFilter(tenantId, recordId), { sort: TIMELINE_ORDER });
    },
    async outcomesOfRun(tenantId, runId) {
      const groups = await recordEvents.collection
        .aggregate<{ _id: { status: string; recovered: boolean }; count: number }>(
          outcomesOfRunPipeline(tenantId, runId),
        )
        .toArray();
      return outcomeCounts(groups.map(({ _id, count }) => ({ ..._id, count })));
    },
  };
}
