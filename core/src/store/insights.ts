import type { IntegrationId, TimeRange } from '../domain/common.js';
import type { ExceptionKind, ExceptionLog } from '../domain/exception.js';
import type { Insights, InsightsRunStatus, RecordOutcome } from '../domain/insights.js';
import { INSIGHTS_RUN_STATUSES, RECORD_OUTCOMES } from '../domain/insights.js';
import type { FinishedRunStatus, Run, RunCounts } from '../domain/run.js';

/*
 * Insights are read from hourly rollups, never from raw events, runs or exceptions, so a year of insights
 * costs a few thousand small rows whatever the record count. Per tenant, integration and UTC hour:
 *   - a run rollup, which `runs.finish` adds the finished run's counts to (the hour the run STARTED in),
 *     in the same transaction as the finish;
 *   - an exception rollup per kind, which `exceptions.add` adds to (the hour of each entry's `at`).
 * Both adapters sum the rollups per day inside the database (GROUP BY / $group); this module decides what
 * is added and turns the per-day sums into the Insights answer, so both are written once.
 */

const HOUR_MS = 3_600_000;

/** The start of the UTC hour an instant falls in, as an ISO timestamp (`2026-03-02T09:00:00.000Z`). */
export const hourOf = (instant: string | Date): string =>
  new Date(Math.floor(new Date(instant).getTime() / HOUR_MS) * HOUR_MS).toISOString();

/**
 * The hours a range reads: rollups are hourly, so a range is widened to whole hours, and every hour that
 * overlaps [from, to) counts whole. An hour bucket is read when `firstHour <= hour < to`.
 */
export const rollupHours = ({ from, to }: TimeRange): { firstHour: string; to: string } => ({
  firstHour: hourOf(from),
  to: new Date(to).toISOString(),
});

const DAY_MS = 24 * HOUR_MS;

/** The start of the UTC day an hour falls in (`2026-03-02T00:00:00.000Z`). */
export const dayOf = (hour: string): string => `${hour.slice(0, 10)}T00:00:00.000Z`;

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** The local day (`YYYY-MM-DD`) an instant falls in, in an IANA time zone. */
export function localDay(instant: string, zone: string): string {
  let format = dayFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(zone, format);
  }
  return format.format(new Date(instant));
}

/** Sums hourly rollups into the local days of `zone` (each hour in the day it starts in). */
export function localDays(hours: ({ hour: string } & RollupCounters)[], zone: string): DailyRollup[] {
  const days = new Map<string, DailyRollup>();
  for (const { hour, ...counters } of hours) {
    const day = localDay(hour, zone);
    const sums = days.get(day) ?? ({ day, ...zeroCounters() } as DailyRollup);
    for (const counter of ROLLUP_COUNTERS) sums[counter] += counters[counter];
    days.set(day, sums);
  }
  return [...days.values()];
}

const zeroCounters = (): RollupCounters =>
  Object.fromEntries(ROLLUP_COUNTERS.map((counter) => [counter, 0])) as RollupCounters;

/** [from, to) as ISO timestamps; empty when from = to. */
export interface Span {
  from: string;
  to: string;
}

/**
 * The same hours as `rollupHours`, split for an adapter that also keeps daily sums of its hourly rollups:
 * the whole UTC days among the hours read come from the daily rollups, the hours before and after them
 * from the hourly ones, so a 90-day range reads about 90 rows per integration instead of 2,160.
 */
export function rollupSpans(range: TimeRange): { days: Span; hours: [Span, Span] } {
  const { firstHour, to } = rollupHours(range);
  const first = Date.parse(firstHour);
  // Hours are read up to the last one starting before `to`: the hour-aligned end is `to` rounded up.
  const hoursEnd = Math.ceil(Date.parse(to) / HOUR_MS) * HOUR_MS;
  const firstDay = Math.ceil(first / DAY_MS) * DAY_MS;
  const daysEnd = Math.floor(hoursEnd / DAY_MS) * DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString();
  if (firstDay >= daysEnd) {
    return {
      days: { from: firstHour, to: firstHour },
      hours: [
        { from: firstHour, to },
        { from: to, to },
      ],
    };
  }
  return {
    days: { from: iso(firstDay), to: iso(daysEnd) },
    hours: [
      { from: firstHour, to: iso(firstDay) },
      { from: iso(daysEnd), to },
    ],
  };
}

/** A run's record counts, each kept as a rollup counter of the same name. */
const RUN_COUNTS = [
  'pulled',
  'new',
  'changed',
  'unchanged',
  'created',
  'updated',
  'skipped',
  'failed',
] as const satisfies readonly (keyof RunCounts)[];

/** What one run rollup row counts; every field is summed. */
export const ROLLUP_COUNTERS = [
  ...RUN_COUNTS,
  'runsSucceeded',
  'runsPartial',
  'runsFailed',
  /** Sum of the durations (finishedAt − startedAt) of the runs counted, in ms. */
  'runMsTotal',
  /** How many durations `runMsTotal` sums. */
  'runMsCount',
] as const;
export type RollupCounter = (typeof ROLLUP_COUNTERS)[number];
export type RollupCounters = Record<RollupCounter, number>;

