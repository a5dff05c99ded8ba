import type { Database } from 'better-sqlite3';
import type { TenantId } from '../../domain/common.js';
import {
  assembleInsights,
  dayOf,
  localDays,
  ROLLUP_COUNTERS,
  rollupHours,
  rollupSpans,
  type DailyRollup,
  type ExceptionRollupIncrement,
  type RollupCounter,
  type RollupCounters,
  type RunRollupIncrement,
} from '../insights.js';
import type { InsightsRepository } from '../port.js';
import { statement } from './table.js';

/*
 * Each rollup is kept twice: per hour (migration 3) and per UTC day (migration 5), both written in the
 * transaction of the write they count. Queries here run synchronously on the API's event loop, so a
 * 90-day range sums the daily rows of its whole days and the hourly rows of its partial days only.
 */

/** The column of each rollup counter in `run_rollups` and `run_rollups_daily`. */
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

/** The rollup tables of one period: the hourly ones keyed by `hour`, the daily ones by `day`. */
const PERIODS = [
  { runs: 'run_rollups', exceptions: 'exception_rollups', key: 'hour', of: (hour: string) => hour },
  { runs: 'run_rollups_daily', exceptions: 'exception_rollups_daily', key: 'day', of: dayOf },
] as const;

const addRun = ({ runs, key }: (typeof PERIODS)[number]) => `
  INSERT INTO ${runs} (tenant_id, integration_id, ${key}, ${columns.join(', ')})
  VALUES (@tenantId, @integrationId, @period, ${ROLLUP_COUNTERS.map((counter) => '@' + counter).join(', ')})
  ON CONFLICT (tenant_id, integration_id, ${key}) DO UPDATE SET
    ${columns.map((column) => `${column} = ${column} + excluded.${column}`).join(', ')}`;

// `WHERE true` keeps SQLite from reading ON CONFLICT as part of a join.
const addExceptions = ({ exceptions, key }: (typeof PERIODS)[number]) => `
  INSERT INTO ${exceptions} (tenant_id, integration_id, ${key}, kind, count)
  SELECT @tenantId, json_extract(value, '$.integrationId'), json_extract(value, '$.period'),
         json_extract(value, '$.kind'), json_extract(value, '$.count')
  FROM json_each(@increments) WHERE true
  ON CONFLICT (tenant_id, integration_id, ${key}, kind) DO UPDATE SET count = count + excluded.count`;

/** The rollup writes; callers run them inside the transaction of the write they count. */
export function sqliteRollups(db: Database) {
  return {
    addRun(tenantId: TenantId, { integrationId, hour, counters }: RunRollupIncrement): void {
      for (const period of PERIODS) {
        statement(db, addRun(period)).run({ tenantId, integrationId, period: period.of(hour), ...counters });
      }
    },
    addExceptions(tenantId: TenantId, increments: ExceptionRollupIncrement[]): void {
      if (increments.length === 0) return;
      for (const period of PERIODS) {
        const rows = increments.map(({ hour, ...increment }) => ({ ...increment, period: period.of(hour) }));
        statement(db, addExceptions(period)).run({ tenantId, increments: JSON.stringify(rows) });
      }
    },
  };
}

const [HOURLY, DAILY] = PERIODS;
const ofIntegration = '(@integrationId IS NULL OR integration_id = @integrationId)';
/**
 * The daily rows of the whole days, and the hourly rows of the two partial stretches around them. Each
 * stretch is its own range scan of the (tenant, period) index: an OR of the two made SQLite read every
 * hourly row of the tenant (9 ms a request over 90 days of 20 integrations).
 */
const inSpans = (table: (period: (typeof PERIODS)[number]) => string, select: string) => {
  const hourly = (from: string, to: string) => `
  SELECT ${select.replaceAll('$key', HOURLY.key)} FROM ${table(HOURLY)}
    WHERE tenant_id = @tenantId AND hour >= ${from} AND hour < ${to} AND ${ofIntegration}`;
  return `
  SELECT ${select.replaceAll('$key', DAILY.key)} FROM ${table(DAILY)}
    WHERE tenant_id = @tenantId AND day >= @daysFrom AND day < @daysTo AND ${ofIntegration}
  UNION ALL ${hourly('@beforeFrom', '@beforeTo')}
  UNION ALL ${hourly('@afterFrom', '@afterTo')}`;
};

const DAYS = `SELECT day, ${ROLLUP_COUNTERS.map((counter) => `SUM(${COLUMN[counter]}) AS "${counter}"`).join(', ')}
  FROM (${inSpans((p) => p.runs, `substr($key, 1, 10) AS day, ${columns.join(', ')}`)})
  GROUP BY day`;
const KINDS = `SELECT kind, SUM(count) AS count
  FROM (${inSpans((p) => p.exceptions, 'kind, count')})
  GROUP BY kind`;

/** Hourly sums, for days of a zone other than UTC (the daily rows are UTC days). */
const HOURS = `SELECT hour, ${ROLLUP_COUNTERS.map((counter) => `SUM(${COLUMN[counter]}) AS "${counter}"`).join(', ')}
  FROM ${HOURLY.runs}
  WHERE tenant_id = @tenantId AND hour >= @firstHour AND hour < @to AND ${ofIntegration}
  GROUP BY hour`;

export function sqliteInsights(db: Database): InsightsRepository {
  return {
    async insights(tenantId, range, integrationId, zone = 'UTC') {
      const { days, hours } = rollupSpans(range);
      const params = {
        tenantId,
        integrationId: integrationId ?? null,
        daysFrom: days.from,
        daysTo: days.to,
        beforeFrom: hours[0].from,
        beforeTo: hours[0].to,
        afterFrom: hours[1].from,
        afterTo: hours[1].to,
      };
      const utc = zone === 'UTC';
      return assembleInsights({
        days: utc
          ? (statement(db, DAYS).all(params) as DailyRollup[])
          : localDays(
              statement(db, HOURS).all({
                tenantId,
                integrationId: integrationId ?? null,
                ...rollupHours(range),
              }) as ({ hour: string } & RollupCounters)[],
              zone,
            ),
        exceptionsByKind: statement(db, KINDS).all(params) as { kind: string; count: number }[],
      });
    },
  };
}
