import { newException, newQueuedRun, newRun, newSkippedRun } from '../factories.js';
import { exceptionRollupIncrements, runRollupIncrement } from '../insights.js';
import type { RunSummary } from '../../domain/run.js';
import type { ExceptionRepository, RunRepository } from '../port.js';
import type { Collections } from './collections.js';
import {
  exceptionListFilter,
  exceptionRollupOps,
  finishRunFilter,
  finishRunUpdate,
  integrationScope,
  latestRunsPipeline,
  NEWEST_FIRST,
  exceptionOccurrenceUpdate,
  exceptionsByIdsFilter,
  openExceptionFilter,
  openExceptionsOfRecordsFilter,
  resolveByRunUpdate,
  resolveExceptionUpdate,
  runListFilter,
  runningRunFilter,
  queuedRunByIdFilter,
  queuedRunFilter,
  takeRunUpdate,
  closeQueuedRunUpdate,
  runProgressUpdate,
  runRollupFilter,
  runRollupUpdate,
  unresolvedExceptionFilter,
} from './queries.js';
import { inTransaction, isDuplicateKey } from './transactions.js';

/** Lists leave out a run's node traces, its one large field. */
const WITHOUT_TRACES = { nodeTraces: 0 } as const;

export function mongoRuns({ client, runs, runRollups }: Collections): RunRepository {
  return {
    async start(tenantId, input, at = new Date()) {
      const run = newRun(tenantId, input, at);
      await runs.insert(run);
      return run;
    },
    async skip(tenantId, tick, at = new Date()) {
      const run = newSkippedRun(tenantId, tick, at);
      await runs.insert(run);
      return run;
    },
    get(tenantId, runId) {
      return runs.get(tenantId, runId);
    },
    /** The finish and the run's `$inc` into its hour's rollup commit together, or neither does. */
    finish(tenantId, runId, result, at = new Date()) {
      return inTransaction(client, async (session) => {
        const document = await runs.collection.findOneAndUpdate(
          finishRunFilter(tenantId, runId),
          finishRunUpdate(result, at),
          { session, returnDocument: 'after' },
        );
        if (!document) return null;
        const finished = runs.codec.fromDocument(document);
        const increment = runRollupIncrement(finished);
        if (increment) {
          await runRollups.updateOne(
            runRollupFilter(tenantId, increment),
            runRollupUpdate(tenantId, increment),
            { session, upsert: true },
          );
        }
        return finished;
      });
    },
    async progress(tenantId, runId, progress) {
      const { matchedCount } = await runs.collection.updateOne(
        finishRunFilter(tenantId, runId),
        runProgressUpdate(progress),
      );
      return matchedCount > 0;
    },
    list(tenantId, filter = {}, page) {
      return runs.page(runListFilter(tenantId, filter), page, { projection: WITHOUT_TRACES });
    },
    running(tenantId, integrationId) {
      return runs.findOne(runningRunFilter(tenantId, integrationId), { sort: NEWEST_FIRST });
    },
    /** The partial unique index keeps one queued run per integration when two ask at once. */
    async queue(tenantId, input, at = new Date()) {
      for (let attempt = 1; ; attempt++) {
        const waiting = await runs.findOne(queuedRunFilter(tenantId, input.integrationId));
        if (waiting) return { run: waiting, created: false };
        const run = newQueuedRun(tenantId, input, at);
        try {
          await runs.insert(run);
          return { run, created: true };
        } catch (error) {
          // Another caller queued one between the find and the insert: answer that one.
          if (!isDuplicateKey(error) || attempt >= 3) throw error;
        }
      }
    },
    queued(tenantId, integrationId) {
      return runs.findOne(queuedRunFilter(tenantId, integrationId));
    },
    async take(tenantId, runId, start, at = new Date()) {
      const document = await runs.collection.findOneAndUpdate(
        queuedRunByIdFilter(tenantId, runId),
        takeRunUpdate(start, at),
        { returnDocument: 'after' },
      );
      return document ? runs.codec.fromDocument(document) : null;
    },
    async closeQueued(tenantId, runId, close, at = new Date()) {
      const document = await runs.collection.findOneAndUpdate(
        queuedRunByIdFilter(tenantId, runId),
        closeQueuedRunUpdate(close, at),
        { returnDocument: 'after' },
      );
      return document ? runs.codec.fromDocument(document) : null;
    },
    latest(tenantId, integrationId) {
      return runs.findOne(integrationScope(tenantId, integrationId), {
        sort: NEWEST_FIRST,
        projection: WITHOUT_TRACES,
      });
    },
    async latestOf(tenantId, integrationIds) {
      const documents = await runs.collection
        .aggregate(latestRunsPipeline(tenantId, integrationIds))
        .toArray();
      const found = documents.map((document) => runs.codec.fromDocument(document) as RunSummary);
      return new Map(found.map((run) => [run.integrationId, run]));
    },
  };
}

export function mongoExceptions({ client, exceptions, exceptionRollups }: Collections): ExceptionRepository {
  return {
    /**
     * The entries (each a new row, or one more occurrence of its open row) and their rollup counts commit
     * together.
     */
    async add(tenantId, entries) {
      const fresh = entries.map((entry) => newException(tenantId, entry));
      if (fresh.length === 0) return [];
      const ids = await inTransaction(client, async (session) => {
        const rowIds: string[] = [];
        for (const entry of fresh) {
          const open = await exceptions.collection.findOneAndUpdate(
            openExceptionFilter(entry),
            exceptionOccurrenceUpdate(entry),
            { session, returnDocument: 'after' },
          );
          if (open) rowIds.push(open._id);
          else {
            await exceptions.insert(entry, session);
            rowIds.push(entry.id);
          }
        }
        await exceptionRollups.bulkWrite(exceptionRollupOps(tenantId, exceptionRollupIncrements(fresh)), {
          session,
          ordered: false,
        });
        return [...new Set(rowIds)];
      });
      const rows = new Map(
        (await exceptions.find(exceptionsByIdsFilter(tenantId, ids))).map((row) => [row.id, row]),
      );
      return ids.map((id) => rows.get(id)!);
    },
    async resolveForRecords(tenantId, recordIds, runId, at = new Date()) {
      if (recordIds.length === 0) return 0;
      // The filter only matches open rows, so every match is resolved.
      const { matchedCount } = await exceptions.collection.updateMany(
        openExceptionsOfRecordsFilter(tenantId, recordIds),
        resolveByRunUpdate(runId, at),
      );
      return matchedCount;
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
