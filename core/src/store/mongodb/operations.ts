import { newException, newRun } from '../factories.js';
import { exceptionRollupIncrements, runRollupIncrement } from '../insights.js';
import type { ExceptionRepository, RunRepository } from '../port.js';
import type { Collections } from './collections.js';
import {
  exceptionListFilter,
  exceptionRollupOps,
  finishRunFilter,
  finishRunUpdate,
  integrationScope,
  NEWEST_FIRST,
  resolveExceptionUpdate,
  runListFilter,
  runningRunFilter,
  runProgressUpdate,
  runRollupFilter,
  runRollupUpdate,
  unresolvedExceptionFilter,
} from './queries.js';
import { inTransaction } from './transactions.js';

/** Lists leave out a run's node traces, its one large field. */
const WITHOUT_TRACES = { nodeTraces: 0 } as const;

export function mongoRuns({ client, runs, runRollups }: Collections): RunRepository {
  return {
    async start(tenantId, input, at = new Date()) {
      const run = newRun(tenantId, input, at);
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
    latest(tenantId, integrationId) {
      return runs.findOne(integrationScope(tenantId, integrationId), {
        sort: NEWEST_FIRST,
        projection: WITHOUT_TRACES,
      });
    },
  };
}

export function mongoExceptions({ client, exceptions, exceptionRollups }: Collections): ExceptionRepository {
  return {
    /** The entries and their rollup counts commit together: one insert, one bulk write of `$inc` upserts. */
    async add(tenantId, entries) {
      const stored = entries.map((entry) => newException(tenantId, entry));
      if (stored.length === 0) return stored;
      await inTransaction(client, async (session) => {
        await exceptions.insertMany(stored, session);
        await exceptionRollups.bulkWrite(exceptionRollupOps(tenantId, exceptionRollupIncrements(stored)), {
          session,
          ordered: false,
        });
      });
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
