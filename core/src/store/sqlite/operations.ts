import type { ExceptionLog } from '../../domain/exception.js';
import type { Run, RunFinish } from '../../domain/run.js';
import { newException, newRun } from '../factories.js';
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
  return {
    async start(tenantId, input, at = new Date()) {
      const run = newRun(tenantId, input, at);
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
    async latest(tenantId, integrationId) {
      return newest(runSummaries, 'tenant_id = ? AND integration_id = ?', tenantId, integrationId);
    },
  };
}

export function sqliteExceptions({ exceptions }: Tables): ExceptionRepository {
  const rollups = sqliteRollups(exceptions.db);
  /** Stores the entries and counts them in their hours' rollups, in one transaction. */
  const addAndRollUp = exceptions.db.transaction((tenantId: string, stored: ExceptionLog[]) => {
    exceptions.insertMany(stored);
    rollups.addExceptions(tenantId, exceptionRollupIncrements(stored));
  });
  return {
    async add(tenantId, entries) {
      const stored = entries.map((entry) => newException(tenantId, entry));
      addAndRollUp.immediate(tenantId, stored);
      return stored;
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
