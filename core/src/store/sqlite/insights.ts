import type { Database } from 'better-sqlite3';
import type { TenantId } from '../../domain/common.js';
import {
  assembleInsights,
  ROLLUP_COUNTERS,
  rollupHours,
  type DailyRollup,
  type ExceptionRollupIncrement,
  type RollupCounter,
  type RunRollupIncrement,
} from '../insights.js';
import type { InsightsRepository } from '../port.js';
import { statement } from './table.js';

/** The column of each rollup counter in `run_rollups` (migration 3). */
const COLUMN: Record<RollupCounter, string> = {
  pulled: 'pulled',
  new: 'new_records',
  changed: 'changed',
  unchanged: 'unchanged',
  created: 'created',
  updated: 'updated',
  skipped: 'skipped',
  failed: 'failed',
  runsSucceeded: 'runs_succeeded',
  runsPartial: 'runs_partial',
  runsFailed: 'runs_failed',
  runMsTotal: 'run_ms_total',
  runMsCount: 'run_ms_count',
};
const columns = ROLLUP_COUNTERS.map((counter) => COLUMN[counter]);

const ADD_RUN = `INSERT INTO run_rollups (tenant_id, integration_id, hour, ${columns.join(', ')})
  VALUES (@tenantId, @integrationId, @hour, ${ROLLUP_COUNTERS.map((counter) => '@' + counter).join(', ')})
  ON CONFLICT (tenant_id, integration_id, hour) DO UPDATE SET
    ${columns.map((column) => `${column} = ${column} + excluded.${column}`).join(', ')}`;

// `WHERE true` keeps SQLite from reading ON CONFLICT as part of a join.
const ADD_EXCEPTIONS = `INSERT INTO exception_rollups (tenant_id, integration_id, hour, kind, count)
  SELECT @tenantId, json_extract(value, '$.integrationId'), json_extract(value, '$.hour'),
         json_extract(value, '$.kind'), json_extract(value, '$.count')
  FROM json_each(@increments) WHERE true
  ON CONFLICT (tenant_id, integration_id, hour, kind) DO UPDATE SET count = count + excluded.count`;

/** The rollup writes; callers run them inside the transaction of the write they count. */
export function sqliteRollups(db: Database) {
  return {
    addRun(tenantId: TenantId, { integrationId, hour, counters }: RunRollupIncrement): void {
      statement(db, ADD_RUN).run({ tenantId, integrationId, hour, ...counters });
    },
    addExceptions(tenantId: TenantId, increments: ExceptionRollupIncrement[]): void {
      if (increments.length === 0) return;
      statement(db, ADD_EXCEPTIONS).run({ tenantId, increments: JSON.stringify(increments) });
    },
  };
}

const IN_RANGE = `tenant_id = @tenantId AND hour >= @firstHour AND hour < @to
  AND (@integrationId IS NULL OR integration_id = @integrationId)`;

export function sqliteInsights(db: Database): InsightsRepository {
  return {
    async insights(tenantId, range, integrationId) {
      const params = { tenantId, ...rollupHours(range), integrationId: integrationId ?? null };
      const days = statement(
        db,
        `SELECT substr(hour, 1, 10) AS day,
           ${ROLLUP_COUNTERS.map((counter) => `SUM(${COLUMN[counter]}) AS "${counter}"`).join(', ')}
         FROM run_rollups WHERE ${IN_RANGE} GROUP BY day`,
      ).all(params) as DailyRollup[];
      const exceptionsByKind = statement(
        db,
        `SELECT kind, SUM(count) AS count FROM exception_rollups WHERE ${IN_RANGE} GROUP BY kind`,
      ).all(params) as { kind: string; count: number }[];
      return assembleInsights({ days, exceptionsByKind });
    },
  };
}
