import { createHash } from 'node:crypto';
import { Cron } from 'croner';
import type { Schedule } from '@isync/core';

/*
 * Schedules spread: a thousand integrations on `* * * * *` would all fire at :00 and queue behind each
 * other. Each integration fires at a stable offset within its period instead, derived from its id (the same
 * in every process and after every restart, so embedded and queue mode agree). A cron whose user asks for
 * its exact times (`spread: false`) keeps them.
 */

/** Offsets stay within the first five minutes: an hourly or daily schedule still runs near its hour. */
export const SPREAD_WINDOW_MAX_MS = 5 * 60_000;

/** The schedule's period: an interval's length, or the gap between a cron's next two fire times. */
export function periodMs(schedule: Schedule, timezone: string, from = new Date()): number {
  if (schedule.kind === 'interval') return schedule.everySeconds * 1000;
  const [first, second] = new Cron(schedule.expression, { timezone, paused: true }).nextRuns(2, from);
  return first && second ? second.getTime() - first.getTime() : 0;
}

/** Where in its period an integration fires: a whole number of ms, from 0 up to (not reaching) the window. */
export function spreadOffsetMs(integrationId: string, period: number): number {
  const window = Math.min(period, SPREAD_WINDOW_MAX_MS);
  if (window < 2000) return 0;
  const hash = createHash('sha256').update(integrationId).digest().readUInt32BE(0);
  return hash % window;
}

/** The integration's offset for its schedule; 0 for a cron that keeps its exact times. */
export function offsetFor(integrationId: string, schedule: Schedule, timezone: string): number {
  if (schedule.kind === 'cron' && schedule.spread === false) return 0;
  return spreadOffsetMs(integrationId, periodMs(schedule, timezone));
}
