import type { ExceptionLog } from '../../domain/exception.js';
import type { NewQueuedRun, Run, RunFinish } from '../../domain/run.js';
import { newException, newQueuedRun, newRun, newSkippedRun } from '../factories.js';
import { exceptionRollupIncrements, runRollupIncrement } from '../insights.js';
import type { ExceptionRepository, RunRepository } from '../port.js';
import { sqliteRollups } from './insights.js';
import { statement, type Row, type Table } from './table.js';
import type { Tables } from './tables.js';

export function sqliteRuns({ runs, runSummaries }: Tables): RunRepository {
  const db = runs.db;
  const newest = <T extends { id: string }>(table: Table<T>, where: string, ...params: unknown[]) => {
    const row = statement(
      db,
      `SELECT ${table.selectList} FROM runs WHERE ${where} ORDER BY id DESC LIMIT 1`,
    ).get(...params) as Row | undefined;
    return row ? table.fromRow(row) : null;
  };
  const rollups = sqliteRollups(db);
  /** Finishes a running run and adds it to its hour's rollup, in one transaction. */
  const finishAndRollUp = db.transaction(
    (tenantId: string, runId: string, result: RunFinish, at: Date): Run | null => {
      const row = runs.toRow({
        status: result.status,
        counts: result.counts,
        cursorAfter: result.cursorAfter,
        nodeTraces: result.nodeTraces,
        error: result.error ?? null,
        finishedAt: at.toISOString(),
      });
      const changed = statement(
        db,
        `UPDATE runs SET status = @status, counts = @counts, cursor_after = @cursor_after, node_traces = @node_traces,
           error = @error, finished_at = @finished_at
         WHERE tenant_id = @tenantId AND id = @runId AND status = 'running'`,
      ).run({ ...row, tenantId, runId }).changes;
      if (changed === 0) return null;
      const finished = runs.get(tenantId, runId);
      const increment = finished && runRollupIncrement(finished);
      if (increment) rollups.addRun(tenantId, increment);
      return finished;
    },
  );
  const queuedOf = (tenantId: string, integrationId: string) =>
    newest(runs, "tenant_id = ? AND integration_id = ? AND status = 'queued'", tenantId, integrationId);
  /** One queued run per integration: the check and the insert in one write transaction. */
  const queueOnce = db.transaction(
    (tenantId: string, input: NewQueuedRun, at: Date): { run: Run; created: boolean } => {
      const waiting = queuedOf(tenantId, input.integrationId);
      if (waiting) return { run: waiting, created: false };
      const run = newQueuedRun(tenantId, input, at);
      runs.insert(run);
      return { run, created: true };
    },
  );
  return {
    async start(tenantId, input, at = new Date()) {
      const run = newRun(tenantId, input, at);
      runs.insert(run);
      return run;
    },
    async skip(tenantId, tick, at = new Date()) {
      const run = newSkippedRun(tenantId, tick, at);
      runs.insert(run);
      return run;
    },
    async get(tenantId, runId) {
      return runs.get(tenantId, runId);
    },
    async finish(tenantId, runId, result, at = new Date()) {
      return finishAndRollUp.immediate(tenantId, runId, result, at);
    },
    async progress(tenantId, runId, progress) {
      const row = runs.toRow({ counts: progress.counts, nodeTraces: progress.nodeTraces });
      return (
        statement(
          db,
          `UPDATE runs SET counts = @counts, node_traces = @node_traces
           WHERE tenant_id = @tenantId AND id = @runId AND status = 'running'`,
        ).run({ ...row, tenantId, runId }).changes > 0
      );
    },
    async list(tenantId, filter = {}, page) {
      const where = ['tenant_id = @tenantId'];
      if (filter.integrationId) where.push('integration_id = @integrationId');
      if (filter.status) where.push('status = @status');
      if (filter.from) where.push('started_at >= @from');
      if (filter.to) where.push('started_at < @to');
      return runSummaries.page(where.join(' AND '), { tenantId, ...filter }, page);
    },
    async running(tenantId, integrationId) {
      return newest(
        runs,
        "tenant_id = ? AND integration_id = ? AND status = 'running'",
        tenantId,
        integrationId,
      );
    },
    async queue(tenantId, input, at = new Date()) {
      return queueOnce.immediate(tenantId, input, at);
    },
    async queued(tenantId, integrationId) {
      return queuedOf(tenantId, integrationId);
    },
    async take(tenantId, runId, start, at = new Date()) {
      const changed = statement(
        db,
        `UPDATE runs SET status = 'running', plan_version = @planVersion, cursor_before = @cursorBefore,
           executor_id = @executorId, started_at = @startedAt
         WHERE tenant_id = @tenantId AND id = @runId AND status = 'queued'`,
      ).run({ ...start, startedAt: at.toISOString(), tenantId, runId }).changes;
      return changed === 0 ? null : runs.get(tenantId, runId);
    },
    async closeQueued(tenantId, runId, close, at = new Date()) {
      const changed = statement(
        db,
        `UPDATE runs SET status = @status, error = @error, finished_at = @finishedAt
         WHERE tenant_id = @tenantId AND id = @runId AND status = 'queued'`,
      ).run({ ...close, finishedAt: at.toISOString(), tenantId, runId }).changes;
      return changed === 0 ? null : runs.get(tenantId, runId);
    },
    async latest(tenantId, integrationId) {
      return newest(runSummaries, 'tenant_id = ? AND integration_id = ?', tenantId, integrationId);
    },
    async latestOf(tenantId, integrationIds) {
      const rows = statement(
        db,
        `SELECT ${runSummaries.selectList} FROM runs WHERE tenant_id = @tenantId AND id IN (
           SELECT MAX(id) FROM runs
           WHERE tenant_id = @tenantId AND status <> 'skipped'
             AND integration_id IN (SELECT value FROM json_each(@ids))
           GROUP BY integration_id)`,
      ).all({ tenantId, ids: JSON.stringify(integrationIds) }) as Row[];
      const found = rows.map((row) => runSummaries.fromRow(row));
      return new Map(found.map((run) => [run.integrationId, run]));
    },
  };
}

