import { Cron } from 'croner';
import type { Schedule } from '@isync/core';

/**
 * The one cron library both schedulers use (croner): the in-process scheduler's timers, the BullMQ job
 * schedulers' next times (their repeat strategy), and the API's validation and preview, so a schedule the
 * API accepts is a schedule the scheduler can run.
 */

/** Why a schedule cannot be run: the field to fix and the reason in the user's words. */
export class ScheduleProblem extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'ScheduleProblem';
  }
}

/**
 * How many fire times the smallest gap looks at. A cron is a product of sets (seconds × minutes × hours…),
 * so its closest fire times show within its first hour of fires, or its first minute when it fires more
 * than this often in an hour.
 */
const GAP_SAMPLE = 600;
/** Fire times looked at from the start of each of the next months (crons that fire only some months). */
const MONTHLY_SAMPLE = 30;

/** A croner pattern that is never started: for next fire times only. Throws croner's own error. */
function pattern(expression: string, timezone: string): Cron {
  return new Cron(expression, { timezone, paused: true });
}

const croner = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).replace(/^Cron(Pattern|Date)?: /, '');

/**
 * Parses a schedule the way the scheduler will, in its time zone, and throws a ScheduleProblem naming
 * the field when it cannot run: a cron croner refuses, a cron that never fires, an unknown time zone.
 */
export function assertSchedulable(schedule: Schedule, timezone: string): void {
  if (!validTimeZone(timezone))
    throw new ScheduleProblem('timezone', `"${timezone}" is not a time zone such as Europe/Paris.`);
  if (schedule.kind === 'interval') {
    if (!Number.isInteger(schedule.everySeconds) || schedule.everySeconds < 1)
      throw new ScheduleProblem('schedule.everySeconds', 'must be a whole number of seconds, at least 1.');
    return;
  }
  let cron: Cron;
  try {
    cron = pattern(schedule.expression, timezone);
  } catch (error) {
    throw new ScheduleProblem(
      'schedule.expression',
      `"${schedule.expression}" is not a cron: ${croner(error)}.`,
    );
  }
  let next: Date | null;
  try {
    next = cron.nextRun();
  } catch (error) {
    throw new ScheduleProblem(
      'schedule.expression',
      `"${schedule.expression}" cannot be scheduled: ${croner(error)}.`,
    );
  }
  if (!next) throw new ScheduleProblem('schedule.expression', `"${schedule.expression}" never fires.`);
}

export function validTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/** The next `count` fire times after `from`, as the scheduler will fire them. */
export function nextFireTimes(schedule: Schedule, timezone: string, from: Date, count: number): Date[] {
  assertSchedulable(schedule, timezone);
  if (schedule.kind === 'interval') {
    return Array.from(
      { length: count },
      (_, i) => new Date(from.getTime() + (i + 1) * schedule.everySeconds * 1000),
    );
  }
  return pattern(schedule.expression, timezone).nextRuns(count, from);
}

/**
 * The smallest time between two consecutive fire times, in seconds (a seconds-field cron can fire every
 * second): what counts against a tenant's minimum schedule. Null for a cron that fires once at most.
 */
export function smallestGapSeconds(schedule: Schedule, timezone: string, from: Date): number | null {
  assertSchedulable(schedule, timezone);
  if (schedule.kind === 'interval') return schedule.everySeconds;
  const cron = pattern(schedule.expression, timezone);
  const samples: Date[][] = [cron.nextRuns(GAP_SAMPLE, from)];
  for (let month = 1; month <= 12; month++) {
    const start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + month, 1));
    samples.push(cron.nextRuns(MONTHLY_SAMPLE, start));
  }
  let smallest: number | null = null;
  for (const runs of samples) {
    for (let i = 1; i < runs.length; i++) {
      const gap = (runs[i]!.getTime() - runs[i - 1]!.getTime()) / 1000;
      if (smallest === null || gap < smallest) smallest = gap;
    }
  }
  return smallest;
}

/** The next fire time after `millis` of a cron (BullMQ's repeat strategy), or undefined when none. */
export function nextCronMillis(millis: number, expression: string, timezone = 'UTC'): number | undefined {
  return pattern(expression, timezone).nextRun(new Date(millis))?.getTime();
}

/** A croner job for an integration's schedule (an interval in seconds, or a cron expression), in its timezone. */
export function cronFor(schedule: Schedule, timezone: string, fire: () => void): Cron {
  assertSchedulable(schedule, timezone);
  const options = { timezone, catch: true };
  return schedule.kind === 'interval'
    ? new Cron('* * * * * *', { ...options, interval: schedule.everySeconds }, fire)
    : new Cron(schedule.expression, options, fire);
}

/** An integration's ticks: its schedule's fire times, each delayed by the integration's spread offset. */
export interface Ticker {
  stop(): void;
  /** When the next tick fires (a delayed tick waiting counts). */
  nextRun(): Date | null;
}

export function tickerFor(schedule: Schedule, timezone: string, offsetMs: number, fire: () => void): Ticker {
  const delayed = new Map<NodeJS.Timeout, number>();
  // An interval's first tick comes at once (activating starts the first sync); the ones after it spread.
  let firstInterval = schedule.kind === 'interval';
  const cron = cronFor(schedule, timezone, () => {
    if (offsetMs === 0 || firstInterval) {
      firstInterval = false;
      return fire();
    }
    const timer = setTimeout(() => {
      delayed.delete(timer);
      fire();
    }, offsetMs);
    delayed.set(timer, Date.now() + offsetMs);
  });
  return {
    stop() {
      cron.stop();
      for (const timer of delayed.keys()) clearTimeout(timer);
      delayed.clear();
    },
    nextRun() {
      const scheduled = cron.nextRun();
      const offset = firstInterval ? 0 : offsetMs;
      const times = [...delayed.values(), ...(scheduled ? [scheduled.getTime() + offset] : [])];
      return times.length === 0 ? null : new Date(Math.min(...times));
    },
  };
}
