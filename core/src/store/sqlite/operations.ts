import type { ExceptionLog } from '../../domain/exception.js';
import type { RunStatus } from '../../domain/run.js';
import { newException, newRun } from '../factories.js';
import { assembleInsights, type GroupedCount } from '../insights.js';
import type { ExceptionRepository, InsightsRepository, RunRepository } from '../port.js';
import { statement, type Row } from './table.js';
import type { Tables } from './tables.js';

export function sqliteRuns({ runs }: Tables): RunRepository {
  const db = runs.db;
  const newest = (where: string, ...params: unknown[]) => {
    const row = statement(
      db,
      `SELECT ${runs.selectList} FROM runs WHERE ${where} ORDER BY id DESC LIMIT 1`,
    ).get(...params) as Row | undefined;
    return row ? runs.fromRow(row) : null;
  };
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
      return changed > 0 ? runs.get(tenantId, runId) : null;
    },
    async list(tenantId, filter = {}, page) {
      const where = ['tenant_id = @tenantId'];
      if (filter.integrationId) where.push('integration_id = @integrationId');
      if (filter.status) where.push('status = @status');
      if (filter.from) where.push('started_at >= @from');
      if (filter.to) where.push('started_at < @to');
      return runs.page(where.join(' AND '), { tenantId, ...filter }, page);
    },
    async running(tenantId, integrationId) {
      return newest("tenant_id = ? AND integration_id = ? AND status = 'running'", tenantId, integrationId);
    },
    async latest(tenantId, integrationId) {
      return newest('tenant_id = ? AND integration_id = ?', tenantId, integrationId);
    },
  };
}

export function sqliteExceptions({ exceptions }: Tables): ExceptionRepository {
  return {
    async add(tenantId, entries) {
      const stored = entries.map((entry) => newException(tenantId, entry));
      exceptions.insertMany(stored);
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

export function sqliteInsights({ runs }: Tables): InsightsRepository {
  const db = runs.db;
  return {
    async insights(tenantId, { from, to }, integrationId) {
      const params = { tenantId, from, to, integrationId: integrationId ?? null };
      const forIntegration = '(@integrationId IS NULL OR integration_id = @integrationId)';
      const recordsByDayAndStatus = statement(
        db,
        `SELECT substr(at, 1, 10) AS day, to_value AS key, COUNT(*) AS count FROM record_events
         WHERE tenant_id = @tenantId AND kind = 'lifecycle' AND at >= @from AND at < @to AND ${forIntegration}
         GROUP BY day, to_value`,
      ).all(params) as GroupedCount<string>[];
      const runsByDayAndStatus = statement(
        db,
        `SELECT substr(started_at, 1, 10) AS day, status AS key, COUNT(*) AS count FROM runs
         WHERE tenant_id = @tenantId AND started_at >= @from AND started_at < @to AND ${forIntegration}
         GROUP BY day, status`,
      ).all(params) as GroupedCount<RunStatus>[];
      const exceptionsByKind = statement(
        db,
        `SELECT kind, COUNT(*) AS count FROM exceptions
         WHERE tenant_id = @tenantId AND at >= @from AND at < @to AND ${forIntegration}
         GROUP BY kind`,
      ).all(params) as { kind: string; count: number }[];
      const { averageRunMs } = statement(
        db,
        `SELECT AVG((julianday(finished_at) - julianday(started_at)) * 86400000.0) AS averageRunMs FROM runs
         WHERE tenant_id = @tenantId AND finished_at IS NOT NULL AND started_at >= @from AND started_at < @to
           AND ${forIntegration}`,
      ).get(params) as { averageRunMs: number | null };
      return assembleInsights({ recordsByDayAndStatus, runsByDayAndStatus, exceptionsByKind, averageRunMs });
    },
  };
}