/** A canceled run adds what it did to its hour's records, and no run status (insights have none for it). */
const RUN_STATUS_COUNTER: Record<FinishedRunStatus, RollupCounter | null> = {
  succeeded: 'runsSucceeded',
  partial: 'runsPartial',
  failed: 'runsFailed',
  canceled: null,
  skipped: null,
};

export interface RunRollupIncrement {
  integrationId: IntegrationId;
  /** The hour the run started in (see `hourOf`). */
  hour: string;
  counters: RollupCounters;
}

/** What a finished run adds to its integration's rollup; null for a run still running. */
export function runRollupIncrement(run: Run): RunRollupIncrement | null {
  if (run.status === 'running' || run.status === 'queued' || run.status === 'skipped') return null;
  if (run.finishedAt === null) return null;
  const durationMs = Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt));
  const counters = Object.fromEntries(ROLLUP_COUNTERS.map((counter) => [counter, 0])) as RollupCounters;
  for (const count of RUN_COUNTS) counters[count] = run.counts[count];
  const statusCounter = RUN_STATUS_COUNTER[run.status];
  if (statusCounter) counters[statusCounter] = 1;
  counters.runMsTotal = durationMs;
  counters.runMsCount = 1;
  return { integrationId: run.integrationId, hour: hourOf(run.startedAt), counters };
}

export interface ExceptionRollupIncrement {
  integrationId: IntegrationId;
  hour: string;
  kind: ExceptionKind;
  count: number;
}

/** What a batch of exception entries adds: one increment per (integration, hour of `at`, kind). */
export function exceptionRollupIncrements(entries: readonly ExceptionLog[]): ExceptionRollupIncrement[] {
  const increments = new Map<string, ExceptionRollupIncrement>();
  for (const { integrationId, at, kind } of entries) {
    const hour = hourOf(at);
    const key = JSON.stringify([integrationId, hour, kind]);
    const increment = increments.get(key);
    if (increment) increment.count += 1;
    else increments.set(key, { integrationId, hour, kind, count: 1 });
  }
  return [...increments.values()];
}

/** One day's sums of the rollups (`day` is `YYYY-MM-DD`, UTC). */
export type DailyRollup = { day: string } & RollupCounters;

/** Which rollup counter a chart's record outcome reads. */
const OUTCOME_COUNTER: Record<RecordOutcome, RollupCounter> = {
  initiated: 'new',
  'update-request': 'changed',
  created: 'created',
  updated: 'updated',
  skipped: 'skipped',
  failed: 'failed',
};

const zeroOutcomes = (): Record<RecordOutcome, number> =>
  Object.fromEntries(RECORD_OUTCOMES.map((outcome) => [outcome, 0])) as Record<RecordOutcome, number>;
const zeroStatuses = (): Record<InsightsRunStatus, number> =>
  Object.fromEntries(INSIGHTS_RUN_STATUSES.map((status) => [status, 0])) as Record<InsightsRunStatus, number>;

const hasRecords = (day: DailyRollup) => RECORD_OUTCOMES.some((outcome) => day[OUTCOME_COUNTER[outcome]] > 0);
const runCount = (day: DailyRollup) => day.runsSucceeded + day.runsPartial + day.runsFailed;

/** The Insights answer from per-day rollup sums (any order) and exception counts per kind. */
export function assembleInsights(input: {
  days: DailyRollup[];
  exceptionsByKind: { kind: string; count: number }[];
}): Insights {
  const days = [...input.days].sort((a, b) => (a.day < b.day ? -1 : 1));
  const totals = zeroOutcomes();
  const recordsByDay: Insights['recordsByDay'] = [];
  const runsByDay: Insights['runsByDay'] = [];
  let runs = 0;
  let runMsTotal = 0;
  let runMsCount = 0;
  for (const day of days) {
    if (hasRecords(day)) {
      const outcomes = zeroOutcomes();
      for (const outcome of RECORD_OUTCOMES) {
        outcomes[outcome] = day[OUTCOME_COUNTER[outcome]];
        totals[outcome] += outcomes[outcome];
      }
      recordsByDay.push({ day: day.day, outcomes });
    }
    if (runCount(day) > 0) {
      const statuses = zeroStatuses();
      statuses.succeeded = day.runsSucceeded;
      statuses.partial = day.runsPartial;
      statuses.failed = day.runsFailed;
      runsByDay.push({ day: day.day, statuses });
      runs += runCount(day);
    }
    runMsTotal += day.runMsTotal;
    runMsCount += day.runMsCount;
  }
  return {
    recordsByDay,
    runsByDay,
    topExceptionKinds: input.exceptionsByKind
      .filter(({ count }) => count > 0)
      .sort((a, b) => b.count - a.count || (a.kind < b.kind ? -1 : 1))
      .slice(0, 5)
      .map(({ kind, count }) => ({ kind: kind as ExceptionKind, count })),
    totals: {
      records: totals,
      runs,
      averageRunMs: runMsCount === 0 ? null : Math.round(runMsTotal / runMsCount),
    },
  };
}
