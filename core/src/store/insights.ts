import type { ExceptionKind } from '../domain/exception.js';
import type { Insights, RecordOutcome } from '../domain/insights.js';
import { RECORD_OUTCOMES } from '../domain/insights.js';
import type { RunStatus } from '../domain/run.js';
import { RunStatusSchema } from '../domain/run.js';

/*
 * Both adapters aggregate inside the database (GROUP BY / $group) down to a few rows per day; this turns
 * those grouped rows into the Insights answer, so the shape is decided once.
 */

export interface GroupedCount<K extends string> {
  day: string;
  key: K | string;
  count: number;
}

/** Which lifecycle status a record reached, named as the outcome a user reads on a chart. */
const OUTCOME_OF_STATUS: Record<string, RecordOutcome> = {
  initiated: 'initiated',
  'update-request': 'update-request',
  pushed: 'created',
  updated: 'updated',
  skipped: 'skipped',
  failed: 'failed',
};

const zeroOutcomes = (): Record<RecordOutcome, number> =>
  Object.fromEntries(RECORD_OUTCOMES.map((outcome) => [outcome, 0])) as Record<RecordOutcome, number>;
const zeroStatuses = (): Record<RunStatus, number> =>
  Object.fromEntries(RunStatusSchema.options.map((status) => [status, 0])) as Record<RunStatus, number>;

export function assembleInsights(input: {
  recordsByDayAndStatus: GroupedCount<string>[];
  runsByDayAndStatus: GroupedCount<RunStatus>[];
  exceptionsByKind: { kind: string; count: number }[];
  averageRunMs: number | null;
}): Insights {
  const records = new Map<string, Record<RecordOutcome, number>>();
  const totals = zeroOutcomes();
  for (const { day, key, count } of input.recordsByDayAndStatus) {
    const outcome = OUTCOME_OF_STATUS[key];
    if (!outcome) continue;
    let outcomes = records.get(day);
    if (!outcomes) records.set(day, (outcomes = zeroOutcomes()));
    outcomes[outcome] += count;
    totals[outcome] += count;
  }
  const runs = new Map<string, Record<RunStatus, number>>();
  let runCount = 0;
  for (const { day, key, count } of input.runsByDayAndStatus) {
    let statuses = runs.get(day);
    if (!statuses) runs.set(day, (statuses = zeroStatuses()));
    statuses[key as RunStatus] += count;
    runCount += count;
  }
  const byDay = <V>(map: Map<string, V>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return {
    recordsByDay: byDay(records).map(([day, outcomes]) => ({ day, outcomes })),
    runsByDay: byDay(runs).map(([day, statuses]) => ({ day, statuses })),
    topExceptionKinds: [...input.exceptionsByKind]
      .sort((a, b) => b.count - a.count || (a.kind < b.kind ? -1 : 1))
      .slice(0, 5)
      .map(({ kind, count }) => ({ kind: kind as ExceptionKind, count })),
    totals: {
      records: totals,
      runs: runCount,
      averageRunMs: input.averageRunMs === null ? null : Math.round(input.averageRunMs),
    },
  };
}