export function sqliteExceptions({ exceptions }: Tables): ExceptionRepository {
  const db = exceptions.db;
  const rollups = sqliteRollups(db);
  /** Stores the entries (new rows, or occurrences of open ones) and counts them in their hours' rollups. */
  const addAndRollUp = db.transaction((tenantId: string, entries: ExceptionLog[]): ExceptionLog[] => {
    const rows = entries.map((entry) => {
      const open = statement(
        db,
        `SELECT id FROM exceptions
         WHERE tenant_id = @tenantId AND integration_id = @integrationId AND record_id IS @recordId
           AND node_id IS @nodeId AND phase = @phase AND kind = @kind AND cause = @cause AND resolved_at IS NULL
         LIMIT 1`,
      ).get({ ...entry, tenantId }) as { id: string } | undefined;
      if (!open) {
        exceptions.insert(entry);
        return entry.id;
      }
      statement(
        db,
        `UPDATE exceptions SET occurrences = occurrences + 1, last_seen_at = @at, message = @message,
           run_id = @runId, http_status = @httpStatus, response_snippet = @responseSnippet
         WHERE tenant_id = @tenantId AND id = @id`,
      ).run({ ...entry, tenantId, id: open.id });
      return open.id;
    });
    rollups.addExceptions(tenantId, exceptionRollupIncrements(entries));
    return [...new Set(rows)].map((id) => exceptions.get(tenantId, id)!);
  });
  return {
    async add(tenantId, entries) {
      return addAndRollUp.immediate(
        tenantId,
        entries.map((entry) => newException(tenantId, entry)),
      );
    },
    async resolveForRecords(tenantId, recordIds, runId, at = new Date()) {
      if (recordIds.length === 0) return 0;
      return statement(
        db,
        `UPDATE exceptions SET resolved_at = @at, resolved_by_run_id = @runId
         WHERE tenant_id = @tenantId AND resolved_at IS NULL
           AND record_id IN (SELECT value FROM json_each(@recordIds))`,
      ).run({ tenantId, runId, at: at.toISOString(), recordIds: JSON.stringify(recordIds) }).changes;
    },
    async get(tenantId, exceptionId) {
      return exceptions.get(tenantId, exceptionId);
    },
    async list(tenantId, filter = {}, page) {
      const where = ['tenant_id = @tenantId'];
      if (filter.integrationId) where.push('integration_id = @integrationId');
      if (filter.nodeId) where.push('node_id = @nodeId');
      if (filter.kind) where.push('kind = @kind');
      if (filter.from) where.push('at >= @from');
      if (filter.to) where.push('at < @to');
      if (filter.resolved !== undefined) where.push(`resolved_at IS ${filter.resolved ? 'NOT ' : ''}NULL`);
      const { resolved: _resolved, ...params } = filter;
      return exceptions.page(where.join(' AND '), { tenantId, ...params }, page);
    },
    async resolve(tenantId, exceptionId, resolvedBy, at = new Date()): Promise<ExceptionLog | null> {
      statement(
        exceptions.db,
        `UPDATE exceptions SET resolved_at = ?, resolved_by = ? WHERE tenant_id = ? AND id = ? AND resolved_at IS NULL`,
      ).run(at.toISOString(), resolvedBy, tenantId, exceptionId);
      return exceptions.get(tenantId, exceptionId);
    },
  };
}
